"""Writing a valid import in batches, with its journal rows and object permissions."""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.utils import timezone

from audit.models import Event
from audit.services import audit_event, audit_many
from organisations.models import Membership, Organisation, User
from organisations.services import structure_managers_group
from parcours.imports.format import BATCH_SIZE, COLUMNS, Progress
from parcours.imports.matching import Plan
from parcours.models import (
    Parcours,
    ParcoursGroupObjectPermission,
    ParcoursUserObjectPermission,
    Person,
    PersonGroupObjectPermission,
    PersonUserObjectPermission,
    Phase,
    PhaseTransition,
)
from parcours.permissions import FOLLOWER_PARCOURS_PERMS, MANAGER_PARCOURS_PERMS, PERSON_PERMS, permission_id

# bulk_create and bulk_update send no model signal: the audit entries are written here, in bulk.
IMPORTED = {"source": "import"}


def write_plan(plan: Plan, *, actor: User, structure: Organisation, progress: Progress | None) -> None:
    now = timezone.now()
    total = len(plan.new_persons) + len(plan.updated_persons) + len(plan.new_parcours)
    for person in plan.updated_persons:
        person.version += 1
        person.updated_at = now
    for start in range(0, len(plan.updated_persons), BATCH_SIZE):
        batch = plan.updated_persons[start : start + BATCH_SIZE]
        Person.objects.bulk_update(
            batch, [column.person_field for column in COLUMNS if column.person_field] + ["version", "updated_at"]
        )
        audit_many(event=Event.UPDATE, actor=actor, instances=batch, details=IMPORTED)
        if progress:
            progress("write", len(batch), total)
    for start in range(0, len(plan.new_persons), BATCH_SIZE):
        batch = [person for _, person in plan.new_persons[start : start + BATCH_SIZE]]
        for person in batch:
            person.created_by = actor
        Person.objects.bulk_create(batch)
        audit_many(event=Event.CREATE, actor=actor, instances=batch, details=IMPORTED)
        if progress:
            progress("write", len(batch), total)
    managers = structure_managers_group(structure)
    for start in range(0, len(plan.new_parcours), BATCH_SIZE):
        batch = plan.new_parcours[start : start + BATCH_SIZE]
        created = Parcours.objects.bulk_create(
            [
                Parcours(
                    person=person,
                    structure=structure,
                    phase=row.phase,
                    phase_changed_at=now,
                    entry_date=row.entry_date,
                    referent_id=row.referent_id,
                    exit_date=row.exit_date if row.phase == Phase.EXITED else None,
                    exit_reason_id=row.exit_reason_id if row.phase == Phase.EXITED else None,
                )
                for row, person in batch
            ]
        )
        PhaseTransition.objects.bulk_create(
            [
                PhaseTransition(
                    parcours=parcours,
                    name="import",
                    source="",
                    target=parcours.phase,
                    actor=actor,
                    occurred_at=now,
                    effective_date=parcours.entry_date,
                    details={"source": "import"}
                    | ({"exit_reason": parcours.exit_reason_id} if parcours.exit_reason_id else {}),
                )
                for parcours in created
            ]
        )
        audit_many(event=Event.CREATE, actor=actor, instances=created, details=IMPORTED)
        _grant_new_parcours_permissions(created, managers_group_id=managers.pk)
        persons_sync_permissions_bulk({parcours.person_id for parcours in created})
        if progress:
            progress("write", len(batch), total)
    audit_event(
        event=Event.IMPORT,
        actor=actor,
        instance=structure,
        details={
            "persons_created": len(plan.new_persons),
            "persons_updated": len(plan.updated_persons),
            "parcours_created": len(plan.new_parcours),
        },
    )


# -- object permissions, in bulk ---------------------------------------------------------------
# The same rows as parcours.permissions.parcours_sync_permissions and person_sync_permissions,
# computed for a batch in a fixed number of queries (tests/parcours/test_import.py checks that a
# per-object sync afterwards changes nothing).


