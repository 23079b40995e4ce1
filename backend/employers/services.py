"""Side effects on placements. Every function is atomic and keyword-only; each one logs a
PlacementEvent with its actor and keeps the object permissions in step (employers.permissions)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from employers import rules
from employers.models import Establishment, Placement, PlacementEvent
from employers.permissions import placement_sync_permissions
from employers.transitions import REGISTRY, transition_options
from notifications.services import notify
from organisations.models import Membership, User
from parcours.models import Parcours
from parcours.permissions import user_can as user_can_on_parcours
from tremplin import workflow
from tremplin.errors import Forbidden

State, Kind = Placement.State, Placement.Kind


def _check_pmsmp(
    *, parcours: Parcours, establishment: Establishment, start: dt.date, end: dt.date, purpose: str, renewal_of
) -> None:
    rules.check_pmsmp_purpose(purpose=purpose)
    rules.check_pmsmp_duration(start=start, end=end)
    rules.check_pmsmp_prescriber(structure_type=parcours.structure.structure_type)
    if renewal_of is not None:
        rules.check_pmsmp_renewal(
            is_pmsmp=renewal_of.kind == Kind.PMSMP,
            same_parcours_and_host=(renewal_of.parcours_id, renewal_of.establishment_id)
            == (parcours.pk, establishment.pk),
            already_renewal=renewal_of.renewal_of_id is not None,
            renewed=renewal_of.renewals.exclude(state__in=Placement.DROPPED_STATES).exists(),
        )
    # Every live PMSMP of this parcours at the same employer starting in the 12 months before the
    # new end, or later (so that proposing in any order cannot get around the quota).
    previous = Placement.objects.filter(
        parcours=parcours,
        kind=Kind.PMSMP,
        establishment__employer_id=establishment.employer_id,
        start_date__gt=rules.add_months(end, -12),
    ).exclude(state__in=Placement.DROPPED_STATES)
    rules.check_pmsmp_host_quota(start=start, end=end, previous=previous.values_list("start_date", "end_date"))


def _check_mission(
    *, parcours: Parcours, start: dt.date, end: dt.date, purpose: str, renewal_of, position: str, weekly_hours
) -> None:
    rules.check_mission_fields(position=position, weekly_hours=weekly_hours)
    rules.check_mission_extras(purpose=purpose, has_renewal=renewal_of is not None)
    overlapping = (
        Placement.objects.filter(parcours=parcours, kind=Kind.MISSION, start_date__lte=end, end_date__gte=start)
        .exclude(state__in=Placement.DROPPED_STATES)
        .exists()
    )
    rules.check_mission_overlap(overlapping=overlapping)


@transaction.atomic
def placement_propose(
    *,
    actor: User,
    parcours: Parcours,
    establishment: Establishment,
    kind: str,
    start_date: dt.date | None,
    end_date: dt.date | None,
    purpose: str = "",
    renewal_of: Placement | None = None,
    position: str = "",
    weekly_hours: Decimal | None = None,
    comment: str = "",
) -> Placement:
    """Propose a PMSMP or a mission to the host employer, after checking every rule."""
    if not user_can_on_parcours(actor, "transition_parcours", parcours):
        raise Forbidden(
            "Seuls les référents du parcours et la direction de la structure proposent une mise en situation."
        )
    # Serialise proposals for one parcours, so that two of them cannot both pass the quotas.
    parcours = Parcours.objects.select_for_update(of=("self",)).select_related("structure").get(pk=parcours.pk)
    rules.check_parcours_open(is_open=parcours.is_open)
    rules.check_dates(start=start_date, end=end_date)
    if kind == Kind.PMSMP:
        _check_pmsmp(
            parcours=parcours,
            establishment=establishment,
            start=start_date,
            end=end_date,
            purpose=purpose,
            renewal_of=renewal_of,
        )
    else:
        _check_mission(
            parcours=parcours,
            start=start_date,
            end=end_date,
            purpose=purpose,
            renewal_of=renewal_of,
            position=position,
            weekly_hours=weekly_hours,
        )
    placement = Placement.objects.create(
        parcours=parcours,
        establishment=establishment,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        purpose=purpose,
        renewal_of=renewal_of,
        position=position,
        weekly_hours=weekly_hours,
        proposed_by=actor,
    )
    PlacementEvent.objects.create(
        placement=placement, name="propose", source="", target=State.PROPOSED, actor=actor, comment=comment
    )
    placement_sync_permissions(placement)
    _notify(placement=placement, name="propose", actor=actor)
    return placement


# Who hears of which transition, with which notification kind.
NOTIFIED = {"propose": "placement_proposed", "confirm": "placement_confirmed", "decline": "placement_declined"}


def _notify(*, placement: Placement, name: str, actor: User) -> None:
    """In-app rows now, in the caller's transaction; e-mails after its commit. Only the person's
    name goes out, never anything else of their file."""
    kind = NOTIFIED.get(name)
    if kind is None:
        return
    person = placement.parcours.person
    what = placement.get_kind_display()
    where = f"{person.first_name} {person.last_name} à {placement.establishment.name} "
    where += f"du {placement.start_date:%d/%m} au {placement.end_date:%d/%m}"
    by = actor.get_full_name() or actor.email
    if name == "propose":
        users = User.objects.filter(
            is_active=True,
            memberships__organisation_id=placement.establishment.employer_id,
            memberships__role=Membership.Role.EMPLOYER_CONTACT,
        ).distinct()
        title = f"Nouvelle {what[0].lower()}{what[1:]} proposée : {where}"
        body = f"Proposée par {by}. Confirmez-la ou déclinez-la depuis votre espace Tremplin."
        link = f"/placements/{placement.pk}"
    else:
        users = [placement.parcours.referent]
        verb = "confirmée" if name == "confirm" else "déclinée"
        title = f"{what} {verb} : {where}"
        body = f"{verb.capitalize()} par {by}."
        if name == "decline":
            body += " Le motif est visible sur le parcours."
        link = f"/parcours/{placement.parcours_id}"
    notify(users=users, kind=kind, title=title, body=body, link=link)


def _event_details(data: dict[str, Any]) -> dict[str, Any]:
    return {key: str(value) if isinstance(value, Decimal) else value for key, value in data.items() if key != "comment"}


def _apply(*, actor: User | None, placement: Placement, name: str, data: dict[str, Any], comment: str) -> str:
    """Run one transition on a locked placement, save it and log it; returns the source state."""
    source = placement.state
    workflow.run_and_save(placement, spec=REGISTRY[name], data=data, source=source)
    PlacementEvent.objects.create(
        placement=placement,
        name=name,
        source=source,
        target=placement.state,
        actor=actor,
        occurred_at=timezone.now(),
        comment=comment,
        details=_event_details(data),
    )
    placement_sync_permissions(placement)
    return source


@transaction.atomic
def placement_fire_transition(*, actor: User, placement: Placement, name: str, data: dict[str, Any]) -> Placement:
    """Fire one placement transition, serialised on the placement row (as parcours transitions are):
    of two concurrent requests, the second waits, then sees the new state and gets a 409."""
    spec = REGISTRY[name]
    locked = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("parcours__structure", "establishment__employer")
        .get(pk=placement.pk)
    )
    workflow.require_allowed(
        transition_options(locked, actor), spec=spec, state=locked.state, state_label=locked.get_state_display()
    )
    _apply(actor=actor, placement=locked, name=name, data=data, comment=data.get("comment", ""))
    _notify(placement=locked, name=name, actor=actor)
    return locked


def close_placements_on_exit(*, parcours: Parcours, actor: User | None, exit_date: dt.date) -> list[dict[str, Any]]:
    """Exit closer (parcours.hooks): cancels the parcours' proposed and confirmed placements and
    interrupts the running ones, inside the exit transaction."""
    closed = []
    open_placements = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("parcours__structure", "establishment__employer")
        .filter(parcours=parcours, state__in=[State.PROPOSED, State.CONFIRMED, State.IN_PROGRESS])
        .order_by("pk")
    )
    for placement in open_placements:
        name = "interrupt" if placement.state == State.IN_PROGRESS else "cancel"
        source = _apply(actor=actor, placement=placement, name=name, data={}, comment="Sortie du parcours")
        closed.append(
            {"type": "placement", "id": placement.pk, "kind": placement.kind, "from": source, "to": placement.state}
        )
    return closed
