"""Side effects on the follow-up journal (follow-ups, barriers, actions, appointments). Every
function is atomic and keyword-only. Writing needs change_parcours on the parcours (its
followers and the structure's managers); an edit carries the version it was based on."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from organisations.models import Membership, User
from parcours.models import Action, Appointment, Barrier, BarrierChange, FollowUp, JournalEntry, Parcours
from parcours.permissions import user_can
from tremplin.errors import DomainError, Forbidden, StaleWrite

EDITABLE = {
    FollowUp: ("kind", "occurred_at", "duration_minutes", "note"),
    Barrier: ("type", "status", "support", "support_by", "identified_on", "resolved_on"),
    Action: ("title", "status", "due_date", "owner", "barrier"),
    Appointment: ("kind", "starts_at", "place", "attendance"),
}


def _require_writer(actor: User, parcours: Parcours) -> None:
    if not user_can(actor, "change_parcours", parcours):
        raise Forbidden("Seuls les référents du parcours et la direction de la structure tiennent son journal.")


def _check(entry: JournalEntry, *, actor: User, changed: set[str]) -> None:
    """The rules that involve more than one field or something else than the entry; ``changed``
    names the fields this write sets to a new value."""
    parcours = entry.parcours
    now = timezone.now()
    if isinstance(entry, FollowUp) and entry.occurred_at > now + dt.timedelta(minutes=5):
        raise DomainError("Un suivi se note une fois qu'il a eu lieu.", code="follow_up_in_future", field="occurred_at")
    if isinstance(entry, Appointment) and entry.attendance and entry.starts_at > now:
        raise DomainError(
            "La présence se note une fois le rendez-vous passé.", code="attendance_in_future", field="attendance"
        )
    if isinstance(entry, Barrier):
        if entry.status == Barrier.Status.RESOLVED and entry.resolved_on is None:
            entry.resolved_on = parcours.structure.today()
        if entry.status != Barrier.Status.RESOLVED:
            entry.resolved_on = None
        if entry.resolved_on and entry.resolved_on < entry.identified_on:
            raise DomainError("Un frein est levé après avoir été repéré.", code="barrier_dates", field="resolved_on")
        if entry.support == Barrier.Support.INTERNAL:
            entry.support_by = ""
        if not entry.type.is_active and "type" in changed:  # a retired type stays on the barriers that have it
            raise DomainError("Ce type de frein n'est plus en vigueur.", code="barrier_type_inactive", field="type")
    if isinstance(entry, Action):
        # Only when the owner is chosen: an action whose owner has left can still be closed.
        if (
            "owner" in changed
            and not Membership.objects.filter(
                user=entry.owner, organisation_id=parcours.structure_id, role__in=Membership.STAFF_ROLES
            ).exists()
        ):
            raise DomainError(
                "Le responsable est un·e accompagnateur·rice ou la direction de la structure.",
                code="owner_not_staff",
                field="owner",
            )
        if entry.barrier_id and entry.barrier.parcours_id != parcours.pk:
            raise DomainError("Ce frein est celui d'un autre parcours.", code="barrier_elsewhere", field="barrier")


def _save(entry: JournalEntry) -> None:
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        if isinstance(entry, Barrier):
            raise DomainError(
                "Ce frein est déjà suivi pour ce parcours : mettez à jour celui qui existe.",
                code="barrier_already_open",
                field="type",
            ) from None
        raise


def _log_barrier(barrier: Barrier, *, actor: User, previous_status: str) -> None:
    BarrierChange.objects.create(
        barrier=barrier,
        actor=actor,
        status=barrier.status,
        previous_status=previous_status,
        details={"support": barrier.support, "support_by": barrier.support_by},
    )


@transaction.atomic
def journal_create(*, actor: User, model: type[JournalEntry], parcours: Parcours, **fields: Any) -> JournalEntry:
    _require_writer(actor, parcours)
    unknown = set(fields) - set(EDITABLE[model])
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    entry = model(parcours=parcours, created_by=actor, **fields)
    _check(entry, actor=actor, changed=set(fields))
    _save(entry)
    if isinstance(entry, Barrier):
        _log_barrier(entry, actor=actor, previous_status="")
    return entry


@transaction.atomic
def journal_update(*, actor: User, entry: JournalEntry, version: int, **fields: Any) -> JournalEntry:
    model = type(entry)
    _require_writer(actor, entry.parcours)
    locked = model.objects.select_for_update(of=("self",)).select_related("parcours__structure").get(pk=entry.pk)
    if locked.version != version:
        raise StaleWrite(current_version=locked.version)
    unknown = set(fields) - set(EDITABLE[model])
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    before = (getattr(locked, "status", None), getattr(locked, "support", None), getattr(locked, "support_by", None))
    changed = {name for name, value in fields.items() if getattr(locked, name) != value}
    for name, value in fields.items():
        setattr(locked, name, value)
    _check(locked, actor=actor, changed=changed)
    locked.version += 1
    _save(locked)
    if isinstance(locked, Barrier) and before != (locked.status, locked.support, locked.support_by):
        _log_barrier(locked, actor=actor, previous_status=before[0])
    return locked
