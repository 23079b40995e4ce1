"""Side effects on persons and parcours. Every function is atomic and keyword-only; each one
keeps the object permissions in step (parcours.permissions) and logs phase changes."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition

from organisations.models import Membership, Organisation, User
from organisations.selectors import has_role
from parcours.hooks import run_exit_closers
from parcours.models import Parcours, Person, Phase, PhaseTransition, Programme
from parcours.permissions import holds_perm, parcours_sync_permissions, person_sync_permissions, user_can
from parcours.transitions import REGISTRY, transition_options
from tremplin.errors import DomainError, Forbidden, StaleWrite, TransitionNotAllowed

PERSON_EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "birth_name",
    "birth_date",
    "email",
    "phone",
    "address",
    "postal_code",
    "city",
    "pass_iae_number",
    "pass_iae_start",
    "pass_iae_end",
    "eligibility",
)


def _require_staff_of(user: User, structure: Organisation, *, field: str) -> None:
    if not (
        has_role(user=user, organisation_id=structure.pk, role=Membership.Role.COUNSELLOR)
        or has_role(user=user, organisation_id=structure.pk, role=Membership.Role.MANAGER)
    ):
        raise DomainError(
            "Vous n'accompagnez pas de personnes dans cette structure.", code="not_staff_of_structure", field=field
        )


def _check_pass_iae(fields: dict[str, Any]) -> None:
    start, end = fields.get("pass_iae_start"), fields.get("pass_iae_end")
    if start and end and end < start:
        raise DomainError("La fin du PASS IAE précède son début.", code="pass_iae_dates", field="pass_iae_end")


@transaction.atomic
def person_create(*, actor: User, structure: Organisation, **fields: Any) -> Person:
    _require_staff_of(actor, structure, field="structure")
    _check_pass_iae(fields)
    person = Person(structure=structure, created_by=actor, **fields)
    person.full_clean()
    person.save()
    person_sync_permissions(person)
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, version: int, **fields: Any) -> Person:
    if not user_can(actor, "change_person", person):
        raise Forbidden("Vous pouvez consulter cette fiche mais pas la modifier.")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.version != version:
        raise StaleWrite(current_version=person.version)
    unknown = set(fields) - set(PERSON_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(person, name, value)
    _check_pass_iae({"pass_iae_start": person.pass_iae_start, "pass_iae_end": person.pass_iae_end})
    person.full_clean()
    person.version += 1
    person.save()
    return person


def _check_followers(structure: Organisation, referent: User, co_referents: Iterable[User]) -> None:
    counsellors = set(
        Membership.objects.filter(organisation=structure, role=Membership.Role.COUNSELLOR).values_list(
            "user_id", flat=True
        )
    )
    if referent.pk not in counsellors:
        raise DomainError(
            f"{referent} n'est pas accompagnateur·rice de {structure}.",
            code="referent_not_counsellor",
            field="referent",
        )
    strangers = [str(user) for user in co_referents if user.pk not in counsellors]
    if strangers:
        raise DomainError(
            f"Pas accompagnateur·rice de {structure} : {', '.join(strangers)}.",
            code="co_referent_not_counsellor",
            field="co_referents",
        )


@transaction.atomic
def parcours_create(
    *,
    actor: User,
    person: Person,
    structure: Organisation,
    entry_date: date,
    referent: User | None = None,
    co_referents: Iterable[User] = (),
    programme: Programme | None = None,
    comment: str = "",
) -> Parcours:
    _require_staff_of(actor, structure, field="structure")
    is_manager = has_role(user=actor, organisation_id=structure.pk, role=Membership.Role.MANAGER)
    if referent is None:
        if is_manager and not has_role(user=actor, organisation_id=structure.pk, role=Membership.Role.COUNSELLOR):
            raise DomainError("Choisissez le ou la référent·e du parcours.", code="required", field="referent")
        referent = actor
    elif referent != actor and not is_manager:
        raise DomainError(
            "Seule la direction peut confier un parcours à un·e autre accompagnateur·rice.",
            code="referent_not_self",
            field="referent",
        )
    co_referents = [user for user in co_referents if user != referent]
    if co_referents and not is_manager:
        # Naming co-referents opens the person's file to them: a manager's decision (DESIGN §5).
        raise DomainError(
            "Seule la direction peut nommer des co-référent·es.", code="co_referents_by_manager", field="co_referents"
        )
    _check_followers(structure, referent, co_referents)
    if programme is not None and programme.structure_id != structure.pk:
        raise DomainError(
            "Ce programme n'appartient pas à cette structure.", code="programme_mismatch", field="programme"
        )
    if entry_date > structure.today():
        raise DomainError(
            "La date d'entrée ne peut pas être dans le futur.", code="entry_in_future", field="entry_date"
        )
    if Parcours.objects.filter(person=person, structure=structure).exclude(phase=Phase.EXITED).exists():
        raise DomainError(
            "Cette personne a déjà un parcours ouvert dans cette structure.",
            code="open_parcours_exists",
            field="person",
        )
    try:
        with transaction.atomic():
            parcours = Parcours.objects.create(
                person=person, structure=structure, programme=programme, entry_date=entry_date, referent=referent
            )
    except IntegrityError:
        # Two creations raced past the check above; the partial unique index refused the second.
        raise DomainError(
            "Cette personne a déjà un parcours ouvert dans cette structure.",
            code="open_parcours_exists",
            field="person",
        ) from None
    parcours.co_referents.set(co_referents)
    PhaseTransition.objects.create(
        parcours=parcours,
        name="create",
        source="",
        target=Phase.ENTRY,
        actor=actor,
        effective_date=entry_date,
        comment=comment,
    )
    parcours_sync_permissions(parcours)
    return parcours


@transaction.atomic
def parcours_reassign(
    *,
    actor: User,
    parcours: Parcours,
    referent: User,
    co_referents: Iterable[User] | None = None,
    version: int,
) -> Parcours:
    if not user_can(actor, "reassign_parcours", parcours):
        raise Forbidden("Seule la direction de la structure peut réaffecter un parcours.")
    locked = Parcours.objects.select_for_update(of=("self",)).select_related("structure", "person").get(pk=parcours.pk)
    if locked.version != version:
        raise StaleWrite(current_version=locked.version)
    co_list = list(locked.co_referents.all()) if co_referents is None else list(co_referents)
    co_list = [user for user in co_list if user != referent]
    _check_followers(locked.structure, referent, co_list)
    locked.referent = referent
    locked.version += 1
    locked.save(update_fields=["referent", "version", "updated_at"])
    locked.co_referents.set(co_list)
    parcours_sync_permissions(locked)
    return locked


@transaction.atomic
def parcours_bulk_reassign(*, actor: User, parcours_ids: list[int], referent: User) -> list[Parcours]:
    """Give several parcours to another counsellor at once: all of them or none. Co-referents
    stay; object permissions follow each parcours. The rows are locked in id order, so that two
    bulk reassignments cannot deadlock."""
    allowed = Parcours.objects.filter(pk__in=parcours_ids).filter(holds_perm(actor, Parcours, "reassign_parcours"))
    if allowed.count() != len(set(parcours_ids)):  # before locking anything
        raise Forbidden("Seule la direction de la structure peut réaffecter ces parcours.")
    locked = list(
        Parcours.objects.select_for_update(of=("self",))
        .select_related("structure", "person")
        .filter(pk__in=parcours_ids)
        .order_by("pk")
    )
    # Their persons too, in id order: the permission sync locks each person, and two bulk
    # reassignments taking them in parcours order could otherwise wait on each other.
    list(Person.objects.select_for_update().filter(pk__in={p.person_id for p in locked}).order_by("pk").values("pk"))
    moved = []
    for parcours in locked:
        moved.append(parcours_reassign(actor=actor, parcours=parcours, referent=referent, version=parcours.version))
    return moved


@transaction.atomic
def parcours_fire_transition(*, actor: User, parcours: Parcours, name: str, data: dict[str, Any]) -> PhaseTransition:
    """Fire one phase transition, serialised on the parcours row.

    ``data`` is the validated request body. The row is locked (SELECT ... FOR UPDATE) so that of
    two concurrent requests the second one waits, then sees the new phase and is refused; the
    ConcurrentTransitionMixin save is a second line of defence on databases without row locks.
    """
    spec = REGISTRY[name]
    locked = Parcours.objects.select_for_update().get(pk=parcours.pk)
    locked.structure = parcours.structure  # same row; avoid re-reading it
    options = {option.name: option for option in transition_options(locked, actor)}
    option = options.get(name)
    if option is None or not option.allowed:
        raise TransitionNotAllowed(
            f"La transition « {spec.label} » n'est pas possible depuis la phase « {locked.get_phase_display()} »."
            if option is None
            else f"La transition « {spec.label} » n'est pas possible pour l'instant.",
            transition=name,
            phase=locked.phase,
            reasons=option.reasons
            if option
            else [{"code": "wrong_phase", "message": f"Impossible depuis la phase « {locked.get_phase_display()} »."}],
            available_transitions=[o.name for o in options.values() if o.allowed],
        )
    source = locked.phase
    spec.prepare(locked, data)
    getattr(locked, name)()
    locked.version += 1
    try:
        locked.save()
    except ConcurrentTransition:
        raise TransitionNotAllowed(
            "Le parcours a changé de phase pendant votre demande. Rechargez-le.",
            code="concurrent_transition",
            transition=name,
            phase=source,
            reasons=[],
            available_transitions=[],
        ) from None
    details: dict[str, Any] = {}
    if name == "exit":
        details["closed"] = run_exit_closers(parcours=locked, actor=actor, exit_date=locked.exit_date)
        details["exit_reason"] = locked.exit_reason_id
    return PhaseTransition.objects.create(
        parcours=locked,
        name=name,
        source=source,
        target=locked.phase,
        actor=actor,
        occurred_at=timezone.now(),
        effective_date=getattr(locked, spec.effective_date_field) if spec.effective_date_field else None,
        comment=data.get("comment", ""),
        details=details,
    )
