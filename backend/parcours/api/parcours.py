"""Parcours: list, open, read, reassign, and fire phase transitions (with their history)."""

import zoneinfo
from datetime import timedelta
from decimal import Decimal

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.services import audit_read
from organisations.models import Membership, Organisation, User
from organisations.selectors import structures_for
from parcours import selectors, services
from parcours.alerts import ALERT_CODES, alerts_of, has_alert, start_of, structure_zones
from parcours.api.reference import (
    ExitReasonSerializer,
    OrganisationSummarySerializer,
    PersonSummarySerializer,
    ProgrammeSerializer,
    UserSummarySerializer,
)
from parcours.hooks import fact
from parcours.models import OPEN_PHASES, FollowUp, Parcours, Person, Phase, PhaseTransition, Programme
from parcours.timeline import timeline_entries, timeline_rows
from parcours.transitions import REGISTRY, transition_options
from tremplin.api import (
    ErrorSerializer,
    IdFilter,
    LocalDateTimeField,
    Pagination,
    ScopedSerializer,
    TransitionConflictSerializer,
    TransitionReasonSerializer,
    object_id_field,
)
from tremplin.errors import DomainError


class TransitionOptionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    allowed = serializers.BooleanField()
    reasons = TransitionReasonSerializer(many=True)


class AlertSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=ALERT_CODES)
    severity = serializers.ChoiceField(choices=["high", "medium"])
    label = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    action = serializers.CharField(help_text="Ce qui lève l'alerte.")


class ParcoursSerializer(serializers.ModelSerializer):
    person = PersonSummarySerializer(read_only=True)
    structure = OrganisationSummarySerializer(read_only=True)
    programme = ProgrammeSerializer(read_only=True, allow_null=True)
    referent = UserSummarySerializer(read_only=True)
    co_referents = UserSummarySerializer(many=True, read_only=True)
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    phase_label = serializers.CharField(source="get_phase_display", read_only=True)
    exit_reason = ExitReasonSerializer(read_only=True, allow_null=True)
    available_transitions = serializers.SerializerMethodField()
    hours_worked = serializers.SerializerMethodField(
        help_text="Heures travaillées sur les missions terminées de ce parcours (vers les 1 607 h de la VAE DEAS)."
    )
    alerts = serializers.SerializerMethodField(help_text="Les plus urgentes d'abord.")
    phase_changed_at = LocalDateTimeField()
    created_at = LocalDateTimeField()
    updated_at = LocalDateTimeField()

    class Meta:
        model = Parcours
        fields = [
            "id",
            "person",
            "structure",
            "programme",
            "phase",
            "phase_label",
            "phase_changed_at",
            "entry_date",
            "referent",
            "co_referents",
            "exit_date",
            "exit_reason",
            "exit_comment",
            "version",
            "available_transitions",
            "hours_worked",
            "alerts",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(AlertSerializer(many=True))
    def get_alerts(self, parcours: Parcours):
        return alerts_of(parcours)

    @extend_schema_field(serializers.DecimalField(max_digits=9, decimal_places=2))  # a decimal string
    def get_hours_worked(self, parcours: Parcours) -> str:
        return f"{Decimal(fact(parcours, 'mission_hours') or 0):.2f}"

    @extend_schema_field(TransitionOptionSerializer(many=True))
    def get_available_transitions(self, parcours: Parcours):
        user = self.context["request"].user
        return [vars(option) for option in transition_options(parcours, user)]


def _staff_structures(*, user):
    return structures_for(user=user, roles=Membership.STAFF_ROLES)


class ParcoursCreateSerializer(ScopedSerializer):
    scopes = {
        "person": selectors.person_list,
        "structure": _staff_structures,
        "programme": selectors.programme_list,
        "referent": selectors.counsellor_list,
        "co_referents": selectors.counsellor_list,
    }

    person = object_id_field(queryset=Person.objects.none())
    structure = object_id_field(
        queryset=Organisation.objects.none(),
        required=False,
        help_text="Par défaut, la structure qui a ouvert le dossier de la personne.",
    )
    programme = object_id_field(queryset=Programme.objects.none(), required=False, allow_null=True)
    entry_date = serializers.DateField()
    referent = object_id_field(
        queryset=User.objects.none(),
        required=False,
        help_text="Par défaut, l'accompagnateur·rice qui crée le parcours.",
    )
    co_referents = object_id_field(
        queryset=User.objects.none(), many=True, required=False, help_text="Réservé à la direction."
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class BulkReassignSerializer(ScopedSerializer):
    scopes = {"referent": selectors.counsellor_list}
    parcours = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), allow_empty=False, max_length=500
    )
    referent = object_id_field(queryset=User.objects.none())

    def validate_parcours(self, value):
        # One query for all the ids (not one each): any id out of the user's scope refuses the lot.
        ids = sorted(set(value))
        found = set(
            selectors.parcours_scope(user=self.context["request"].user).filter(pk__in=ids).values_list("pk", flat=True)
        )
        missing = [pk for pk in ids if pk not in found]
        if missing:
            raise serializers.ValidationError(f"Parcours introuvable(s) : {', '.join(map(str, missing))}.")
        return ids


