"""Shared API building blocks: pagination and the error-response schema."""

from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class ErrorSerializer(serializers.Serializer):
    """The JSON shape of every error response."""

    code = serializers.CharField()
    message = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


class TransitionReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class TransitionConflictSerializer(ErrorSerializer):
    transition = serializers.CharField()
    reasons = TransitionReasonSerializer(many=True)
    available_transitions = serializers.ListField(child=serializers.CharField())
