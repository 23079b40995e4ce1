"""Side effects on enrolments and VAE applications. Every function is atomic and keyword-only;
each logs an event with its actor (None for the system) and keeps permissions in step."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import Event
from audit.services import audit_many
from notifications.services import notify
from organisations.models import Membership, User
from organisations.selectors import has_role
from parcours.models import Parcours
from parcours.permissions import user_can as user_can_on_parcours
from trainings.models import (
    AttendanceRecord,
    Certification,
    CertificationBloc,
    Enrolment,
    EnrolmentEvent,
    TrainingSession,
    VaeApplication,
    VaeEvent,
)
from trainings.permissions import enrolment_sync_permissions
from trainings.transitions import (
    ENROLMENT_TRANSITIONS,
    VAE_TRANSITIONS,
    enrolment_options,
    vae_options,
    yearly_reason,
)
from tremplin import workflow
from tremplin.dates import add_months
from tremplin.errors import DomainError, Forbidden, TransitionNotAllowed

State = Enrolment.State
VaeState = VaeApplication.State


def _require_parcours_staff(actor: User, parcours: Parcours, what: str) -> None:
    if not user_can_on_parcours(actor, "transition_parcours", parcours):
        raise Forbidden(f"Seuls les référents du parcours et la direction de la structure {what}.")


def _require_open(parcours: Parcours) -> None:
    if not parcours.is_open:
        raise DomainError("Ce parcours est clos.", code="parcours_closed", field="parcours")


# -- enrolments ------------------------------------------------------------------------------


@transaction.atomic
def enrolment_apply(*, actor: User, parcours: Parcours, session: TrainingSession, comment: str = "") -> Enrolment:
    """Apply for a session on behalf of a parcours the actor follows (or manages)."""
    _require_parcours_staff(actor, parcours, "inscrivent une personne en formation")
    # Locked, as an exit locks it: an application cannot slip past an exit running at the same time.
    parcours = (
        Parcours.objects.select_for_update(of=("self",)).select_related("structure", "person").get(pk=parcours.pk)
    )
    _require_open(parcours)
    if session.end_date < parcours.structure.today():
        raise DomainError("Cette session est terminée.", code="session_over", field="session")
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(parcours=parcours, session=session, applied_by=actor)
    except IntegrityError:
        raise DomainError(
            "Ce parcours est déjà inscrit à cette session.", code="already_enrolled", field="session"
        ) from None
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        name="apply",
        source="",
        target=State.APPLIED,
        actor=actor,
        effective_date=parcours.structure.today(),
        comment=comment,
    )
    enrolment_sync_permissions(enrolment)
    person = parcours.person
    notify(
        users=User.objects.filter(
            is_active=True,
            memberships__organisation_id=session.training_body_id,
            memberships__role=Membership.Role.TRAINER,
        ).distinct(),
        kind="enrolment_applied",
        title=f"Nouvelle candidature : {person.first_name} {person.last_name}, {session}",
        body=f"Proposée par {actor.get_full_name() or actor.email}. Acceptez-la ou refusez-la depuis Tremplin.",
        link=f"/sessions/{session.pk}",
    )
    return enrolment


def _log_enrolment(
    *, enrolment: Enrolment, name: str, source: str, actor: User | None, data: dict[str, Any], effective_date=None
) -> None:
    details = {}
    if name == "complete":
        details = {"result": enrolment.result, "validated_blocs": data.get("validated_blocs", [])}
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        name=name,
        source=source,
        target=enrolment.state,
        actor=actor,
        occurred_at=timezone.now(),
        effective_date=effective_date or enrolment.session.training_body.today(),
        comment=data.get("comment", ""),
        details=details,
    )


@transaction.atomic
def enrolment_fire_transition(*, actor: User, enrolment: Enrolment, name: str, data: dict[str, Any]) -> Enrolment:
    """Fire one enrolment transition, serialised on the enrolment row and, to accept, on the
    session row too: two trainers accepting the last seat at once are served one after the other,
    and the second one sees the session full (409 ``session_full``)."""
    spec = ENROLMENT_TRANSITIONS[name]
    locked = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related(
            "parcours__structure", "parcours__person", "session__training__certification", "session__training_body"
        )
        .get(pk=enrolment.pk)
    )
    if name == "accept":
        locked.session = (
            TrainingSession.objects.select_for_update().select_related("training").get(pk=locked.session_id)
        )
    workflow.require_allowed(
        enrolment_options(locked, actor), spec=spec, state=locked.state, state_label=locked.get_state_display()
    )
    source = locked.state
    workflow.run_and_save(locked, spec=spec, data=data, source=source)
    if name == "complete" and data.get("validated_blocs"):
        certification = locked.session.training.certification
        locked.validated_blocs.set(
            CertificationBloc.objects.filter(certification=certification, number__in=data["validated_blocs"])
        )
    _log_enrolment(enrolment=locked, name=name, source=source, actor=actor, data=data)
    enrolment_sync_permissions(locked)
    if name in ("accept", "refuse"):
        person, session = locked.parcours.person, locked.session
        verb = "acceptée" if name == "accept" else "refusée"
        notify(
            users=[locked.parcours.referent],
            kind="enrolment_accepted" if name == "accept" else "enrolment_refused",
            title=f"Inscription {verb} : {person.first_name} {person.last_name}, {session}",
            body=f"{verb.capitalize()} par {actor.get_full_name() or actor.email}."
            + (" Le motif est visible sur le parcours." if name == "refuse" else ""),
            link=f"/parcours/{locked.parcours_id}",
        )
    return locked


@transaction.atomic
def attendance_record(*, actor: User, session: TrainingSession, date: dt.date, records: list[tuple[int, str]]) -> int:
    """Save one day of a session's attendance sheet, all lines or none. Marking present someone
    accepted is their entry into training: the enrolment moves to attending (and is logged)."""
    if not has_role(user=actor, organisation_id=session.training_body_id, role=Membership.Role.TRAINER):
        raise Forbidden("Seuls les formateurs de l'organisme de formation tiennent la feuille de présence.")
    # One sheet at a time per session: two trainers saving the same day do not interleave.
    session = TrainingSession.objects.select_for_update().select_related("training_body").get(pk=session.pk)
    today = session.training_body.today()
    if not session.start_date <= date <= min(session.end_date, today):
        last = min(session.end_date, today)
        raise DomainError(
            f"La feuille de présence se tient du {session.start_date:%d/%m/%Y} au {last:%d/%m/%Y}."
            if session.start_date <= today
            else f"La session commence le {session.start_date:%d/%m/%Y} : pas encore de feuille de présence.",
            code="attendance_date",
            field="date",
        )
    wanted = dict(records)
    on_sheet = {
        enrolment.pk: enrolment
        for enrolment in Enrolment.objects.select_related("parcours").filter(
            session=session, pk__in=wanted, state__in=[State.ACCEPTED, State.ATTENDING]
        )
    }
    missing = sorted(set(wanted) - on_sheet.keys())
    if missing:
        raise DomainError(
            f"Inscription(s) absente(s) de cette feuille (pas acceptée ou pas en formation) : "
            f"{', '.join(map(str, missing))}.",
            code="not_on_attendance_sheet",
            field="records",
        )
    for pk, status in wanted.items():
        if status == AttendanceRecord.Status.PRESENT and on_sheet[pk].state == State.ACCEPTED:
            enrolment_fire_transition(
                actor=actor, enrolment=on_sheet[pk], name="attend", data={"comment": f"Présent·e le {date:%d/%m/%Y}"}
            )
    previous = dict(
        AttendanceRecord.objects.filter(enrolment_id__in=list(wanted), date=date).values_list("enrolment_id", "status")
    )
    AttendanceRecord.objects.bulk_create(
        [
            AttendanceRecord(enrolment_id=pk, date=date, status=status, recorded_by=actor)
            for pk, status in wanted.items()
        ],
        update_conflicts=True,
        unique_fields=["enrolment", "date"],
        update_fields=["status", "recorded_by", "recorded_at"],
    )
    # An upsert sends no model signal: one audit entry per enrolment on the sheet, in one INSERT.
    audit_many(
        event=Event.UPDATE,
        actor=actor,
        instances=[on_sheet[pk] for pk in wanted],
        details={"attendance_date": date.isoformat()},
        changes_of=lambda enrolment: {"attendance": [previous.get(enrolment.pk), wanted[enrolment.pk]]},
    )
    return len(wanted)


def drop_enrolments_on_exit(*, parcours: Parcours, actor: User | None, exit_date: dt.date) -> list[dict[str, Any]]:
    """Exit closer (parcours.hooks): drops the parcours' open enrolments inside the exit transaction."""
    closed = []
    open_enrolments = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("parcours__structure", "session__training_body")
        .filter(parcours=parcours, state__in=Enrolment.OPEN_STATES)
        .order_by("pk")
    )
    spec = ENROLMENT_TRANSITIONS["drop"]
    for enrolment in open_enrolments:
        source = enrolment.state
        workflow.run_and_save(enrolment, spec=spec, data={}, source=source)
        _log_enrolment(
            enrolment=enrolment,
            name="drop",
            source=source,
            actor=actor,
            data={"comment": "Sortie du parcours"},
            effective_date=exit_date,
        )
        enrolment_sync_permissions(enrolment)
        closed.append(
            {
                "type": "enrolment",
                "id": enrolment.pk,
                "session": enrolment.session_id,
                "from": source,
                "to": enrolment.state,
            }
        )
    return closed


