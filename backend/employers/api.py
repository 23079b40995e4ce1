"""HTTP API of the employers app: establishments, placements and their transitions.

Views are thin: they read through employers.selectors (scoped to the user, so anything out of
scope is a 404) and write through employers.services. A placement the user sees but may not
move answers 409 with the reason ``not_allowed_for_user``, as parcours transitions do.
"""

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import SearchFilter
from rest_framework.response import Response

from employers import selectors, services
from employers.models import Establishment, Placement
from employers.transitions import REGISTRY, transition_options
from parcours.api.parcours import TransitionOptionSerializer
from parcours.api.reference import UserSummarySerializer
from parcours.models import Parcours
from parcours.selectors import parcours_scope
from tremplin.api import (
    ErrorSerializer,
    IdFilter,
    LocalDateTimeField,
    PartnerHidesParcoursMixin,
    ScopedSerializer,
    TransitionConflictSerializer,
    object_id_field,
)
from tremplin.errors import DomainError


class EmployerSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class EstablishmentSerializer(serializers.ModelSerializer):
    employer = EmployerSummarySerializer(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Establishment
        fields = ["id", "name", "kind", "kind_label", "employer", "address", "postal_code", "city", "time_zone"]
        read_only_fields = fields


class PlacedPersonSerializer(serializers.Serializer):
    """What the host employer may know of the person: name and phone, nothing else."""

    first_name = serializers.CharField()
    last_name = serializers.CharField()
    phone = serializers.CharField()


class PlacementSerializer(PartnerHidesParcoursMixin, serializers.ModelSerializer):
    parcours = PartnerHidesParcoursMixin.parcours_field("l'employeur d'accueil")
    person = PlacedPersonSerializer(source="parcours.person", read_only=True)
    establishment = EstablishmentSerializer(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state = serializers.ChoiceField(choices=Placement.State.choices, read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    purpose = serializers.ChoiceField(
        choices=Placement.Purpose.choices, allow_blank=True, read_only=True, help_text="Vide pour une mission."
    )
    purpose_label = serializers.CharField(source="get_purpose_display", read_only=True)
    proposed_by = UserSummarySerializer(read_only=True)
    available_transitions = serializers.SerializerMethodField()
    created_at = LocalDateTimeField(tz_from="establishment")
    updated_at = LocalDateTimeField(tz_from="establishment")

    class Meta:
        model = Placement
        fields = [
            "id",
            "parcours",
            "person",
            "establishment",
            "kind",
            "kind_label",
            "state",
            "state_label",
            "start_date",
            "end_date",
            "purpose",
            "purpose_label",
            "renewal_of",
            "position",
            "weekly_hours",
            "hours_worked",
            "assessment",
            "decline_reason",
            "proposed_by",
            "version",
            "available_transitions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(TransitionOptionSerializer(many=True))
    def get_available_transitions(self, placement: Placement):
        return [vars(option) for option in transition_options(placement, self.context["request"].user)]


class PlacementCreateSerializer(ScopedSerializer):
    scopes = {"parcours": parcours_scope, "renewal_of": selectors.placement_scope}

    parcours = object_id_field(queryset=Parcours.objects.none())
    establishment = object_id_field(queryset=Establishment.objects.all())
    kind = serializers.ChoiceField(choices=Placement.Kind.choices)
    start_date = serializers.DateField(required=False, allow_null=True, default=None)
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    purpose = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    renewal_of = object_id_field(queryset=Placement.objects.none(), required=False, allow_null=True, default=None)
    position = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    weekly_hours = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, allow_null=True, default=None
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class PlacementTransitionRequestSerializer(serializers.Serializer):
    """Union of the transition bodies, for the schema."""

    comment = serializers.CharField(required=False, allow_blank=True)
    decline_reason = serializers.CharField(required=False, help_text="decline : motif du refus (obligatoire).")
    hours_worked = serializers.DecimalField(
        max_digits=7, decimal_places=2, required=False, help_text="complete : heures effectuées (obligatoire)."
    )
    assessment = serializers.CharField(required=False, help_text="complete : bilan (obligatoire).")


class PlacementFilter(django_filters.FilterSet):
    parcours = IdFilter(field_name="parcours_id")
    state = django_filters.MultipleChoiceFilter(choices=Placement.State.choices)
    kind = django_filters.ChoiceFilter(choices=Placement.Kind.choices)

    class Meta:
        model = Placement
        fields = ["parcours", "state", "kind"]


class PlacementViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Placements of the parcours the user follows or manages, or at the user's employer."""

    serializer_class = PlacementSerializer
    filterset_class = PlacementFilter
    ordering_fields = ["start_date", "created_at", "state"]
    ordering = ["-start_date", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Placement.objects.none()
        return selectors.placement_list(user=self.request.user)

    def _respond(self, placement_id: int, status_code=status.HTTP_200_OK) -> Response:
        placement = get_object_or_404(self.get_queryset(), pk=placement_id)
        return Response(self.get_serializer(placement).data, status=status_code)

    @extend_schema(request=PlacementCreateSerializer, responses={201: PlacementSerializer, 400: ErrorSerializer})
    def create(self, request, *args, **kwargs):
        serializer = PlacementCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        placement = services.placement_propose(actor=request.user, **serializer.validated_data)
        return self._respond(placement.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=PlacementTransitionRequestSerializer,
        parameters=[OpenApiParameter("name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=sorted(REGISTRY))],
        responses={
            200: PlacementSerializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            409: OpenApiResponse(TransitionConflictSerializer, description="Transition impossible maintenant."),
        },
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[^/.]+)", filter_backends=[])
    def fire(self, request, pk=None, name=None):
        """Fire a placement transition. The body depends on the transition (see PlacementTransitionRequest)."""
        placement = self.get_object()
        spec = REGISTRY.get(name)
        if spec is None:
            raise DomainError(
                f"Transition inconnue : « {name} ». Transitions existantes : {', '.join(sorted(REGISTRY))}.",
                code="unknown_transition",
                field="name",
            )
        serializer = spec.input_serializer(data=request.data, context={"placement": placement, "request": request})
        serializer.is_valid(raise_exception=True)
        services.placement_fire_transition(
            actor=request.user, placement=placement, name=name, data=serializer.validated_data
        )
        # Not through the scope: declining or cancelling may have just withdrawn the user's access.
        placement = selectors.placement_after_transition(user=request.user, placement_id=placement.pk)
        return Response(self.get_serializer(placement).data)


class EstablishmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every partner establishment, with its employer: where placements can be proposed."""

    serializer_class = EstablishmentSerializer
    # A structure works with many establishments: the proposal dialog searches them on the server.
    filter_backends = [SearchFilter]
    search_fields = ["name", "employer__name", "city", "postal_code"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Establishment.objects.none()
        return selectors.establishment_list(user=self.request.user)
