"""HTTP API for persons, parcours, their phase transitions and the exit reference list.

Views are thin: they read through parcours.selectors (always scoped to the user, so anything
out of scope is a 404) and write through parcours.services.
"""

import django_filters
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from organisations.models import Membership, Organisation, User
from organisations.selectors import structures_for
from parcours import selectors, services
from parcours.models import ExitReason, Parcours, Person, Phase, PhaseTransition, Programme
from parcours.transitions import REGISTRY, transition_options
from tremplin.api import ErrorSerializer, TransitionConflictSerializer, TransitionReasonSerializer
from tremplin.errors import DomainError

STAFF_ROLES = [Membership.Role.COUNSELLOR, Membership.Role.MANAGER]


# -- small nested representations ---------------------------------------------------------------


class UserSummarySerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="get_full_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "full_name", "email"]


class OrganisationSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "time_zone"]


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["id", "name", "structure", "description", "is_active"]


class ExitCategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    dynamic = serializers.BooleanField()
    counted = serializers.BooleanField()


class ExitReasonSerializer(serializers.ModelSerializer):
    category = ExitCategorySerializer()

    class Meta:
        model = ExitReason
        fields = ["code", "label", "category", "is_active"]


class PersonSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "first_name", "last_name"]


# -- persons ------------------------------------------------------------------------------------


class PersonSerializer(serializers.ModelSerializer):
    eligibility = serializers.ListField(
        child=serializers.ChoiceField(choices=Person.Eligibility.choices), required=False, allow_empty=True
    )
    structure = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none(), required=False)

    class Meta:
        model = Person
        fields = [
            "id",
            "structure",
            "first_name",
            "last_name",
            "birth_name",
            "birth_date",
            "email",
            "phone",
            "address",
            "postal_code",
            "city",
            "pass_iae_number",
            "pass_iae_start",
            "pass_iae_end",
            "eligibility",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["structure"].queryset = structures_for(user=request.user, roles=STAFF_ROLES)

    def validate_eligibility(self, value):
        return sorted(set(value))

    def validate_birth_date(self, value):
        if value and value > timezone.localdate():
            raise serializers.ValidationError("La date de naissance ne peut pas être dans le futur.")
        return value


class PersonUpdateSerializer(PersonSerializer):
    version = serializers.IntegerField(min_value=1, help_text="La version lue ; 409 si la fiche a changé depuis.")

    class Meta(PersonSerializer.Meta):
        read_only_fields = ["structure", "created_at", "updated_at"]

    def validate(self, attrs):
        if "version" not in attrs:  # also on PATCH: every edit says which version it is based on
            raise serializers.ValidationError({"version": ["Ce champ est obligatoire."]})
        return attrs


class PersonFilter(django_filters.FilterSet):
    class Meta:
        model = Person
        fields = ["structure"]


class PersonViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Persons in insertion the user accompanies (counsellor) or whose structure they run (manager)."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    search_fields = ["first_name", "last_name", "birth_name"]
    ordering_fields = ["last_name", "first_name", "created_at"]
    ordering = ["last_name", "first_name", "pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Person.objects.none()
        return selectors.person_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action in {"update", "partial_update"}:
            return PersonUpdateSerializer
        return PersonSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        structure = data.pop("structure", None)
        if structure is None:
            structures = list(structures_for(user=self.request.user, roles=STAFF_ROLES))
            if len(structures) != 1:
                raise serializers.ValidationError({"structure": ["Indiquez la structure qui ouvre le dossier."]})
            structure = structures[0]
        serializer.instance = services.person_create(actor=self.request.user, structure=structure, **data)

    @extend_schema(responses={200: PersonSerializer, 400: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer})
    def update(self, request, *args, **kwargs):
        person = self.get_object()
        serializer = PersonUpdateSerializer(
            person, data=request.data, partial=kwargs.get("partial", False), context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = services.person_update(actor=request.user, person=person, version=data.pop("version"), **data)
        return Response(PersonSerializer(person, context=self.get_serializer_context()).data)

    @extend_schema(responses={200: PersonSerializer, 400: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer})
    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)


# -- parcours -----------------------------------------------------------------------------------


class TransitionOptionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    allowed = serializers.BooleanField()
    reasons = TransitionReasonSerializer(many=True)


class ParcoursSerializer(serializers.ModelSerializer):
    person = PersonSummarySerializer(read_only=True)
    structure = OrganisationSummarySerializer(read_only=True)
    programme = ProgrammeSerializer(read_only=True)
    referent = UserSummarySerializer(read_only=True)
    co_referents = UserSummarySerializer(many=True, read_only=True)
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    phase_label = serializers.CharField(source="get_phase_display", read_only=True)
    exit_reason = ExitReasonSerializer(read_only=True)
    available_transitions = serializers.SerializerMethodField()

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
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(TransitionOptionSerializer(many=True))
    def get_available_transitions(self, parcours: Parcours):
        user = self.context["request"].user
        return [vars(option) for option in transition_options(parcours, user)]


class ParcoursCreateSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    structure = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.none(),
        required=False,
        help_text="Par défaut, la structure qui a ouvert le dossier de la personne.",
    )
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.none(), required=False, allow_null=True)
    entry_date = serializers.DateField()
    referent = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        help_text="Par défaut, l'accompagnateur·rice qui crée le parcours.",
    )
    co_referents = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), many=True, required=False
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return  # schema generation
        user = request.user
        self.fields["person"].queryset = selectors.person_list(user=user)
        self.fields["structure"].queryset = structures_for(user=user, roles=STAFF_ROLES)
        self.fields["programme"].queryset = selectors.programme_list(user=user)


class ReassignSerializer(serializers.Serializer):
    referent = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    co_referents = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        many=True,
        required=False,
        help_text="Remplace la liste des co-référents ; absente, la liste est conservée.",
    )
    version = serializers.IntegerField(min_value=1)


class PhaseTransitionSerializer(serializers.ModelSerializer):
    actor = UserSummarySerializer(read_only=True, allow_null=True)

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
    programme = django_filters.NumberFilter(field_name="programme_id")
    referent = django_filters.NumberFilter(method="filter_referent", label="Référent ou co-référent")
    structure = django_filters.NumberFilter(field_name="structure_id")

    class Meta:
        model = Parcours
        fields = ["phase", "programme", "referent", "structure"]

    def filter_referent(self, queryset, name, value):
        return queryset.filter(Q(referent_id=value) | Q(co_referents__id=value)).distinct()


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

    def _respond(self, parcours_id: int, status_code=status.HTTP_200_OK) -> Response:
        parcours = self.get_queryset().get(pk=parcours_id)
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
        serializer = ReassignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.parcours_reassign(actor=request.user, parcours=parcours, **serializer.validated_data)
        return self._respond(parcours.pk)

    @extend_schema(responses={200: PhaseTransitionSerializer(many=True), 404: ErrorSerializer})
    @action(detail=True, methods=["get"], url_path="transitions", pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """The phase history of the parcours, oldest first."""
        parcours = self.get_object()
        rows = selectors.parcours_history(parcours=parcours)
        return Response(PhaseTransitionSerializer(rows, many=True).data)

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


class ExitReasonViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The official exit reasons, with their categories (reference data)."""

    serializer_class = ExitReasonSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return selectors.exit_reason_list()


class ProgrammeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Programmes of the structures where the user works."""

    serializer_class = ProgrammeSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Programme.objects.none()
        return selectors.programme_list(user=self.request.user)