class ReassignSerializer(ScopedSerializer):
    scopes = {"referent": selectors.counsellor_list, "co_referents": selectors.counsellor_list}

    referent = object_id_field(queryset=User.objects.none())
    co_referents = object_id_field(
        queryset=User.objects.none(),
        many=True,
        required=False,
        help_text="Remplace la liste des co-référents ; absente, la liste est conservée.",
    )
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class AlertCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Parcours ayant au moins une alerte.")
    by_code = serializers.DictField(child=serializers.IntegerField())


class TimelineEntrySerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=["phase", "follow_up", "barrier", "action", "appointment", "placement", "enrolment", "vae"]
    )
    id = serializers.IntegerField()
    at = LocalDateTimeField()
    title = serializers.CharField()
    actor = serializers.CharField(allow_null=True, help_text="Null quand le système a fait le changement.")
    summary = serializers.CharField(allow_blank=True)
    details = serializers.DictField()


class TimelinePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = TimelineEntrySerializer(many=True)


class PhaseTransitionSerializer(serializers.ModelSerializer):
    actor = UserSummarySerializer(read_only=True, allow_null=True)
    occurred_at = LocalDateTimeField(tz_from="parcours.structure")

    class Meta:
        model = PhaseTransition
        fields = ["id", "name", "source", "target", "actor", "occurred_at", "effective_date", "comment", "details"]


class TransitionRequestSerializer(serializers.Serializer):
    """Union of the transition bodies, for the schema. ``exit`` requires exit_reason and exit_date."""

    comment = serializers.CharField(required=False, allow_blank=True)
    exit_reason = serializers.CharField(required=False, help_text="exit : code d'un motif de /exit-reasons/.")
    exit_date = serializers.DateField(required=False, help_text="exit : date de sortie.")


