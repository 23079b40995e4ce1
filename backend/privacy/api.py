"""Managers' privacy tools: who comes due for anonymisation, and the right-of-access export of
everything held on one person."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.views import APIView

from organisations.models import Membership
from organisations.selectors import structures_for
from parcours.selectors import person_list
from privacy import access, retention
from tremplin.api import ErrorSerializer, Pagination
from tremplin.errors import Forbidden


def _managed_ids(user) -> list[int]:
    ids = list(structures_for(user=user, roles=[Membership.Role.MANAGER]).values_list("pk", flat=True))
    if not ids:
        raise Forbidden("Réservé à la direction de la structure.")
    return ids


class DueQuerySerializer(serializers.Serializer):
    within_days = serializers.IntegerField(
        min_value=0, max_value=3650, default=0, help_text="Horizon : qui arrive à échéance d'ici ce nombre de jours."
    )


class DuePersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class DueSerializer(serializers.Serializer):
    person = DuePersonSerializer()
    structure = serializers.IntegerField(source="person.structure_id")
    last_exit = serializers.DateField()
    last_activity = serializers.DateTimeField()
    due_on = serializers.DateField(
        help_text="Date d'anonymisation : dernière sortie ou activité, plus la durée de conservation."
    )


class RetentionDueView(GenericAPIView):
    """Persons of the structures the user manages who are, or will be within ``within_days``,
    anonymised by the daily rule (last exit or activity + the retention period), soonest first."""

    serializer_class = DueSerializer
    pagination_class = Pagination
    filter_backends = []

    @extend_schema(
        parameters=[DueQuerySerializer],
        responses={200: DueSerializer(many=True), 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def get(self, request):
        query = DueQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        structures = _managed_ids(request.user)
        persons = retention.due_persons(
            now=timezone.now(), horizon_days=query.validated_data["within_days"], structure_ids=structures
        )
        page = self.paginate_queryset(persons)
        return self.get_paginated_response(DueSerializer(retention.describe_due(page), many=True).data)


class AccessExportView(APIView):
    """Right of access (RGPD art. 15): everything held on one person, as JSON or as a readable
    HTML document, for the managers of the person's structure. The export is itself audited."""

    @extend_schema(
        parameters=[OpenApiParameter("file", OpenApiTypes.STR, enum=["json", "html"], default="json")],
        responses={
            (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT, description="Le dossier complet."),
            (200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="Le même, en document lisible."),
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def get(self, request, pk: int):
        person = get_object_or_404(person_list(user=request.user), pk=pk)
        if person.structure_id not in _managed_ids(request.user):
            raise Forbidden("L'export du droit d'accès est réservé à la direction de la structure.")
        file = request.query_params.get("file", "json")
        if file not in ("json", "html"):
            raise serializers.ValidationError({"file": ["Format inconnu : json ou html."]})
        data = access.person_file(person=person, actor=request.user, file=file)
        name = f"droit-d-acces-personne-{person.pk}.{file}"
        if file == "html":
            response = HttpResponse(access.render_html(data), content_type="text/html; charset=utf-8")
        else:
            response = HttpResponse(access.render_json(data), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
