"""Retention (DESIGN §8): a person whose last parcours exited more than ``RETENTION_DAYS`` ago
(2 years by default), with no activity on their file since, is anonymised by the daily job.

Anonymisation removes the identity, contact details, notes and free text, and brings every date
about the person down to its month. It keeps the phases, the exit reasons and categories, the
programmes and the structures, and each parcours' length in days: the indicators of DESIGN §7,
over periods of whole months, are the same before and after (tests/privacy).
"""

import datetime as dt
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from audit.models import Event
from audit.services import audit_many
from outcomes.aggregates import DaysBetween
from parcours.models import Parcours, Person, Phase
from privacy.person_data import person_models, rows_of

BATCH = 500
ANONYMOUS_NAME = {"first_name": "Personne", "last_name": "anonymisée"}


@dataclass(frozen=True)
class Due:
    person: Person
    last_exit: dt.date
    last_activity: dt.datetime
    due_on: dt.date


def retention() -> dt.timedelta:
    return dt.timedelta(days=settings.RETENTION_DAYS)


def _activity_after(moment: dt.datetime) -> Q:
    """Something was written on the person's file after ``moment``: the person, a parcours, a
    journal entry, a placement, an enrolment, a VAE application (their ``updated_at``)."""
    q = Q(updated_at__gt=moment)
    for model, path in person_models():
        if model is Person or "updated_at" not in {f.name for f in model._meta.concrete_fields}:
            continue
        q |= Exists(model.objects.filter(**{path: OuterRef("pk")}, updated_at__gt=moment))
    return q


def _exited_before(day: dt.date) -> QuerySet[Person]:
    """Persons not yet anonymised, with at least one parcours, all exited, the last on or before ``day``."""
    return (
        Person.objects.filter(anonymised_at__isnull=True)
        .annotate(
            open_parcours=Count("parcours", filter=~Q(parcours__phase=Phase.EXITED)),
            last_exit=Max("parcours__exit_date"),
        )
        .filter(open_parcours=0, last_exit__lte=day)
    )


def due_persons(*, now: dt.datetime, horizon_days: int = 0, structure_ids=None) -> QuerySet[Person]:
    """Who is due for anonymisation at ``now`` (``horizon_days`` later: who comes due by then)."""
    moment = now + dt.timedelta(days=horizon_days) - retention()
    persons = _exited_before(timezone.localdate(moment)).exclude(_activity_after(moment))
    if structure_ids is not None:
        persons = persons.filter(structure_id__in=list(structure_ids))
    return persons.order_by("last_exit", "pk")


def describe_due(persons) -> list[Due]:
    """The due date of each person of a page: their last exit or last activity, plus the retention."""
    persons = list(persons)
    activity = {person.pk: person.updated_at for person in persons}
    for model, path in person_models():
        if model is Person or "updated_at" not in {f.name for f in model._meta.concrete_fields}:
            continue
        for person_id, last in (
            rows_of(model, path, activity)
            .order_by()
            .values(path)
            .annotate(last=Max("updated_at"))
            .values_list(path, "last")
        ):
            activity[person_id] = max(activity[person_id], last)
    return [
        Due(
            person=person,
            last_exit=person.last_exit,
            last_activity=activity[person.pk],
            due_on=max(person.last_exit, timezone.localdate(activity[person.pk])) + retention(),
        )
        for person in persons
    ]


def _is_unique(model, field) -> bool:
    return field.unique or any(
        isinstance(constraint, models.UniqueConstraint) and field.name in constraint.fields
        for constraint in model._meta.constraints
    )


def anonymised_values(model) -> dict:
    """The new value of each field that could identify someone: free text emptied, e-mail and
    phone emptied, dates brought down to their month. Fields a uniqueness rule holds are left as
    they are (one attendance per day: a collective session's dates, not the person's; an alert
    code)."""
    allowed = getattr(model, "ANONYMISABLE_FIELDS", None)
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.is_relation or _is_unique(model, field):
            continue
        if allowed is not None and field.name not in allowed:
            continue
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
            values[field.name] = None if field.null else ""
        elif isinstance(field, (models.DateField, models.DateTimeField)):
            values[field.name] = TruncMonth(field.name)
        elif isinstance(field, models.JSONField) and allowed is not None:
            values[field.name] = {}
    if model is Person:
        values |= ANONYMOUS_NAME | {"birth_date": None, "eligibility": [], "version": F("version") + 1}
    if model is Parcours:
        # Read before the dates are coarsened: one UPDATE evaluates every SET on the old row.
        values |= {"length_days": DaysBetween("exit_date", "entry_date"), "version": F("version") + 1}
    return values


@transaction.atomic
def anonymise(person_ids: list[int], *, now: dt.datetime) -> int:
    """Anonymise these persons and everything about them, in one transaction. The audit trail
    records one entry per person (it never held their identity)."""
    if not person_ids:
        return 0
    with disable_auditlog():  # the entries below say what happened, without the values
        for model, path in reversed(person_models()):
            rows = rows_of(model, path, person_ids)
            values = anonymised_values(model)
            if model is Person:
                values["anonymised_at"] = now
            if values:
                rows.anonymise(**values) if hasattr(rows, "anonymise") else rows.update(**values)
    persons = Person.objects.filter(pk__in=person_ids).only("pk", "structure_id")
    audit_many(
        event=Event.ANONYMISE, actor=None, instances=persons, details={"retention_days": settings.RETENTION_DAYS}
    )
    return len(person_ids)


def retention_job(*, now: dt.datetime, dry_run: bool = False) -> str:
    """The daily rule: anonymise who is due (``dry_run``: list them, change nothing)."""
    due = due_persons(now=now)
    if dry_run:
        lines = [
            f"  personne n° {d.person.pk} (structure n° {d.person.structure_id}) : dernière sortie le "
            f"{d.last_exit:%d/%m/%Y}, dernière activité le {timezone.localtime(d.last_activity):%d/%m/%Y}"
            for d in describe_due(due)
        ]
        return "\n".join([f"{len(lines)} personne(s) seraient anonymisées (simulation, rien n'est modifié)", *lines])
    ids = list(due.values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), BATCH):
        done += anonymise(ids[start : start + BATCH], now=now)
    return f"{done} personne(s) anonymisée(s)"