class ParcoursFilter(django_filters.FilterSet):
    phase = django_filters.MultipleChoiceFilter(choices=Phase.choices)
    programme = IdFilter(field_name="programme_id")
    referent = IdFilter(method="filter_referent", label="Référent ou co-référent")
    structure = IdFilter(field_name="structure_id")
    alert = django_filters.MultipleChoiceFilter(
        choices=[(code, code) for code in ALERT_CODES],
        method="filter_alert",
        label="Parcours ayant l'une de ces alertes",
    )

    class Meta:
        model = Parcours
        fields = ["phase", "programme", "referent", "structure", "alert", "unassigned", "no_follow_up_days"]

    unassigned = django_filters.BooleanFilter(
        method="filter_unassigned", label="Sans référent (le référent n'accompagne plus dans la structure)"
    )
    no_follow_up_days = django_filters.NumberFilter(
        method="filter_no_follow_up", min_value=1, max_value=3650, label="Aucun suivi depuis N jours (ou jamais)"
    )

    def filter_unassigned(self, queryset, name, value):
        counsellor = Membership.objects.filter(
            user_id=OuterRef("referent_id"), organisation_id=OuterRef("structure_id"), role=Membership.Role.COUNSELLOR
        )
        assigned = Q(Exists(counsellor)) & Q(referent__is_active=True)
        open_ = queryset.filter(phase__in=OPEN_PHASES)
        return open_.exclude(assigned) if value else open_.filter(assigned)

    def filter_no_follow_up(self, queryset, name, value):
        """No follow-up on the last N calendar days of the structure's own calendar, today included
        (30 days is the no_follow_up alert's threshold)."""
        now, condition = timezone.now(), Q(pk__in=[])
        for zone in map(zoneinfo.ZoneInfo, structure_zones()):
            since = start_of(now.astimezone(zone).date() - timedelta(days=int(value) - 1), zone)
            recent = FollowUp.objects.filter(parcours_id=OuterRef("pk"), occurred_at__gte=since)
            condition |= Q(structure__time_zone=zone.key) & ~Q(Exists(recent))
        return queryset.filter(condition, phase__in=OPEN_PHASES)

    def filter_alert(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(has_alert(value))  # the user's scope only, never the whole table

    def filter_referent(self, queryset, name, value):
        co_referent = Parcours.co_referents.through.objects.filter(parcours_id=OuterRef("pk"), user_id=value)
        return queryset.filter(Q(referent_id=value) | Q(Exists(co_referent)))


class ParcoursViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Parcours the user follows (counsellor) or that belong to their structure (manager)."""

    serializer_class = ParcoursSerializer
    filterset_class = ParcoursFilter
    search_fields = ["person__first_name", "person__last_name", "person__birth_name"]
    ordering_fields = ["entry_date", "phase_changed_at", "person__last_name", "phase"]
    ordering = ["-entry_date", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Parcours.objects.none()
        return selectors.parcours_list(user=self.request.user)

    def list(self, request, *args, **kwargs):
        # Filter, order and paginate bare ids first, then load full rows for that page only:
        # PostgreSQL then sorts a narrow table instead of joining every visible row before sorting.
        ids = self.filter_queryset(selectors.parcours_scope(user=request.user)).values_list("pk", flat=True)
        page_ids = list(self.paginate_queryset(ids))
        serializer = self.get_serializer(selectors.parcours_page(user=request.user, ids=page_ids), many=True)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        parcours = self.get_object()
        audit_read(actor=request.user, instance=parcours, view="parcours")
        return Response(self.get_serializer(parcours).data)

    def _respond(self, parcours_id: int, status_code=status.HTTP_200_OK) -> Response:
        parcours = get_object_or_404(self.get_queryset(), pk=parcours_id)
        return Response(self.get_serializer(parcours).data, status=status_code)

    @extend_schema(request=ParcoursCreateSerializer, responses={201: ParcoursSerializer, 400: ErrorSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ParcoursCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = data.pop("person")
        data.setdefault("structure", None)
        if data["structure"] is None:
            data["structure"] = person.structure
        parcours = services.parcours_create(actor=request.user, person=person, **data)
        return self._respond(parcours.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=ReassignSerializer,
        responses={200: ParcoursSerializer, 400: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        """Change the referent (and co-referents) of a parcours: managers of its structure only."""
        parcours = self.get_object()
        serializer = ReassignSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        services.parcours_reassign(actor=request.user, parcours=parcours, **serializer.validated_data)
        return self._respond(parcours.pk)

    @extend_schema(
        operation_id="v1_parcours_bulk_reassign",
        request=BulkReassignSerializer,
        responses={200: ParcoursSerializer(many=True), 400: ErrorSerializer, 403: ErrorSerializer},
    )
    @action(detail=False, methods=["post"], url_path="reassign", pagination_class=None, filter_backends=[])
    def bulk_reassign(self, request):
        """Give several parcours to another counsellor in one atomic operation (managers only):
        if one cannot move, none does."""
        serializer = BulkReassignSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        ids = serializer.validated_data["parcours"]
        services.parcours_bulk_reassign(
            actor=request.user, parcours_ids=ids, referent=serializer.validated_data["referent"]
        )
        rows = selectors.parcours_page(user=request.user, ids=sorted(ids))
        return Response(self.get_serializer(rows, many=True).data)

    @extend_schema(responses={200: PhaseTransitionSerializer(many=True), 404: ErrorSerializer})
    @action(detail=True, methods=["get"], url_path="transitions", pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """The phase history of the parcours, oldest first."""
        parcours = self.get_object()
        rows = selectors.parcours_history(parcours=parcours)
        context = {**self.get_serializer_context(), "time_zone": parcours.structure.tz}
        return Response(PhaseTransitionSerializer(rows, many=True, context=context).data)

    @extend_schema(responses={200: AlertCountsSerializer}, filters=True)
    @action(detail=False, methods=["get"], url_path="alert-counts", pagination_class=None)
    def alert_counts(self, request):
        """How many of the listed parcours (same filters as the list) have each alert, counted in SQL."""
        return Response(selectors.alert_counts(self.filter_queryset(selectors.parcours_scope(user=request.user))))

    @extend_schema(
        responses={200: TimelinePageSerializer, 404: ErrorSerializer},
        parameters=[OpenApiParameter("page", OpenApiTypes.INT), OpenApiParameter("page_size", OpenApiTypes.INT)],
    )
    @action(detail=True, methods=["get"], url_path="timeline", filter_backends=[])
    def timeline(self, request, pk=None):
        """Everything that happened on the parcours, newest first, paginated: phase changes,
        follow-ups, barrier changes, actions, appointments, placement, enrolment and VAE events."""
        parcours = self.get_object()
        audit_read(actor=request.user, instance=parcours, view="timeline")
        paginator = Pagination()
        rows = paginator.paginate_queryset(timeline_rows(parcours_id=parcours.pk), request, view=self)
        context = {**self.get_serializer_context(), "time_zone": parcours.structure.tz}
        entries = TimelineEntrySerializer(timeline_entries(rows), many=True, context=context).data
        return paginator.get_paginated_response(entries)

    @extend_schema(
        request=TransitionRequestSerializer,
        parameters=[OpenApiParameter("name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=sorted(REGISTRY))],
        responses={
            200: ParcoursSerializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            409: OpenApiResponse(TransitionConflictSerializer, description="Transition impossible maintenant."),
        },
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[^/.]+)", filter_backends=[])
    def fire(self, request, pk=None, name=None):
        """Fire a phase transition. The body depends on the transition (see TransitionRequest)."""
        parcours = self.get_object()
        spec = REGISTRY.get(name)
        if spec is None:
            raise DomainError(
                f"Transition inconnue : « {name} ». Transitions existantes : {', '.join(sorted(REGISTRY))}.",
                code="unknown_transition",
                field="name",
            )
        serializer = spec.input_serializer(data=request.data, context={"parcours": parcours, "request": request})
        serializer.is_valid(raise_exception=True)
        services.parcours_fire_transition(
            actor=request.user, parcours=parcours, name=name, data=serializer.validated_data
        )
        return self._respond(parcours.pk)
