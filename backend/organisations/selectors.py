"""Reads about who belongs where."""

from collections.abc import Iterable

from organisations.models import Membership, Organisation, User


def _memberships(user: User) -> list[tuple[int, str]]:
    """(organisation id, role) of the user's memberships, read once per user object, with the
    organisations' names and regions (membership_organisations)."""
    cache = user.__dict__.get("_membership_cache")
    if cache is None:
        rows = list(
            Membership.objects.filter(user=user).values_list(
                "organisation_id", "role", "organisation__name", "organisation__region"
            )
        )
        cache = [(org_id, role) for org_id, role, _, _ in rows]
        user.__dict__["_membership_cache"] = cache
        user.__dict__["_membership_organisations"] = {
            org_id: {"id": org_id, "name": name, "region": region} for org_id, _, name, region in rows
        }
    return cache


def organisation_ids_for(*, user: User, roles: Iterable[str]) -> list[int]:
    """Ids of the organisations where the user holds one of the roles (cached on the user object)."""
    wanted = set(roles)
    return sorted({org_id for org_id, role in _memberships(user) if role in wanted})


def membership_organisations(*, user: User) -> dict[int, dict]:
    """id → {id, name, region} of the organisations the user belongs to (same cache, no query)."""
    _memberships(user)
    return user.__dict__["_membership_organisations"]


def forget_roles(user: User) -> None:
    """Drop the roles cached on the user object (after a membership change)."""
    user.__dict__.pop("_membership_cache", None)
    user.__dict__.pop("_membership_organisations", None)


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
