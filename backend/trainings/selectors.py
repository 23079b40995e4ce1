"""Reads, always scoped to what the requesting user may see."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from organisations.models import Membership, User
from organisations.selectors import organisation_ids_for
from parcours.hooks import fact_annotations
from parcours.models import Parcours
from parcours.permissions import holds_perm as holds_parcours_perm
from parcours.selectors import parcours_scope
from trainings.models import (
    AttendanceRecord,
    Certification,
    CertificationBloc,
    Enrolment,
    EnrolmentGroupObjectPermission,
    EnrolmentUserObjectPermission,
    TrainingSession,
    VaeApplication,
    VaeEvent,
)
from trainings.permissions import holds_perm, permission_id


def _seats_taken_expression(session_ref: str):
    return Coalesce(
        Subquery(
            Enrolment.objects.filter(session_id=OuterRef(session_ref), state__in=Enrolment.SEAT_STATES)
            .order_by()
            .values("session_id")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def seats_taken(enrolment: Enrolment) -> int:
    """Seats taken in the enrolment's session: from the list's annotation, else one count
    (the services drop the annotation once they hold the session's lock, to count afresh)."""
    annotated = getattr(enrolment, "session_seats_taken", None)
    if annotated is not None:
        return annotated
    return Enrolment.objects.filter(session_id=enrolment.session_id, state__in=Enrolment.SEAT_STATES).count()


def certification_list() -> QuerySet[Certification]:
    return Certification.objects.filter(is_active=True).prefetch_related("blocs")


def session_scope(*, user: User) -> QuerySet[TrainingSession]:
    """The structures' staff see every session (to enrol people in them); trainers see their own
    training bodies' sessions; nobody else sees any."""
    if organisation_ids_for(user=user, roles=Membership.STAFF_ROLES):
        return TrainingSession.objects.all()
    return TrainingSession.objects.filter(
        training_body_id__in=organisation_ids_for(user=user, roles=[Membership.Role.TRAINER])
    )


def session_list(*, user: User) -> QuerySet[TrainingSession]:
    """Sessions with their seats and enrolment counts, counted in SQL."""
    return (
        session_scope(user=user)
        .select_related("training__certification", "training_body")
        .annotate(
            seats_taken=_seats_taken_expression("pk"),
            applied_count=Count("enrolments", filter=Q(enrolments__state=Enrolment.State.APPLIED)),
            attending_count=Count("enrolments", filter=Q(enrolments__state=Enrolment.State.ATTENDING)),
        )
    )


def enrolment_scope(*, user: User) -> QuerySet[Enrolment]:
    """The enrolments the user may see: one ``pk IN (user perms UNION group perms)`` (see
    parcours.selectors._visible)."""
    permission = permission_id("view_enrolment")
    ids = EnrolmentUserObjectPermission.objects.filter(user=user, permission_id=permission).values("content_object_id")
    group_ids = EnrolmentGroupObjectPermission.objects.filter(group__user=user, permission_id=permission).values(
        "content_object_id"
    )
    return Enrolment.objects.filter(pk__in=ids.union(group_ids))


def _enrolments_with_representation(queryset: QuerySet[Enrolment], user: User) -> QuerySet[Enrolment]:
    return (
        queryset.select_related(
            "parcours__person",
            "parcours__structure",
            "session__training__certification",
            "session__training_body",
            "applied_by",
        )
        .prefetch_related(
            Prefetch("validated_blocs", queryset=CertificationBloc.objects.order_by("number")),
            Prefetch("session__training__certification__blocs", queryset=CertificationBloc.objects.order_by("number")),
            Prefetch("session__training__blocs", queryset=CertificationBloc.objects.order_by("number")),
        )
        .annotate(
            can_change=holds_perm(user, "change_enrolment"),
            can_decide=holds_perm(user, "decide_enrolment"),
            session_seats_taken=_seats_taken_expression("session_id"),
            **{
                f"days_{status}": Count("attendance", filter=Q(attendance__status=status))
                for status in AttendanceRecord.Status.values
            },
        )
    )


def enrolment_list(*, user: User) -> QuerySet[Enrolment]:
    return _enrolments_with_representation(enrolment_scope(user=user), user)


def enrolment_after_transition(*, user: User, enrolment_id: int) -> Enrolment:
    return _enrolments_with_representation(Enrolment.objects.filter(pk=enrolment_id), user).get()


def vae_scope(*, user: User) -> QuerySet[VaeApplication]:
    """VAE applications follow their parcours: whoever sees the parcours sees them."""
    return VaeApplication.objects.filter(parcours_id__in=parcours_scope(user=user).values("pk"))


def _mission_hours():
    """Hours worked on the parcours' completed missions (a fact the employers app registers)."""
    expression = fact_annotations().get("fact_mission_hours")
    if expression is None:
        return Value(0)
    return Subquery(Parcours.objects.filter(pk=OuterRef("parcours_id")).annotate(h=expression).values("h"))


def vae_list(*, user: User) -> QuerySet[VaeApplication]:
    blocs = CertificationBloc.objects.order_by("number")
    return (
        vae_scope(user=user)
        .select_related("parcours__person", "parcours__structure", "certification")
        .prefetch_related(
            Prefetch("certification__blocs", queryset=blocs),
            Prefetch("validated_blocs", queryset=blocs),
            Prefetch(
                "events",
                queryset=VaeEvent.objects.select_related("actor", "application__parcours__structure").order_by(
                    "occurred_at", "pk"
                ),
            ),
        )
        .annotate(
            # The latest feasibility request year of the person's other applications towards the
            # same certification: the one-request-a-year rule, answered without a query per row.
            other_request_year=Subquery(
                VaeApplication.objects.filter(
                    person_id=OuterRef("person_id"),
                    certification_id=OuterRef("certification_id"),
                    request_year__isnull=False,
                )
                .exclude(pk=OuterRef("pk"))
                .order_by("-request_year")
                .values("request_year")[:1]
            ),
            experience_hours=_mission_hours(),
            can_transition=holds_parcours_perm(user, Parcours, "transition_parcours", ref="parcours_id"),
        )
    )


def attendance_session(*, user: User, session_id: int) -> TrainingSession | None:
    """The session, if the user is one of its training body's trainers: the sheet names people
    of every structure, so the structures' staff do not see it."""
    trainer_of = organisation_ids_for(user=user, roles=[Membership.Role.TRAINER])
    return (
        TrainingSession.objects.select_related("training", "training_body")
        .filter(pk=session_id, training_body_id__in=trainer_of)
        .first()
    )


def attendance_sheet(*, session: TrainingSession, date) -> list[Enrolment]:
    """Who is on the sheet that day: the people accepted or in training now, and anyone with a
    line that day (since completed or dropped), each with that day's status (or None)."""
    on_day = AttendanceRecord.objects.filter(enrolment=OuterRef("pk"), date=date)
    return list(
        Enrolment.objects.filter(session=session)
        .annotate(day_status=Subquery(on_day.values("status")[:1]))
        .filter(Q(state__in=[Enrolment.State.ACCEPTED, Enrolment.State.ATTENDING]) | Q(day_status__isnull=False))
        .select_related("parcours__person")
        .order_by("parcours__person__last_name", "parcours__person__first_name", "pk")
    )
