"""Reads, always scoped to what the requesting user may see (guardian object permissions)."""

from django.db import connections
from django.db.models import QuerySet

from organisations.models import Membership, User
from parcours.alerts import alert_mask, alert_rules, bits_of, with_alerts
from parcours.hooks import fact_annotations
from parcours.models import (
    ExitReason,
    Parcours,
    ParcoursGroupObjectPermission,
    ParcoursUserObjectPermission,
    Person,
    PersonGroupObjectPermission,
    PersonUserObjectPermission,
    PhaseTransition,
    Programme,
)
from parcours.permissions import holds_perm, permission_id


def _visible(user: User, codename: str, queryset: QuerySet, user_perms, group_perms) -> QuerySet:
    """Rows the user holds ``codename`` on, through their own or their groups' object permissions.

    Only object permissions count: no global permission or superuser flag widens the scope.
    guardian's get_objects_for_user writes ``pk IN (user perms) OR pk IN (group perms)``, which
    PostgreSQL answers with a sequential scan of the whole table (measured in
    bench/parcours_list.py); one ``pk IN (... UNION ...)`` uses the primary key index instead.
    """
    permission = permission_id(codename)
    ids = user_perms.objects.filter(user=user, permission_id=permission).values("content_object_id")
    group_ids = group_perms.objects.filter(group__user=user, permission_id=permission).values("content_object_id")
    return queryset.filter(pk__in=ids.union(group_ids))


def parcours_scope(*, user: User) -> QuerySet[Parcours]:
    """The parcours the user may see, bare: for filtering, ordering and paginating ids."""
    return _visible(
        user, "view_parcours", Parcours.objects.all(), ParcoursUserObjectPermission, ParcoursGroupObjectPermission
    )


def _with_representation(queryset: QuerySet[Parcours], user: User) -> QuerySet[Parcours]:
    return (
        queryset.select_related("person", "structure", "programme", "referent", "exit_reason__category")
        .prefetch_related("co_referents")
        .annotate(
            can_transition=holds_perm(user, Parcours, "transition_parcours"),
            can_reassign=holds_perm(user, Parcours, "reassign_parcours"),
            **fact_annotations(),
        )
    )


def parcours_list(*, user: User) -> QuerySet[Parcours]:
    """The parcours the user may see, with everything their representation needs."""
    return with_alerts(_with_representation(parcours_scope(user=user), user))


def parcours_page(*, user: User, ids: list[int]) -> list[Parcours]:
    """Full rows for ids already taken from parcours_scope(user), in the same order."""
    rows = with_alerts(_with_representation(Parcours.objects.filter(pk__in=ids), user)).in_bulk()
    return [rows[pk] for pk in ids]


def person_list(*, user: User) -> QuerySet[Person]:
    visible = _visible(
        user,
        "view_person",
        Person.objects.select_related("structure"),
        PersonUserObjectPermission,
        PersonGroupObjectPermission,
    )
    return visible.annotate(can_change=holds_perm(user, Person, "change_person"))


def parcours_history(*, parcours: Parcours) -> QuerySet[PhaseTransition]:
    return parcours.transitions.select_related("actor").order_by("occurred_at", "pk")


def exit_reason_list() -> QuerySet[ExitReason]:
    return ExitReason.objects.select_related("category").order_by("category__code", "label")


def _staff_structures(user: User):
    # A subquery, not a list: serializers build these querysets on every request, reads included.
    return Membership.objects.filter(user=user, role__in=Membership.STAFF_ROLES).values("organisation_id")


def counsellor_list(*, user: User) -> QuerySet[User]:
    """Counsellors of the structures where the user works: who may be named referent."""
    structures = _staff_structures(user)
    return User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.filter(organisation_id__in=structures, role=Membership.Role.COUNSELLOR).values(
            "user_id"
        ),
    )


def staff_list(*, user: User) -> QuerySet[User]:
    """Counsellors and managers of the structures where the user works: who may own an action."""
    structures = _staff_structures(user)
    return User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.filter(organisation_id__in=structures, role__in=Membership.STAFF_ROLES).values(
            "user_id"
        ),
    )


def programme_list(*, user: User) -> QuerySet[Programme]:
    structures = _staff_structures(user)
    return Programme.objects.filter(structure_id__in=structures).select_related("structure")


_JOURNAL_RELATED = {
    "Barrier": ("type",),
    "Action": ("owner",),
}


def journal_list(*, user: User, model) -> QuerySet:
    """Follow-ups, barriers, actions or appointments of the parcours the user may see."""
    related = ("parcours__structure", "created_by", *_JOURNAL_RELATED.get(model.__name__, ()))
    return model.objects.filter(parcours_id__in=parcours_scope(user=user).values("pk")).select_related(*related)


def alert_counts(queryset: QuerySet[Parcours]) -> dict:
    """How many parcours of the queryset have each alert, and at least one: one SQL query, which
    reads each row's alert mask once."""
    inner, params = queryset.order_by().annotate(mask=alert_mask()).values("mask").query.sql_with_params()
    codes = list(alert_rules())
    counts = ", ".join(f"count(*) FILTER (WHERE (mask & {bits_of([code])}) <> 0)" for code in codes)
    connection = connections[queryset.db]
    # The fence keeps the rows' masks in a subquery that is run once: pulled up into the outer
    # query, PostgreSQL would compute each row's mask once per count.
    fence = "OFFSET 0" if connection.vendor == "postgresql" else "LIMIT -1 OFFSET 0"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FILTER (WHERE mask <> 0), {counts} FROM ({inner} {fence}) masks",  # noqa: S608 (from code)
            params,
        )
        total, *by_code = cursor.fetchone()
    return {"total": total, "by_code": dict(zip(codes, by_code, strict=True))}
