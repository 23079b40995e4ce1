"""Reference lists (exit reasons, programmes) and the small nested representations."""

from rest_framework import mixins, serializers, viewsets

from organisations.models import Organisation, User
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
