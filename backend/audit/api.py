"""``GET /api/v1/audit-entries/``: who read, changed, exported or imported what in the structures
the user manages; filter by person to answer « who looked at this person's file »."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from audit.models import AuditEntry, Event
from audit.selectors import audit_entries
from tremplin.api import ErrorSerializer, IdFilter


class AuditActorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="get_full_name")
    email = serializers.EmailField()


class AuditEntrySerializer(serializers.ModelSerializer):
    event_label = serializers.CharField(source="get_event_display")
    actor = AuditActorSerializer(allow_null=True)
    object_type = serializers.SerializerMethodField()
    object_id = serializers.CharField(source="object_pk")
    object = serializers.CharField(source="object_repr")
    request_id = serializers.CharField(source="cid", allow_null=True)
    changes = serializers.JSONField(
        allow_null=True,
        help_text="Champ → [ancienne valeur, nouvelle valeur]. Identité, coordonnées et texte libre : « [masqué] ».",
    )
    details = serializers.JSONField(source="additional_data", allow_null=True)

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "timestamp",
            "event",
            "event_label",
            "actor",
            "object_type",
            "object_id",
            "object",
            "structure",
            "person",
            "parcours",
            "changes",
            "details",
            "request_id",
        ]

    def get_object_type(self, entry) -> str | None:
        return entry.content_type.model_class()._meta.verbose_name if entry.content_type_id else None


class AuditEntryFilter(django_filters.FilterSet):
    person = IdFilter(field_name="person_id")
    parcours = IdFilter(field_name="parcours_id")
    actor = IdFilter(field_name="actor_id")
    event = django_filters.MultipleChoiceFilter(choices=Event.choices)
    date_from = django_filters.DateFilter(field_name="timestamp", lookup_expr="date__gte", label="Depuis le")
    date_to = django_filters.DateFilter(field_name="timestamp", lookup_expr="date__lte", label="Jusqu'au")

    class Meta:
        model = AuditEntry
        fields = ["person", "parcours", "actor", "event"]


@extend_schema_view(list=extend_schema(responses={200: AuditEntrySerializer(many=True), 403: ErrorSerializer}))
class AuditEntryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The audit trail of the structures the user manages (managers only), newest first."""

    serializer_class = AuditEntrySerializer
    filterset_class = AuditEntryFilter
    ordering_fields = ["timestamp"]
    ordering = ["-timestamp", "-pk"]
    search_fields = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEntry.objects.none()
        return audit_entries(user=self.request.user)
