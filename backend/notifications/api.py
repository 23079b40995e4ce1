"""HTTP API of notifications: the requesting user's own, newest first, with the unread count in
every page; mark one or all read; the preferences per kind and channel. Another user's
notification is a 404."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from notifications import services
from notifications.models import Kind, Notification
from tremplin.api import ErrorSerializer, Pagination


class NotificationPagination(Pagination):
    """The usual page, plus ``unread_count``: the user's unread notifications, all pages together."""

    def paginate_queryset(self, queryset, request, view=None):
        self.unread_count = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["unread_count"] = self.unread_count
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["unread_count"] = {"type": "integer", "example": 3}
        schema["required"] = [*schema.get("required", []), "unread_count"]
        return schema


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Kind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "title", "body", "link", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    def get_is_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="Notifications marquées comme lues par cet appel.")
    unread_count = serializers.IntegerField()


# Refuses keys it does not know: a misspelt kind or channel would otherwise be ignored, and the
# PATCH would answer 200 while nothing changed. (A comment, not a docstring: the schema shows those.)
class _NoUnknownKeys(serializers.Serializer):
    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: ["Clé inconnue."] for key in unknown})
        return super().to_internal_value(data)


class ChannelsSerializer(_NoUnknownKeys):
    """Les canaux d'un type de notification ; une clé inconnue est refusée."""

    email = serializers.BooleanField(required=False)
    in_app = serializers.BooleanField(required=False)


# One entry per kind, built from Kind so that a new kind can be switched off as soon as it exists;
# in a PATCH, every kind and channel is optional.
PreferencesSerializer = type(
    "PreferencesSerializer",
    (_NoUnknownKeys,),
    {
        "__doc__": "One entry per kind; in a PATCH, every kind and channel is optional.",
        "__module__": __name__,
        **{kind.value: ChannelsSerializer(required=False, help_text=kind.label) for kind in Kind},
    },
)


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination
    filter_backends: list = []
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        queryset = Notification.objects.filter(user=self.request.user).order_by("-created_at", "-pk")
        unread = self.request.query_params.get("unread", "").lower()
        if unread in {"true", "1"}:
            queryset = queryset.filter(read_at__isnull=True)
        return queryset

    @extend_schema(
        summary="Mes notifications, les plus récentes d'abord",
        parameters=[OpenApiParameter("unread", bool, description="Seulement les non lues.")],
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Marquer une notification comme lue",
        request=None,
        responses={200: NotificationSerializer, 404: OpenApiResponse(ErrorSerializer)},
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = get_object_or_404(Notification, pk=pk, user=request.user)
        services.notification_mark_read(user=request.user, notification=notification)
        return Response(NotificationSerializer(notification).data)

    @extend_schema(summary="Tout marquer comme lu", request=None, responses={200: ReadAllSerializer})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        marked = services.notification_mark_all_read(user=request.user)
        return Response({"marked": marked, "unread_count": 0})

    @extend_schema(methods=["GET"], summary="Mes préférences de notification", responses={200: PreferencesSerializer})
    @extend_schema(
        methods=["PATCH"],
        summary="Activer ou couper un type de notification, par canal",
        request=PreferencesSerializer,
        responses={200: PreferencesSerializer, 400: OpenApiResponse(ErrorSerializer)},
    )
    @action(detail=False, methods=["get", "patch"], pagination_class=None)
    def preferences(self, request):
        if request.method == "GET":
            return Response(services.preferences_get(user=request.user))
        serializer = PreferencesSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return Response(services.preferences_update(user=request.user, changes=serializer.validated_data))
