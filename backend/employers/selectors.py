"""Reads, always scoped to what the requesting user may see (guardian object permissions)."""

from django.db.models import QuerySet

from employers.models import Establishment, Placement, PlacementGroupObjectPermission, PlacementUserObjectPermission
from employers.permissions import holds_perm, permission_id
from organisations.models import Membership, User
from organisations.selectors import organisation_ids_for


def placement_scope(*, user: User) -> QuerySet[Placement]:
    """The placements the user may see, bare: one ``pk IN (user perms UNION group perms)``, the
    index-friendly form explained in parcours.selectors._visible."""
    permission = permission_id("view_placement")
    ids = PlacementUserObjectPermission.objects.filter(user=user, permission_id=permission).values("content_object_id")
    group_ids = PlacementGroupObjectPermission.objects.filter(group__user=user, permission_id=permission).values(
        "content_object_id"
    )
    return Placement.objects.filter(pk__in=ids.union(group_ids))


def _with_representation(queryset: QuerySet[Placement], user: User) -> QuerySet[Placement]:
    return queryset.select_related("parcours__person", "establishment__employer", "proposed_by").annotate(
        can_change=holds_perm(user, "change_placement"),
        can_respond=holds_perm(user, "respond_placement"),
    )


def placement_list(*, user: User) -> QuerySet[Placement]:
    """The placements the user may see, with everything their representation needs."""
    return _with_representation(placement_scope(user=user), user)


def placement_after_transition(*, user: User, placement_id: int) -> Placement:
    """The placement the user has just moved, even if that move took it out of their scope
    (an employer declining it): the answer to their own request, read once."""
    return _with_representation(Placement.objects.filter(pk=placement_id), user).get()


def establishment_list(*, user: User) -> QuerySet[Establishment]:
    """Every establishment, for the structures' staff (to propose) and the employers' contacts."""
    roles = [*Membership.STAFF_ROLES, Membership.Role.EMPLOYER_CONTACT]
    if not organisation_ids_for(user=user, roles=roles):
        return Establishment.objects.none()
    return Establishment.objects.select_related("employer").order_by("name", "pk")
