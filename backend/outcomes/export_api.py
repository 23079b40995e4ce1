"""The outcome exports over HTTP: the figures for managers and network analysts, the parcours list for managers."""

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView

from audit.models import Event
from audit.services import audit_event, audit_parcours_export
from organisations.models import Membership, Organisation
from outcomes import exports, selectors
from outcomes.filters import OutcomeScope, outcome_scope, parse_filters
from tremplin.api import ErrorSerializer
from tremplin.errors import Forbidden
from tremplin.routers import ReplicaReadsMixin


class _FilesOrJsonErrors(BaseContentNegotiation):
    """A file is asked for with ``?file=``, whatever the Accept header says; errors stay JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class _FileSerializer(serializers.Serializer):
    file = serializers.ChoiceField(choices=exports.FORMATS, default="xlsx")


_PARAMETERS = [
    OpenApiParameter("file", str, enum=list(exports.FORMATS), description="Format du fichier (xlsx par défaut)."),
    OpenApiParameter("from", OpenApiTypes.DATE, description="Début de période (par défaut le 1er janvier)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Fin de période, incluse (par défaut aujourd'hui)."),
    OpenApiParameter("structure", OpenApiTypes.INT64, many=True, explode=True, description="Structure(s)."),
    OpenApiParameter("programme", OpenApiTypes.INT64, description="Programme."),
    OpenApiParameter("referent", OpenApiTypes.INT64, description="Accompagnateur·rice référent·e."),
    OpenApiParameter("region", str, description="Région (analystes)."),
]


def _responses(what: str) -> dict:
    files = f"{what} : XLSX (file=xlsx) ou CSV (file=csv : UTF-8 avec BOM, séparateur « ; »)."
    return {
        (200, exports.XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description=files),
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description=files),
        400: ErrorSerializer,
        403: ErrorSerializer,
    }


def _time_zone(scope: OutcomeScope) -> str:
    """Where the file's reader is: their (first) structure, or their network."""
    ids = scope.managed or scope.analysed
    if scope.kind == "analyst":
        ids = tuple(
            Membership.objects.filter(user=scope.user, role=Membership.Role.NETWORK_ANALYST).values_list(
                "organisation_id", flat=True
            )
        )
    return Organisation.objects.filter(pk__in=ids).order_by("name").values_list("time_zone", flat=True).first() or (
        "Europe/Paris"
    )


def _json_filters(body: dict) -> dict:
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in body.items()}


def _file_response(content, *, file_format: str, name: str):
    if file_format == "xlsx":
        return FileResponse(content, as_attachment=True, filename=name, content_type=exports.XLSX_CONTENT_TYPE)
    response = StreamingHttpResponse(content, content_type=exports.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class _ExportView(ReplicaReadsMixin, APIView):  # the read replica, when configured
    content_negotiation_class = _FilesOrJsonErrors

    def file_format(self, request) -> str:
        serializer = _FileSerializer(data={"file": request.query_params.get("file") or "xlsx"})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data["file"]


class OutcomesExportView(_ExportView):
    @extend_schema(
        operation_id="outcomes_export",
        summary="Export des indicateurs",
        description="Les chiffres de summary, timeseries et funnel dans un fichier, avec les filtres et la date de "
        "génération. Direction et analystes du réseau (chiffres masqués comme à l'écran).",
        parameters=_PARAMETERS,
        responses=_responses("Les indicateurs"),
        tags=["outcomes"],
    )
    def get(self, request):
        """The dashboard's figures as a file (managers: their structures; analysts: aggregates, small counts hidden)."""
        scope = outcome_scope(user=request.user)
        if not (scope.kind == "analyst" or (scope.kind == "staff" and scope.managed)):
            raise Forbidden("Les exports sont réservés à la direction et aux analystes du réseau.")
        file_format = self.file_format(request)
        filters = parse_filters(request.user, request.query_params)
        summary = selectors.summary(user=request.user, filters=filters)
        timeseries = selectors.timeseries(user=request.user, filters=filters)
        funnel = selectors.funnel(user=request.user, filters=filters)
        body = filters.as_body()
        if not body["structure"]:
            body["structure"] = [structure["id"] for structure in summary.get("structures") or []]
        described = exports.describe_filters(
            body, generated_at=summary.get("generated_at") or timezone.now(), time_zone=_time_zone(scope)
        )
        figures = exports.figures_layout(summary=summary, timeseries=timeseries, funnel=funnel, filters=described)
        content = exports.figures_xlsx(figures) if file_format == "xlsx" else exports.figures_csv(figures)
        structures = body["structure"] or []
        audit_event(
            event=Event.EXPORT,
            actor=request.user,
            structure_id=structures[0] if len(structures) == 1 else None,
            details={"file": "indicateurs", "format": file_format, "filters": _json_filters(body)},
        )
        return _file_response(content, file_format=file_format, name=exports.filename("indicateurs", body, file_format))


class ParcoursExportView(_ExportView):
    @extend_schema(
        operation_id="outcomes_parcours_export",
        summary="Export de la liste des parcours",
        description="Les parcours de la structure actifs dans la période (entrés avant la fin, pas sortis avant le "
        "début), avec le motif et la catégorie de sortie, pour le dialogue de gestion. Direction seulement.",
        parameters=_PARAMETERS,
        responses=_responses("Les parcours"),
        tags=["outcomes"],
    )
    def get(self, request):
        """The parcours of the structure active during the period, with their exit category, for the funder's review.

        Direction only. No notes, barriers or eligibility criteria."""
        scope = outcome_scope(user=request.user)
        if not scope.managed:
            raise Forbidden("La liste des parcours n'est exportable que par la direction de la structure.")
        file_format = self.file_format(request)
        filters = parse_filters(request.user, request.query_params)
        structures = filters.structure or scope.managed
        if any(pk not in scope.managed for pk in structures):
            raise ValidationError({"structure": ["Structure inconnue ou hors de votre périmètre."]})
        if filters.region:
            structures = tuple(
                Organisation.objects.filter(pk__in=structures, region=filters.region).values_list("pk", flat=True)
            )
        body = {**filters.as_body(), "structure": list(structures)}
        queryset = exports.parcours_for_export(
            structure_ids=list(structures),
            date_from=filters.date_from,
            date_to=filters.date_to,
            programme_id=filters.programme,
            referent_id=filters.referent,
        )
        described = exports.describe_filters(body, generated_at=timezone.now(), time_zone=_time_zone(scope))
        audit_parcours_export(
            actor=request.user,
            parcours=queryset.values_list("pk", "structure_id", "person_id").order_by(),
            details={"file": "parcours", "format": file_format, "filters": _json_filters(body)},
        )
        if file_format == "xlsx":
            content = exports.parcours_xlsx(queryset, described)
        else:
            content = exports.parcours_csv(queryset, described)
        return _file_response(content, file_format=file_format, name=exports.filename("parcours", body, file_format))
