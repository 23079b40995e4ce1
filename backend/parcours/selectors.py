"""Reads, always scoped to what the requesting user may see (guardian object permissions)."""

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from organisations.models import Membership, User
from organisations.selectors import organisation_ids_for
from parcours.models import ExitReason, Parcours, Person, PhaseTransition, Programme
from parcours.permissions import holds_parcours_perm


def _visible(user: User, perm: str, queryset: QuerySet) -> QuerySet:
    # Only object permissions count: no global permission or superuser flag widens the scope.
    return get_objects_for_user(user, perm, queryset, accept_global_perms=False, with_superuser=False)


def parcours_list(*, user: User) -> QuerySet[Parcours]:
    queryset = Parcours.objects.select_related(
        "person", "structure", "programme", "referent", "exit_reason__category"
    ).prefetch_related("co_referents")
    return _visible(user, "parcours.view_parcours", queryset).annotate(
        can_transition=holds_parcours_perm(user, "transition_parcours"),
        can_reassign=holds_parcours_perm(user, "reassign_parcours"),
    )


def person_list(*, user: User) -> QuerySet[Person]:
    return _visible(user, "parcours.view_person", Person.objects.select_related("structure"))


def parcours_history(*, parcours: Parcours) -> QuerySet[PhaseTransition]:
    return parcours.transitions.select_related("actor").order_by("occurred_at", "pk")


def exit_reason_list() -> QuerySet[ExitReason]:
    return ExitReason.objects.select_related("category").order_by("category__code", "label")


def programme_list(*, user: User) -> QuerySet[Programme]:
    structures = organisation_ids_for(user=user, roles=[Membership.Role.COUNSELLOR, Membership.Role.MANAGER])
    return Programme.objects.filter(structure_id__in=structures).select_related("structure")
