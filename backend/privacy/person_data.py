"""Everything held about a person: the models that belong to them (through their parcours, a
barrier, a placement, an enrolment or a VAE application) and the path from each to the person.
The right-of-access export reads these, anonymisation rewrites them."""

import functools

from django.apps import apps
from django.db import models

from parcours.models import Person

APPS = ("parcours", "employers", "trainings")
# Parent relations walked towards the person: from a barrier change to its barrier, its parcours,
# then the person. The audit trail walks the same relations (audit.registration).
PARENTS = ("person", "parcours", "barrier", "placement", "enrolment", "application")


def path_to_person(model, depth: int = 0) -> str | None:
    """The lookup from ``model`` to its person's id ("pk" for Person itself, "parcours__person"
    for a follow-up...), or None when the model is about no person."""
    if model is Person:
        return "pk"
    if depth > 4:
        return None
    for name in PARENTS:
        field = next((f for f in model._meta.concrete_fields if f.name == name), None)
        if isinstance(field, models.ForeignKey):
            rest = path_to_person(field.related_model, depth + 1)
            if rest == "pk":
                return name
            if rest:
                return f"{name}__{rest}"
    return None


@functools.cache
def person_models() -> tuple[tuple[type[models.Model], str], ...]:
    """(model, lookup to the person id) for every model about a person, Person first. Object
    permission rows (access control, not data about the person) are left out."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in APPS or "ObjectPermission" in model.__name__:
            continue
        path = path_to_person(model)
        if path:
            found.append((model, path))
    return tuple(sorted(found, key=lambda item: (item[0] is not Person, item[0]._meta.label)))


def rows_of(model, path: str, person_ids):
    return model.objects.filter(**{f"{path}__in": list(person_ids)})
