"""The follow-up journal over HTTP: follow-ups, barriers, actions and appointments of the parcours
the user follows or manages (anything else is a 404). Creation is a POST with the parcours;
edits are PATCHes carrying the ``version`` they were based on (an older one is a 409).

Date-times are shown in the structure's time zone; a date-time sent without an offset is read in
that zone too (a counsellor in Réunion types Réunion times).
"""

import datetime as dt

import django_filters
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from audit.models import Event
from audit.services import audit_many, audit_read
from organisations.models import User
from parcours import journal, selectors
from parcours.api.reference import UserSummarySerializer
from parcours.models import Action, Appointment, Barrier, BarrierType, FollowUp, Parcours
from tremplin.api import CodeField, ErrorSerializer, IdFilter, LocalDateTimeField, ScopedSerializer, object_id_field


class StructureDateTimeField(serializers.DateTimeField):
    """Accepts ISO 8601 with or without an offset; without one, the serializer reads it in the
    parcours' structure's zone (see JournalSerializer.validate)."""

    def to_internal_value(self, value):
        if isinstance(value, dt.datetime):
            return value
        try:
            parsed = parse_datetime(value) if isinstance(value, str) else None
        except ValueError:  # well formed but impossible: 2026-02-30, 25:00, an offset of 25 hours
            parsed = None
        if parsed is None:
            self.fail("invalid", format="AAAA-MM-JJTHH:MM[:ss][+HH:MM]")
        if not 1900 <= parsed.year <= 2100:  # also keeps the conversion to UTC within datetime's range
            raise serializers.ValidationError("Date hors limites (années 1900 à 2100).", code="invalid")
        return parsed


class BarrierTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = BarrierType
        fields = ["code", "label"]


class JournalSerializer(ScopedSerializer, serializers.ModelSerializer):
    """Shared by the four kinds of entries: the parcours (in scope) on creation, the version on edits."""

    scopes = {"parcours": selectors.parcours_scope}
    parcours = object_id_field(queryset=Parcours.objects.none())
    created_by = UserSummarySerializer(read_only=True)
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, help_text="Obligatoire pour modifier."
    )
    created_at = LocalDateTimeField(tz_from="parcours.structure")
    updated_at = LocalDateTimeField(tz_from="parcours.structure")
    local_datetime_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple) and "parcours" in self.fields:
            self.fields["parcours"].read_only = True  # an entry stays with its parcours

    def validate(self, data):
        parcours = data.get("parcours") or getattr(self.instance, "parcours", None)
        if self.instance is not None and "version" not in data:
            raise serializers.ValidationError({"version": ["Indiquez la version que vous modifiez."]})
        for name in self.local_datetime_fields:
            value = data.get(name)
            if value is not None and timezone.is_naive(value) and parcours is not None:
                data[name] = timezone.make_aware(value, parcours.structure.tz)
        return data

    def to_representation(self, instance):
        body = super().to_representation(instance)
        for name in self.local_datetime_fields:
            value = getattr(instance, name)
            body[name] = value.astimezone(instance.parcours.structure.tz).isoformat() if value else None
        return body


COMMON = ["id", "parcours", "created_by", "created_at", "updated_at", "version"]


class FollowUpSerializer(JournalSerializer):
    occurred_at = StructureDateTimeField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    local_datetime_fields = ("occurred_at",)

    class Meta:
        model = FollowUp
        fields = [*COMMON, "kind", "kind_label", "occurred_at", "duration_minutes", "note"]
        extra_kwargs = {
            "duration_minutes": {"min_value": 1, "max_value": 720},
            "note": {"max_length": 10000},
        }


