"""Bulk import of parcours from a CSV file, for a structure's managers: the template to fill in,
then a dry run or a real import (parcours.imports does the work; format in docs/import.md)."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from organisations.models import Membership, Organisation
from organisations.selectors import structures_for
from parcours import imports
from tremplin.api import ErrorSerializer, ScopedSerializer, object_id_field
from tremplin.errors import Forbidden


def _managed_structures(*, user):
    return structures_for(user=user, roles=[Membership.Role.MANAGER])


class ParcoursImportSerializer(ScopedSerializer):
    scopes = {"structure": _managed_structures}

    file = serializers.FileField(
        help_text=f"Le fichier CSV (UTF-8, séparateur « ; » ou « , »), {imports.MAX_FILE_BYTES // 2**20} Mo au plus."
    )
    structure = object_id_field(
        queryset=Organisation.objects.none(),
        required=False,
        help_text="Structure où importer (dont vous êtes la direction) ; par défaut, la seule que vous dirigez.",
    )
    dry_run = serializers.BooleanField(
        default=True, help_text="Par défaut, un essai : le rapport dit ce qui serait fait, rien n'est écrit."
    )

    def validate_file(self, value):
        if value.size > imports.MAX_FILE_BYTES:
            raise serializers.ValidationError(
                f"Fichier trop volumineux : {imports.MAX_FILE_BYTES // 2**20} Mo au plus. Découpez-le."
            )
        return value


class ImportSummarySerializer(serializers.Serializer):
    persons_created = serializers.IntegerField()
    persons_updated = serializers.IntegerField()
    persons_unchanged = serializers.IntegerField()
    parcours_created = serializers.IntegerField()
    parcours_unchanged = serializers.IntegerField()


class ImportRowSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="Ligne du fichier (l'en-tête est la ligne 1).")
    person = serializers.CharField(help_text="NOM Prénom.")
    person_action = serializers.ChoiceField(choices=["create", "update", "unchanged"])
    parcours_action = serializers.ChoiceField(choices=["create", "unchanged"])
    phase = serializers.CharField()


class ImportErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="Ligne du fichier (l'en-tête est la ligne 1).")
    field = serializers.CharField(help_text="La colonne du fichier (« file » : le fichier entier).", allow_blank=True)
    code = serializers.CharField()
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    code = serializers.CharField(required=False, help_text="« import_invalid » quand une ligne est invalide.")
    message = serializers.CharField(required=False)
    dry_run = serializers.BooleanField()
    committed = serializers.BooleanField(help_text="Vrai quand l'import a été écrit.")
    structure = serializers.IntegerField()
    total_rows = serializers.IntegerField()
    summary = ImportSummarySerializer()
    rows = ImportRowSerializer(many=True)
    errors = ImportErrorSerializer(many=True)


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # The template is an HttpResponse; this only renders an error (401) asked for as CSV.
        return data if isinstance(data, str | bytes) else JSONRenderer().render(data)


class ParcoursImportViewSet(viewsets.GenericViewSet):
    """Import persons and parcours into a structure from a CSV file: managers of the structure only.

    All or nothing: one invalid row and nothing is written. Re-importing a file creates nothing
    twice (persons are matched on their PASS IAE number, else on name and birth date)."""

    serializer_class = ParcoursImportSerializer
    parser_classes = [MultiPartParser, FormParser]
    pagination_class = None
    filter_backends: list = []

    @extend_schema(
        request={"multipart/form-data": ParcoursImportSerializer},
        responses={
            200: ImportReportSerializer,
            400: OpenApiResponse(
                PolymorphicProxySerializer(
                    component_name="ImportFailure",
                    serializers=[ImportReportSerializer, ErrorSerializer],
                    resource_type_field_name=None,
                ),
                description="Une ligne invalide (rapport, code « import_invalid ») ou une requête invalide.",
            ),
            403: ErrorSerializer,
        },
    )
    def create(self, request):
        if not _managed_structures(user=request.user).exists():
            raise Forbidden("Seule la direction d'une structure peut importer des parcours.")
        serializer = ParcoursImportSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        structure = serializer.validated_data.get("structure")
        if structure is None:
            managed = list(_managed_structures(user=request.user)[:2])
            if len(managed) != 1:
                raise serializers.ValidationError({"structure": ["Indiquez la structure où importer."]})
            structure = managed[0]
        report = imports.parcours_import(
            actor=request.user,
            structure=structure,
            data=serializer.validated_data["file"].read(),
            dry_run=serializer.validated_data["dry_run"],
        )
        return Response(report.as_dict(), status=status.HTTP_200_OK if report.is_valid else status.HTTP_400_BAD_REQUEST)

    @extend_schema(request=None, responses={(200, "text/csv"): OpenApiTypes.STR})
    @action(detail=False, methods=["get"], renderer_classes=[JSONRenderer, CsvRenderer])
    def template(self, request):
        """The CSV template: the header and two example rows (docs/import.md describes the columns)."""
        response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{imports.TEMPLATE_FILENAME}"'
        return response
