"""What the audit trail records about model changes: the models (every model of the project's
apps but bookkeeping ones), the fields left out, the values masked, and, for each entry, the
structure, person and parcours it concerns."""

from auditlog.registry import auditlog
from django.apps import apps
from django.db import models
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor

from privacy.person_data import PARENTS, path_to_person

# Bookkeeping: the optimistic-lock counter, timestamps Django sets, credentials.
EXCLUDED_FIELDS = ["version", "updated_at", "password", "last_login"]
# Rows the system writes for itself, not facts about anyone (the digest's memory of sent alerts).
EXCLUDED_MODELS = {
    "parcours.AlertNotice",
    # Reference lists, loaded from fixtures/reference by load_reference (the files are versioned).
    "parcours.ExitCategory",
    "parcours.ExitReason",
    "parcours.BarrierType",
    "trainings.Certification",
    "trainings.CertificationBloc",
}
AUDITED_APPS = ("organisations", "parcours", "employers", "trainings")
# The person's relations but "person" itself: from an entry up to the parcours it belongs to.
TOWARDS_PARCOURS = tuple(name for name in PARENTS if name != "person")
MASK = "[masqué]"


def mask(value: str) -> str:
    """auditlog's mask (settings.AUDITLOG_MASK_CALLABLE): the change is recorded, not the text."""
    return "" if value in ("", "None") else MASK


def _person_model():
    return apps.get_model("parcours", "Person")


def _parcours_model():
    return apps.get_model("parcours", "Parcours")


def _about_a_person(model) -> bool:
    return path_to_person(model) is not None


def masked_fields(model) -> list[str]:
    """On whatever is about a person: identity, contact details and free text (what anonymisation
    removes, so the append-only trail must never hold it); codes, dates, numbers and links are
    recorded as they are."""
    if not _about_a_person(model):
        return []
    names = []
    for field in model._meta.concrete_fields:
        free_text = isinstance(field, (models.CharField, models.TextField)) and not field.choices
        if free_text or field.name == "birth_date":
            names.append(field.name)
    return names


def register_models() -> None:
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label not in AUDITED_APPS or label in EXCLUDED_MODELS:
            continue
        if "ObjectPermission" in model.__name__ or auditlog.contains(model):
            continue
        m2m = {field.name for field in model._meta.many_to_many if field.name != "user_permissions"}
        auditlog.register(
            model,
            exclude_fields=EXCLUDED_FIELDS,
            mask_fields=masked_fields(model),
            m2m_fields=m2m,
        )


def _parcours_of(instance):
    Parcours = _parcours_model()
    seen = 0
    while instance is not None and not isinstance(instance, Parcours) and seen < 4:
        parent = next((name for name in TOWARDS_PARCOURS if hasattr(type(instance), name)), None)
        instance = getattr(instance, parent, None) if parent else None
        seen += 1
    return instance if isinstance(instance, Parcours) else None


def describe(instance) -> dict:
    """The scope columns and the name of an entry about ``instance``: persons and what belongs to
    their parcours are named by type and number, never by the person's name."""
    Person = _person_model()
    meta = instance._meta
    if isinstance(instance, Person):
        return {
            "structure_id": instance.structure_id,
            "person_id": instance.pk,
            "object_repr": f"{meta.verbose_name} n° {instance.pk}",
        }
    parcours = _parcours_of(instance)
    if parcours is not None:
        return {
            "structure_id": parcours.structure_id,
            "person_id": parcours.person_id,
            "parcours_id": parcours.pk,
            "object_repr": f"{meta.verbose_name} n° {instance.pk}",
        }
    if isinstance(getattr(type(instance), "person", None), ForwardManyToOneDescriptor):
        person = instance.person
        if isinstance(person, Person):
            return {
                "structure_id": person.structure_id,
                "person_id": person.pk,
                "object_repr": f"{meta.verbose_name} n° {instance.pk}",
            }
    structure_id = getattr(instance, "structure_id", None) or getattr(instance, "organisation_id", None)
    if meta.label == "organisations.Organisation":
        structure_id = instance.pk
    return {"structure_id": structure_id} if structure_id else {}
