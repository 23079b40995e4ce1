"""Reference lists (exit reasons, programmes) and the small nested representations."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets

from organisations.models import Membership, Organisation, User
from parcours import selectors
from parcours.models import ExitReason, Person, Programme


class UserSummarySerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="get_full_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "full_name", "email"]


class OrganisationSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "time_zone"]


class PersonSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "first_name", "last_name"]


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


class CounsellorSerializer(UserSummarySerializer):
    structures = serializers.SerializerMethodField()

    class Meta(UserSummarySerializer.Meta):
        fields = [*UserSummarySerializer.Meta.fields, "structures"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_structures(self, user: User) -> list[int]:
        return sorted(m.organisation_id for m in user.counsellor_memberships)


class CounsellorViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Counsellors of the structures where the user works: who may be referent (filters, reassignment)."""

    serializer_class = CounsellorSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        return (
            selectors.counsellor_list(user=self.request.user)
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.filter(role=Membership.Role.COUNSELLOR),
                    to_attr="counsellor_memberships",
                )
            )
            .order_by("last_name", "first_name", "pk")
        )
