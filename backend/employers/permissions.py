"""Who may see and act on a placement: guardian object permissions, derived by one sync function.

``placement_sync_permissions`` computes who should hold them, then adds and removes rows to
match; the services call it whenever a placement is proposed or changes state.

- The parcours' followers (its referent and co-referents, while counsellors of its structure)
  hold view and change: they propose and cancel.
- The structure's managers, through the structure's guardian group, hold the same.
- The host employer's contacts, through the employer's group, hold view and respond (confirm,
  decline, start, complete, interrupt) while the placement is not declined or cancelled; then
  the permissions are withdrawn and the employer no longer sees it.
"""

from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_migrate

from employers.models import Placement, PlacementGroupObjectPermission, PlacementUserObjectPermission
from organisations.models import User
from organisations.services import employer_contacts_group, structure_managers_group
from parcours.permissions import _sync, parcours_followers

STAFF_PERMS = ("view_placement", "change_placement")
HOST_PERMS = ("view_placement", "respond_placement")

_permission_ids: dict[str, int] = {}


def permission_id(codename: str) -> int:
    """Id of one of this app's permissions, cached (see parcours.permissions.permission_id)."""
    if codename not in _permission_ids:
        _permission_ids.update(
            Permission.objects.filter(content_type__app_label="employers").values_list("codename", "pk")
        )
    return _permission_ids[codename]


def _forget_permission_ids(**kwargs) -> None:
    _permission_ids.clear()


post_migrate.connect(_forget_permission_ids, dispatch_uid="employers_forget_permission_ids")


def placement_sync_permissions(placement: Placement) -> None:
    parcours = placement.parcours
    groups = {structure_managers_group(parcours.structure).pk: STAFF_PERMS}
    if placement.state not in Placement.DROPPED_STATES:
        groups[employer_contacts_group(placement.establishment.employer).pk] = HOST_PERMS
    _sync(
        PlacementUserObjectPermission,
        PlacementGroupObjectPermission,
        placement,
        users={user_id: STAFF_PERMS for user_id in parcours_followers(parcours)},
        groups=groups,
    )


# The selectors annotate each row with these, so that lists answer "may I?" without a query per row.
ANNOTATIONS = {
    "change_placement": "can_change",
    "respond_placement": "can_respond",
}


def holds_perm(user: User, codename: str):
    """An SQL expression, for .annotate(), true when the user holds the permission on the placement."""
    permission = permission_id(codename)
    return Exists(
        PlacementUserObjectPermission.objects.filter(content_object=OuterRef("pk"), user=user, permission_id=permission)
    ) | Exists(
        PlacementGroupObjectPermission.objects.filter(
            content_object=OuterRef("pk"), permission_id=permission, group__user=user
        )
    )


def user_can(user: User, codename: str, placement: Placement) -> bool:
    """Whether the user holds the object permission (superuser status grants nothing here)."""
    annotated = getattr(placement, ANNOTATIONS.get(codename, ""), None)
    if annotated is not None:
        return bool(annotated)
    return Placement.objects.filter(pk=placement.pk).filter(holds_perm(user, codename)).exists()