def _grant_new_parcours_permissions(created: list[Parcours], *, managers_group_id: int) -> None:
    """A new imported parcours has no co-referent, and its referent was checked to be a counsellor
    of its structure: the referent is its only follower. It has no placement or enrolment yet,
    so the parcours syncers of the other apps have nothing to do."""
    ParcoursUserObjectPermission.objects.bulk_create(
        [
            ParcoursUserObjectPermission(
                content_object=parcours, user_id=parcours.referent_id, permission_id=permission_id(code)
            )
            for parcours in created
            for code in FOLLOWER_PARCOURS_PERMS
        ]
    )
    ParcoursGroupObjectPermission.objects.bulk_create(
        [
            ParcoursGroupObjectPermission(
                content_object=parcours, group_id=managers_group_id, permission_id=permission_id(code)
            )
            for parcours in created
            for code in MANAGER_PARCOURS_PERMS
        ]
    )


def persons_sync_permissions_bulk(person_ids: Iterable[int]) -> None:
    """person_sync_permissions for many persons at once: followers of all their parcours (or the
    counsellor who registered a person with no parcours), and the managers' groups of their
    structures."""
    ids = sorted(set(person_ids))
    if not ids:
        return
    persons = {
        pk: (structure_id, created_by_id)
        for pk, structure_id, created_by_id in Person.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", "structure_id", "created_by_id")
    }
    parcours_rows = list(
        Parcours.objects.filter(person_id__in=ids).values_list("pk", "person_id", "structure_id", "referent_id")
    )
    co_referents: dict[int, list[int]] = defaultdict(list)
    for parcours_id, user_id in Parcours.co_referents.through.objects.filter(parcours__person_id__in=ids).values_list(
        "parcours_id", "user_id"
    ):
        co_referents[parcours_id].append(user_id)
    # (person, user, structure where the user must counsel for it to count)
    candidates: list[tuple[int, int, int]] = []
    structures_of: dict[int, set[int]] = {pk: {structure_id} for pk, (structure_id, _) in persons.items()}
    has_parcours = set()
    for parcours_id, person_id, structure_id, referent_id in parcours_rows:
        has_parcours.add(person_id)
        structures_of[person_id].add(structure_id)
        for user_id in (referent_id, *co_referents.get(parcours_id, [])):
            candidates.append((person_id, user_id, structure_id))
    for pk, (structure_id, created_by_id) in persons.items():
        if pk not in has_parcours and created_by_id:
            candidates.append((pk, created_by_id, structure_id))
    counsels = set(
        Membership.objects.filter(
            role=Membership.Role.COUNSELLOR,
            user_id__in={user_id for _, user_id, _ in candidates},
            organisation_id__in={structure_id for _, _, structure_id in candidates},
        ).values_list("user_id", "organisation_id")
    )
    groups = _managers_groups({structure for structures in structures_of.values() for structure in structures})
    perms = [permission_id(code) for code in PERSON_PERMS]
    wanted_users = {
        (person_id, user_id, perm)
        for person_id, user_id, structure_id in candidates
        if (user_id, structure_id) in counsels
        for perm in perms
    }
    wanted_groups = {
        (person_id, groups[structure_id], perm)
        for person_id, structures in structures_of.items()
        for structure_id in structures
        for perm in perms
    }
    for model, owner_field, wanted in (
        (PersonUserObjectPermission, "user_id", wanted_users),
        (PersonGroupObjectPermission, "group_id", wanted_groups),
    ):
        existing = {
            (object_id, owner, perm): pk
            for pk, object_id, owner, perm in model.objects.filter(content_object_id__in=ids).values_list(
                "pk", "content_object_id", owner_field, "permission_id"
            )
        }
        stale = [pk for key, pk in existing.items() if key not in wanted]
        if stale:
            model.objects.filter(pk__in=stale).delete()
        missing = wanted - existing.keys()
        if missing:
            model.objects.bulk_create(
                [
                    model(content_object_id=object_id, permission_id=perm, **{owner_field: owner})
                    for object_id, owner, perm in sorted(missing)
                ]
            )


def _managers_groups(structure_ids: set[int]) -> dict[int, int]:
    """Structure id -> id of its managers' group (the groups exist once the structure has a
    manager; a missing one is created as structure_managers_group would)."""
    names = {f"structure-{pk}-managers": pk for pk in structure_ids}
    found = {names[name]: pk for name, pk in Group.objects.filter(name__in=names).values_list("name", "pk")}
    for structure_id in structure_ids - found.keys():
        found[structure_id] = structure_managers_group(Organisation(pk=structure_id)).pk
    return found