# -- VAE applications --------------------------------------------------------------------------


def other_request_in_year(application: VaeApplication, year: int) -> bool:
    return (
        VaeApplication.objects.filter(
            person_id=application.person_id, certification_id=application.certification_id, request_year=year
        )
        .exclude(pk=application.pk)
        .exists()
    )


@transaction.atomic
def vae_create(
    *,
    actor: User,
    parcours: Parcours,
    certification: Certification,
    certifier: str = "",
    comment: str = "",
    date: dt.date | None = None,
) -> VaeApplication:
    """Open a VAE project. Blocs the person already validated towards this certification (in an
    earlier partial validation) are carried over: they are acquired for good."""
    _require_parcours_staff(actor, parcours, "ouvrent une demande de VAE")
    # Locked as an exit locks it; and serialised on the person, so that two projects for one
    # certification cannot both be opened (from two parcours in two structures).
    parcours = (
        Parcours.objects.select_for_update(of=("self",)).select_related("structure", "person").get(pk=parcours.pk)
    )
    _require_open(parcours)
    type(parcours.person).objects.select_for_update().filter(pk=parcours.person_id).first()
    previous = VaeApplication.objects.filter(person_id=parcours.person_id, certification=certification)
    if previous.filter(state=VaeState.VALIDATED_FULL).exists():
        raise DomainError(
            "Cette personne a déjà obtenu cette certification par la VAE.",
            code="certification_already_validated",
            field="certification",
        )
    if previous.exclude(state__in=VaeApplication.FINAL_STATES).exists():
        raise DomainError(
            "Une demande de VAE vers cette certification est déjà en cours pour cette personne.",
            code="vae_already_open",
            field="certification",
        )
    application = VaeApplication.objects.create(
        parcours=parcours,
        person_id=parcours.person_id,
        certification=certification,
        certifier=certifier,
        created_by=actor,
    )
    acquired = CertificationBloc.objects.filter(
        pk__in=VaeApplication.validated_blocs.through.objects.filter(vaeapplication__in=previous).values(
            "certificationbloc_id"
        )
    )
    application.validated_blocs.add(*acquired)
    VaeEvent.objects.create(
        application=application,
        name="create",
        source="",
        target=VaeState.PROJECT,
        actor=actor,
        effective_date=date or parcours.structure.today(),
        comment=comment,
        details={"carried_over_blocs": sorted(bloc.number for bloc in acquired)},
    )
    return application


