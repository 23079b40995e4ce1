"""Shared API building blocks: pagination, id fields and filters, the error-response schema."""

from typing import Any

import django_filters
from django import forms
from django.http import JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class StableOrderingFilter(OrderingFilter):
    """Ordering with the primary key as last tie-breaker, so that pages never repeat or skip rows
    that share a sort value (many parcours start on the same date)."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if ordering and not {"pk", "-pk", "id", "-id"} & set(ordering):
            ordering.append("-pk" if ordering[0].startswith("-") else "pk")
        return ordering


# A field's errors: a list of messages, or, for a nested object or a list of them, the errors of
# each of their fields (keyed by field name or by position in the list).
FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object", "additionalProperties": {}}]}},
            {"type": "object", "additionalProperties": {}},
        ]
    },
}


@extend_schema_field(FIELD_ERRORS_SCHEMA)
class FieldErrorsField(serializers.DictField):
    pass


class ErrorSerializer(serializers.Serializer):
    """The JSON shape of every error response."""

    code = serializers.CharField()
    message = serializers.CharField()
    errors = FieldErrorsField(required=False)


class TransitionReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class TransitionConflictSerializer(ErrorSerializer):
    transition = serializers.CharField()
    reasons = TransitionReasonSerializer(many=True)
    available_transitions = serializers.ListField(child=serializers.CharField())


# Ids are bigints. Bounding them turns 1e400, 1.7 or 10**30 into a 400 instead of an
# OverflowError (a 500) or a silently truncated id.
MAX_ID = 2**63 - 1


# A request body whose id fields only accept objects in the requesting user's scope: an id out of
# scope is "does not exist", as an unknown one. ``scopes`` maps each field to a selector called
# with ``user=``. (A comment, not a docstring: the schema would show it on every subclass.)
class ScopedSerializer(serializers.Serializer):
    scopes: dict[str, Any] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return  # schema generation
        for name, scope in self.scopes.items():
            field = self.fields[name]
            getattr(field, "child_relation", field).queryset = scope(user=request.user)  # many=True or one


class PartnerHidesParcoursMixin:
    """For objects a partner organisation also reads (placements, enrolments): its people do not
    learn which parcours the object belongs to. ``parcours`` is left out of the body whenever the
    reader may not change the object (``can_change``, annotated by the selectors)."""

    @staticmethod
    def parcours_field(partner: str) -> serializers.IntegerField:
        # Not read-only in the schema's eyes, so that it is not listed as always present.
        return serializers.IntegerField(source="parcours_id", required=False, help_text=f"Absent pour {partner}.")

    def to_representation(self, instance):
        body = super().to_representation(instance)
        if not instance.can_change:
            body.pop("parcours")
        return body


def object_id_field(**kwargs) -> serializers.PrimaryKeyRelatedField:
    """A primary-key field that only accepts a positive integer id; the queryset sets the scope."""
    return serializers.PrimaryKeyRelatedField(
        pk_field=serializers.IntegerField(min_value=1, max_value=MAX_ID), **kwargs
    )


class CodeField(serializers.SlugRelatedField):
    """An entry of a reference list (exit reason, barrier type, certification) by its code. A code
    holding a NUL character is refused before the lookup: PostgreSQL text cannot hold one, and the
    query would fail with a 500 (found by the schemathesis long run)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            raise serializers.ValidationError(
                "Les caractères nuls ne sont pas autorisés.", code="null_characters_not_allowed"
            )
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.INT64)
class IdFilter(django_filters.Filter):
    """Filter on an integer id, bounded (django-filter's NumberFilter is a Decimal)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def json_not_found(request, exception=None):
    """404 for URLs no route matches, in the API's error shape."""
    return JsonResponse({"code": "not_found", "message": "Introuvable."}, status=404)


def json_bad_request(request, exception=None):
    """400 for requests Django itself refuses (SuspiciousOperation outside the API's views)."""
    return JsonResponse({"code": "bad_request", "message": "Requête invalide."}, status=400)


def json_server_error(request):
    return JsonResponse({"code": "server_error", "message": "Erreur interne. L'équipe a été prévenue."}, status=500)


class LocalDateTimeField(serializers.DateTimeField):
    """A UTC-stored datetime shown in the time zone of the structure it belongs to (ISO 8601 with
    that zone's offset): a Réunion counsellor reads Réunion times. The zone comes from
    ``context["time_zone"]`` when the view sets it, else from the attribute path ``tz_from``."""

    def __init__(self, *, tz_from: str = "structure", **kwargs):
        self.tz_from = tz_from
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        if value is None:
            return None
        zone = self.context.get("time_zone")
        if zone is None:
            owner = instance
            for name in self.tz_from.split("."):
                owner = getattr(owner, name)
            zone = owner.tz
        return value.astimezone(zone)

    def to_representation(self, value):
        return value.isoformat()