class BarrierSerializer(JournalSerializer):
    type = CodeField(
        slug_field="code",
        queryset=BarrierType.objects.all(),
        error_messages={"does_not_exist": "Type de frein inconnu : « {value} »."},
    )
    type_label = serializers.CharField(source="type.label", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    support_label = serializers.CharField(source="get_support_display", read_only=True)

    class Meta:
        model = Barrier
        fields = [
            *COMMON,
            "type",
            "type_label",
            "status",
            "status_label",
            "support",
            "support_label",
            "support_by",
            "identified_on",
            "resolved_on",
        ]
        # The one-open-per-type constraint is the service's (barrier_already_open), not a generic 400.
        validators = []


class ActionSerializer(JournalSerializer):
    # Owners and barriers out of the user's reach answer as if they did not exist (no probing of
    # ids); within it, the service says why one does not fit (owner_not_staff, barrier_elsewhere).
    scopes = {
        **JournalSerializer.scopes,
        "owner": selectors.staff_list,
        "barrier": lambda *, user: selectors.journal_list(user=user, model=Barrier),
    }
    owner = object_id_field(queryset=User.objects.none())
    owner_detail = UserSummarySerializer(source="owner", read_only=True)
    barrier = object_id_field(queryset=Barrier.objects.none(), required=False, allow_null=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Action
        fields = [*COMMON, "title", "status", "status_label", "due_date", "owner", "owner_detail", "barrier"]


class AppointmentSerializer(JournalSerializer):
    starts_at = StructureDateTimeField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    attendance_label = serializers.CharField(source="get_attendance_display", read_only=True)
    local_datetime_fields = ("starts_at",)

    class Meta:
        model = Appointment
        fields = [*COMMON, "kind", "kind_label", "starts_at", "place", "attendance", "attendance_label"]


class JournalFilter(django_filters.FilterSet):
    parcours = IdFilter(field_name="parcours_id")


class _JournalViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    model: type = FollowUp
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return selectors.journal_list(user=self.request.user, model=self.model)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        rows = response.data["results"] if isinstance(response.data, dict) else response.data
        ids = {row["parcours"] for row in rows}
        if ids:
            # One read of the journal per parcours shown, whatever the page size (two queries).
            parcours = Parcours.objects.filter(pk__in=ids)
            audit_many(event=Event.READ, actor=request.user, instances=parcours, details={"view": self.basename})
        return response

    def retrieve(self, request, *args, **kwargs):
        entry = self.get_object()
        audit_read(actor=request.user, instance=entry.parcours, view=self.basename)
        return Response(self.get_serializer(entry).data)

    def _respond(self, pk: int, status_code=status.HTTP_200_OK) -> Response:
        entry = get_object_or_404(self.get_queryset(), pk=pk)
        return Response(self.get_serializer(entry).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        entry = journal.journal_create(actor=request.user, model=self.model, **data)
        return self._respond(entry.pk, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        entry = self.get_object()
        serializer = self.get_serializer(entry, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("parcours", None)
        entry = journal.journal_update(actor=request.user, entry=entry, version=data.pop("version"), **data)
        return self._respond(entry.pk)


def _journal_viewset(model, serializer, filters: dict, ordering: list[str], doc: str):
    filterset = type(
        f"{model.__name__}Filter",
        (JournalFilter,),
        {**filters, "Meta": type("Meta", (), {"model": model, "fields": ["parcours", *filters]})},
    )
    errors = {400: ErrorSerializer, 404: ErrorSerializer}

    # New functions per viewset: decorating the shared ones would let the last viewset's schema win.
    def create(self, request, *args, **kwargs):
        return _JournalViewSet.create(self, request, *args, **kwargs)

    def partial_update(self, request, *args, **kwargs):
        return _JournalViewSet.partial_update(self, request, *args, **kwargs)

    viewset = type(
        f"{model.__name__}ViewSet",
        (_JournalViewSet,),
        {
            "__doc__": doc,
            "model": model,
            "serializer_class": serializer,
            "filterset_class": filterset,
            "ordering": ordering,
            "ordering_fields": [name.lstrip("-") for name in ordering if name.lstrip("-") != "pk"],
            "create": extend_schema(responses={201: serializer, **errors})(create),
            "partial_update": extend_schema(responses={200: serializer, **errors, 409: ErrorSerializer})(
                partial_update
            ),
        },
    )
    return viewset


FollowUpViewSet = _journal_viewset(
    FollowUp,
    FollowUpSerializer,
    {"kind": django_filters.ChoiceFilter(choices=FollowUp.Kind.choices)},
    ["-occurred_at", "-pk"],
    "Follow-ups (interviews, workshops, visits, calls) of the parcours the user follows or manages.",
)
BarrierViewSet = _journal_viewset(
    Barrier,
    BarrierSerializer,
    {"status": django_filters.MultipleChoiceFilter(choices=Barrier.Status.choices)},
    ["status", "identified_on", "pk"],
    "Coded barriers (freins) of the parcours the user follows or manages.",
)
ActionViewSet = _journal_viewset(
    Action,
    ActionSerializer,
    {"status": django_filters.MultipleChoiceFilter(choices=Action.Status.choices)},
    ["due_date", "pk"],
    "The action plan of the parcours the user follows or manages.",
)
AppointmentViewSet = _journal_viewset(
    Appointment,
    AppointmentSerializer,
    {"attendance": django_filters.ChoiceFilter(choices=Appointment.Attendance.choices)},
    ["-starts_at", "-pk"],
    "Appointments of the parcours the user follows or manages, and whether the person came.",
)


class BarrierTypeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The coded barriers (reference list)."""

    serializer_class = BarrierTypeSerializer
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return BarrierType.objects.filter(is_active=True)