def _vae_step(*, application: VaeApplication, name: str, actor: User | None, data: dict[str, Any], details=None):
    """Run one step on a locked application, keep its blocs and log it."""
    spec = VAE_TRANSITIONS[name]
    source = application.state
    workflow.run_and_save(application, spec=spec, data=data, source=source)
    blocs = application.certification.blocs.all()
    if name == "validate_full":
        application.validated_blocs.add(*blocs)
    elif name == "validate_partial":
        application.validated_blocs.add(*[bloc for bloc in blocs if bloc.number in data["validated_blocs"]])
    if name in ("validate_full", "validate_partial"):
        details = {
            **(details or {}),
            "validated_blocs": sorted(application.validated_blocs.values_list("number", flat=True)),
        }
    VaeEvent.objects.create(
        application=application,
        name=name,
        source=source,
        target=application.state,
        actor=actor,
        occurred_at=timezone.now(),
        effective_date=data.get("date") or application.parcours.structure.today(),
        comment=data.get("comment", ""),
        details=details or {},
    )


@transaction.atomic
def vae_fire_transition(*, actor: User, application: VaeApplication, name: str, data: dict[str, Any]) -> VaeApplication:
    spec = VAE_TRANSITIONS[name]
    locked = (
        VaeApplication.objects.select_for_update(of=("self",))
        .select_related("parcours__structure", "certification")
        .get(pk=application.pk)
    )
    workflow.require_allowed(
        vae_options(locked, actor), spec=spec, state=locked.state, state_label=locked.get_state_display()
    )
    if name == "submit_feasibility":
        year = data["date"].year
        if other_request_in_year(locked, year):
            _refuse_yearly(locked, year)
        try:
            with transaction.atomic():
                _vae_step(application=locked, name=name, actor=actor, data=data)
        except IntegrityError:  # a concurrent request for the same person, certification and year
            _refuse_yearly(locked, year)
    else:
        _vae_step(application=locked, name=name, actor=actor, data=data)
    return locked


