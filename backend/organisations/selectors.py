"""Reads about who belongs where."""

from collections.abc import Iterable

from organisations.models import Membership, Organisation, User


def organisation_ids_for(*, user: User, roles: Iterable[str]) -> list[int]:
    """Ids of the organisations where the user holds one of the roles (cached on the user object)."""
    cache = user.__dict__.get("_membership_cache")
    if cache is None:
        cache = list(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user.__dict__["_membership_cache"] = cache
    wanted = set(roles)
    return sorted({org_id for org_id, role in cache if role in wanted})


def forget_roles(user: User) -> None:
    """Drop the roles cached on the user object (after a membership change)."""
    user.__dict__.pop("_membership_cache", None)


def structures_for(*, user: User, roles: Iterable[str]):
    """Lazy queryset (no query until used) of the structures where the user holds a role."""
    return Organisation.objects.filter(
        kind=Organisation.Kind.STRUCTURE,
        pk__in=Membership.objects.filter(user=user, role__in=list(roles)).values("organisation_id"),
    )


def has_role(*, user: User, organisation_id: int, role: str) -> bool:
    return organisation_id in organisation_ids_for(user=user, roles=[role])


def organisations_of(*, user: User):
    """The organisations where the user holds any role."""
    return Organisation.objects.filter(pk__in=organisation_ids_for(user=user, roles=Membership.Role.values))
