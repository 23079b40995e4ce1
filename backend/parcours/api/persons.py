"""Persons in insertion: list, register, read, update (with a version, 409 when stale)."""

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from audit.services import audit_read
from organisations.models import Membership, Organisation
from organisations.selectors import structures_for
from parcours import selectors, services
from parcours.models import Person
from tremplin.api import ErrorSerializer, IdFilter, LocalDateTimeField, object_id_field


class PersonSerializer(serializers.ModelSerializer):
    eligibility = serializers.ListField(
        child=serializers.ChoiceField(choices=Person.Eligibility.choices), required=False, allow_empty=True
    )
    structure = object_id_field(
        queryset=Organisation.objects.none(),
        required=False,
        help_text="Structure qui ouvre le dossier ; par défaut, la seule où vous travaillez.",
    )
    created_at = LocalDateTimeField()
    updated_at = LocalDateTimeField()

    class Meta:
        model = Person
        fields = [
            "id",
            "structure",
            *services.PERSON_EDITABLE_FIELDS,
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated and not self.fields["structure"].read_only:
            self.fields["structure"].queryset = structures_for(user=request.user, roles=Membership.STAFF_ROLES)

    def validate_eligibility(self, value):
        return sorted(set(value))

    def validate(self, attrs):
        structure = attrs.get("structure") or getattr(self.instance, "structure", None)
        today = structure.today() if structure else timezone.localdate()
        birth_date = attrs.get("birth_date")
        if birth_date and birth_date > today:
            raise serializers.ValidationError({"birth_date": ["La date de naissance ne peut pas être dans le futur."]})
        return attrs


class PersonUpdateSerializer(PersonSerializer):
    structure = serializers.PrimaryKeyRelatedField(read_only=True)
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="La version lue ; 409 si la fiche a changé depuis."
    )

    def validate(self, attrs):
        if "version" not in attrs:  # also on PATCH: every edit says which version it is based on
            raise serializers.ValidationError({"version": ["Ce champ est obligatoire."]})
        return super().validate(attrs)


class PersonFilter(django_filters.FilterSet):
    structure = IdFilter(field_name="structure_id")

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
    """Persons in insertion the user accompanies (counsellor) or whose structure they run (manager).

    Updates are partial (PATCH) and carry the ``version`` they were based on."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    search_fields = ["first_name", "last_name", "birth_name"]
    ordering_fields = ["last_name", "first_name", "created_at"]
    ordering = ["last_name", "first_name", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Person.objects.none()
        return selectors.person_list(user=self.request.user)

    def retrieve(self, request, *args, **kwargs):
        person = self.get_object()
        audit_read(actor=request.user, instance=person, view="person")
        return Response(self.get_serializer(person).data)

    def get_serializer_class(self):
        return PersonUpdateSerializer if self.action == "partial_update" else PersonSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        structure = data.pop("structure", None)
        if structure is None:
            structures = list(structures_for(user=self.request.user, roles=Membership.STAFF_ROLES)[:2])
            if len(structures) != 1:
                raise serializers.ValidationError({"structure": ["Indiquez la structure qui ouvre le dossier."]})
            structure = structures[0]
        serializer.instance = services.person_create(actor=self.request.user, structure=structure, **data)

    @extend_schema(
        responses={
            200: PersonSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        }
    )
    def partial_update(self, request, *args, **kwargs):
        person = self.get_object()
        serializer = PersonUpdateSerializer(
            person, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = services.person_update(actor=request.user, person=person, version=data.pop("version"), **data)
        return Response(PersonSerializer(person, context=self.get_serializer_context()).data)