def _refuse_yearly(application: VaeApplication, year: int):
    raise TransitionNotAllowed(
        "Le dossier de faisabilité ne peut pas être déposé.",
        transition="submit_feasibility",
        state=application.state,
        reasons=[yearly_reason(year)],
        available_transitions=[],
    )


def apply_vae_silence_rule(*, now: dt.datetime) -> str:
    """ "Silence vaut acceptation": a feasibility file the certifier has not answered within 2
    months is admissible. Each application is decided in its own transaction, logged as made by
    the system (no actor), and skipped if someone is moving it at the same moment; a second run
    finds nothing left to do."""
    decided = 0
    candidates = VaeApplication.objects.filter(
        state=VaeState.FEASIBILITY_SUBMITTED,
        # A coarse filter in SQL; each structure's own calendar decides below. The month end clamps
        # (31/12 + 2 months = 28/02), so going back from today can land up to 3 days too early.
        feasibility_submitted_on__lte=add_months(now.date() + dt.timedelta(days=1), -VaeApplication.SILENCE_MONTHS)
        + dt.timedelta(days=3),
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            application = (
                VaeApplication.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("parcours__structure", "parcours__person", "certification")
                .filter(pk=pk, state=VaeState.FEASIBILITY_SUBMITTED)
                .first()
            )
            if application is None:
                continue
            today = now.astimezone(application.parcours.structure.tz).date()
            deadline = add_months(application.feasibility_submitted_on, VaeApplication.SILENCE_MONTHS)
            if deadline > today:
                continue
            application.admissible_by_silence = True
            _vae_step(
                application=application,
                name="declare_admissible",
                actor=None,
                data={"date": deadline, "comment": "Sans réponse du certificateur après 2 mois : recevable."},
                details={"rule": "silence_vaut_acceptation"},
            )
            person = application.parcours.person
            notify(
                users=[application.parcours.referent],
                kind="vae_admissible_by_silence",
                title=f"VAE recevable : {person.first_name} {person.last_name} ({application.certification.code})",
                body="Le certificateur n'a pas répondu dans les 2 mois : le dossier de faisabilité est recevable.",
                link=f"/parcours/{application.parcours_id}",
            )
            decided += 1
    return f"{decided} demande(s) de VAE déclarée(s) recevable(s) par silence du certificateur"
