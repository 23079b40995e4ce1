"""Who may see and move what: the one place that answers it, through guardian object permissions.

Object permissions are derived data. ``parcours_sync_permissions`` and
``person_sync_permissions`` compute who should hold them from the parcours' referents and the
structure's managers, then add and remove rows to match; services call them whenever one of
those inputs changes, so no permission is ever left behind.

- A parcours' followers (referent and co-referents, while they are counsellors of its
  structure) hold view, change and transition on it, and view and change on its person.
- The structure's managers, through the structure's guardian group, hold view, change,
  transition and reassign on every parcours of the structure and view and change on its persons.
- A person with no parcours yet stays visible to the counsellor who registered them.
"""

from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_migrate

from organisations.models import Membership, User
from organisations.services import structure_managers_group
from parcours.hooks import run_parcours_syncers
from parcours.models import (
    Parcours,
    ParcoursGroupObjectPermission,
    ParcoursUserObjectPermission,
    Person,
    PersonGroupObjectPermission,
    PersonUserObjectPermission,
)

FOLLOWER_PARCOURS_PERMS = ("view_parcours", "change_parcours", "transition_parcours")
MANAGER_PARCOURS_PERMS = (*FOLLOWER_PARCOURS_PERMS, "reassign_parcours")
PERSON_PERMS = ("view_person", "change_person")


_permission_ids: dict[str, int] = {}


def permission_id(codename: str) -> int:
    """Id of one of this app's permissions, cached: filtering on the id lets PostgreSQL use the
    (owner, permission, object) unique index of the permission tables instead of joining
    auth_permission on every list query."""
    if codename not in _permission_ids:
        _permission_ids.update(
            Permission.objects.filter(content_type__app_label="parcours").values_list("codename", "pk")
        )
    return _permission_ids[codename]


def _forget_permission_ids(**kwargs) -> None:
    _permission_ids.clear()  # a flush or migrate may recreate the rows with new ids


post_migrate.connect(_forget_permission_ids, dispatch_uid="parcours_forget_permission_ids")


def _sync(user_model, group_model, obj, *, users: dict[int, tuple[str, ...]], groups: dict[int, tuple[str, ...]]):
    """Make the object's user and group permission rows exactly the wanted ones."""
    permission_ids = dict(
        Permission.objects.filter(
            content_type__app_label=obj._meta.app_label, content_type__model=obj._meta.model_name
        ).values_list("codename", "pk")
    )
    for model, owner_field, wanted in ((user_model, "user_id", users), (group_model, "group_id", groups)):
        wanted_rows = {(owner, permission_ids[code]) for owner, codes in wanted.items() for code in codes}
        existing = dict(
            ((owner, perm), pk)
            for pk, owner, perm in model.objects.filter(content_object=obj).values_list(
                "pk", owner_field, "permission_id"
            )
        )
        stale = [pk for key, pk in existing.items() if key not in wanted_rows]
        if stale:
            model.objects.filter(pk__in=stale).delete()
        missing = wanted_rows - existing.keys()
        if missing:
            model.objects.bulk_create(
                [model(content_object=obj, permission_id=perm, **{owner_field: owner}) for owner, perm in missing]
            )


def parcours_followers(parcours: Parcours) -> set[int]:
    """Referent and co-referents who are still counsellors of the parcours' structure."""
    candidates = {parcours.referent_id, *parcours.co_referents.values_list("pk", flat=True)}
    return set(
        Membership.objects.filter(
            user_id__in=candidates, organisation_id=parcours.structure_id, role=Membership.Role.COUNSELLOR
        ).values_list("user_id", flat=True)
    )


def parcours_sync_permissions(parcours: Parcours) -> None:
    managers = structure_managers_group(parcours.structure)
    _sync(
        ParcoursUserObjectPermission,
        ParcoursGroupObjectPermission,
        parcours,
        users={user_id: FOLLOWER_PARCOURS_PERMS for user_id in parcours_followers(parcours)},
        groups={managers.pk: MANAGER_PARCOURS_PERMS},
    )
    person_sync_permissions(parcours.person)
    run_parcours_syncers(parcours=parcours)


def person_sync_permissions(person: Person) -> None:
    # Serialise concurrent syncs of one person (two parcours changing at once) on its row.
    Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True).first()
    all_parcours = list(person.parcours.select_related("structure").prefetch_related("co_referents"))
    users: set[int] = set()
    structures = {person.structure}
    for parcours in all_parcours:
        users |= parcours_followers(parcours)
        structures.add(parcours.structure)
    if (
        not all_parcours
        and person.created_by_id
        and Membership.objects.filter(
            user_id=person.created_by_id, organisation_id=person.structure_id, role=Membership.Role.COUNSELLOR
        ).exists()
    ):
        users.add(person.created_by_id)
    _sync(
        PersonUserObjectPermission,
        PersonGroupObjectPermission,
        person,
        users={user_id: PERSON_PERMS for user_id in users},
        groups={structure_managers_group(structure).pk: PERSON_PERMS for structure in structures},
    )


PERM_TABLES = {
    Parcours: (ParcoursUserObjectPermission, ParcoursGroupObjectPermission),
    Person: (PersonUserObjectPermission, PersonGroupObjectPermission),
}

# The selectors annotate each row with these, so that lists answer "may I?" without a query per row.
ANNOTATIONS = {
    "transition_parcours": "can_transition",
    "reassign_parcours": "can_reassign",
    "change_person": "can_change",
}


def holds_perm(user: User, model, codename: str, ref: str = "pk"):
    """An SQL expression, for .annotate(), true when the user holds the permission on the row
    (or, with ``ref``, on the row that field of the annotated row points at)."""
    user_perms, group_perms = PERM_TABLES[model]
    permission = permission_id(codename)
    return Exists(
        user_perms.objects.filter(content_object=OuterRef(ref), user=user, permission_id=permission)
    ) | Exists(group_perms.objects.filter(content_object=OuterRef(ref), permission_id=permission, group__user=user))


def user_can(user: User, codename: str, obj: Parcours | Person) -> bool:
    """Whether the user holds the object permission. Superuser status grants nothing here:
    only the permissions the services derived from memberships count (as in the selectors)."""
    annotated = getattr(obj, ANNOTATIONS.get(codename, ""), None)
    if annotated is not None:
        return bool(annotated)
    model = type(obj)
    return model.objects.filter(pk=obj.pk).filter(holds_perm(user, model, codename)).exists()
