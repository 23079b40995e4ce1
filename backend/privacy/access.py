"""The right-of-access export: everything held on one person (identity, parcours, phase changes,
journal, placements, enrolments, VAE, and the audit of who accessed the file), as JSON and as a
readable HTML document."""

import datetime as dt
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from audit.models import AuditEntry, Event
from audit.services import audit_event
from parcours.models import Person
from privacy.person_data import person_models, rows_of

ORDER = [
    "parcours.Parcours",
    "parcours.PhaseTransition",
    "parcours.FollowUp",
    "parcours.Barrier",
    "parcours.BarrierChange",
    "parcours.Action",
    "parcours.Appointment",
    "employers.Placement",
    "employers.PlacementEvent",
    "trainings.Enrolment",
    "trainings.EnrolmentEvent",
    "trainings.AttendanceRecord",
    "trainings.VaeApplication",
    "trainings.VaeEvent",
]


def _display(obj, field) -> str:
    value = getattr(obj, field.attname)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if field.is_relation:
        return str(getattr(obj, field.name))
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _fields(model) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if field.name not in ("version",)]


def _section(model, rows) -> dict:
    fields = _fields(model)
    return {
        "key": model._meta.model_name,
        "title": str(model._meta.verbose_name_plural).capitalize(),
        "columns": [str(field.verbose_name).capitalize() for field in fields],
        "rows": [{field.attname: getattr(obj, field.attname) for field in fields} for obj in rows],
        "display": [[_display(obj, field) for field in fields] for obj in rows],
    }


def person_file(*, person: Person, actor, file: str) -> dict:
    """Record the export, then read everything about ``person``."""
    audit_event(event=Event.EXPORT, actor=actor, instance=person, details={"file": "droit_d_acces", "format": file})
    rank = {label: index for index, label in enumerate(ORDER)}
    sections = [
        _section(model, rows_of(model, path, [person.pk]).order_by("pk"))
        for model, path in sorted(person_models(), key=lambda item: rank.get(item[0]._meta.label, len(ORDER)))
        if model is not Person
    ]
    trail = (
        AuditEntry.objects.filter(person_id=person.pk)
        .select_related("actor", "content_type")
        .order_by("timestamp", "pk")
    )
    return {
        "generated_at": timezone.now(),
        "person": _section(Person, [person]),
        "sections": sections,
        "audit": [
            {
                "timestamp": entry.timestamp,
                "event": entry.event,
                "event_label": entry.get_event_display(),
                "actor": entry.actor.get_full_name() if entry.actor else "Tremplin (automatique)",
                "object": entry.object_repr,
                "fields": sorted((entry.changes or {}).keys()),
            }
            for entry in trail
        ],
    }


def render_json(data: dict) -> str:
    body = {
        "generated_at": data["generated_at"],
        "person": data["person"]["rows"][0],
        **{section["key"]: section["rows"] for section in data["sections"]},
        "audit": [{key: value for key, value in row.items() if key != "event_label"} for row in data["audit"]],
    }
    return json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def render_html(data: dict) -> str:
    identity = data["person"]
    row = identity["rows"][0]
    return render_to_string(
        "privacy/access.html",
        {
            **data,
            "person_id": row["id"],
            "name": f"{row['first_name']} {row['last_name']}",
            "identity": list(zip(identity["columns"], identity["display"][0], strict=True)),
        },
    )
