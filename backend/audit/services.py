"""Writing the audit entries the model signals do not: reads of a person's file, logins,
exports, imports, and the rows written in bulk (bulk_create sends no signal)."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType

from audit.models import ACTION_OF_EVENT, AuditEntry, Event
from audit.registration import describe

_ACCESS = AuditEntry.Action.ACCESS


def _entry(
    *, event: str, actor=None, instance=None, details: dict | None = None, request_fields=None, **fields
) -> AuditEntry:
    entry = AuditEntry(
        event=event,
        action=ACTION_OF_EVENT.get(event, _ACCESS),
        actor=actor,
        additional_data=details or None,
        **fields,
    )
    if instance is not None:
        entry.content_type = ContentType.objects.get_for_model(instance)
        entry.object_pk = str(instance.pk)
        entry.object_id = instance.pk
        for key, value in describe(instance).items():
            setattr(entry, key, value)
    entry.object_repr = entry.object_repr or ""
    entry.fill_from_request(request_fields)
    return entry


def audit_event(*, event: str, actor=None, instance=None, details: dict | None = None, **fields) -> AuditEntry:
    """One entry: a login, a logout, an export or an import, about ``instance`` when there is one."""
    entry = _entry(event=event, actor=actor, instance=instance, details=details, **fields)
    entry.save()
    return entry


def audit_many(*, event: str, actor, instances: Iterable, details: dict | None = None, changes_of=None) -> int:
    """One entry per object, in one INSERT: the reads of a page of a journal, the parcours of an
    export, the rows an import created, an attendance sheet (``changes_of(instance)``: its changes)."""
    request_fields = AuditEntry.request_fields(actor)
    entries = [
        _entry(
            event=event,
            actor=actor,
            instance=instance,
            details=details,
            request_fields=request_fields,
            **({"changes": changes_of(instance)} if changes_of else {}),
        )
        for instance in instances
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


def audit_parcours_export(*, actor, parcours: Iterable[tuple[int, int, int]], details: dict) -> int:
    """One export entry per parcours in a file (``(pk, structure_id, person_id)`` triples), so
    that the export shows in each person's « who looked at this file »."""
    from parcours.models import Parcours

    rows = (Parcours(pk=pk, structure_id=structure_id, person_id=person_id) for pk, structure_id, person_id in parcours)
    return audit_many(event=Event.EXPORT, actor=actor, instances=rows, details=details)


def audit_read(*, actor, instance, view: str) -> AuditEntry:
    """``actor`` opened part of a person's file: the person, a parcours, its journal or timeline."""
    return audit_event(event=Event.READ, actor=actor, instance=instance, details={"view": view})
