"""Thin read-only views over outcomes.selectors; the serializers below only describe the bodies
(docs/outcomes.md) for the OpenAPI schema the web app's types are generated from."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from outcomes import selectors
from outcomes.filters import parse_filters
from parcours.models import Phase
from trainings.models import VaeApplication
from tremplin.api import ErrorSerializer
from tremplin.routers import ReplicaReadsMixin


class OutcomeCountSerializer(serializers.Serializer):
    value = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()


class OutcomeRateSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True, help_text="Entre 0 et 1 ; null sans dénominateur ou masqué.")
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()


class OutcomeStatSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField()


class OutcomeFiltersSerializer(serializers.Serializer):
    # ``from`` is a Python keyword: the field is renamed below.
    date_from = serializers.DateField()
    to = serializers.DateField()
    structure = serializers.ListField(child=serializers.IntegerField())
    programme = serializers.IntegerField(allow_null=True)
    referent = serializers.IntegerField(allow_null=True)
    region = serializers.CharField(allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("date_from")
        return fields


class _Body(serializers.Serializer):
    filters = OutcomeFiltersSerializer()
    generated_at = serializers.DateTimeField()


class OutcomeExitCategoryCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    counted = serializers.BooleanField()
    dynamic = serializers.BooleanField()
    count = OutcomeCountSerializer()


class OutcomePhaseCountSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=Phase.choices)
    label = serializers.CharField()
    count = OutcomeCountSerializer()


class OutcomeLengthDaysSerializer(serializers.Serializer):
    mean = OutcomeStatSerializer()
    median = OutcomeStatSerializer()


class OutcomeFiguresSerializer(serializers.Serializer):
    exits_by_category = OutcomeExitCategoryCountSerializer(many=True)
    counted_exits = OutcomeCountSerializer()
    dynamic_exit_rate = OutcomeRateSerializer()
    durable_employment_rate = OutcomeRateSerializer()
    active_by_phase = OutcomePhaseCountSerializer(many=True, help_text="Parcours ouverts à la date de fin.")
    entries = OutcomeCountSerializer()
    length_days = OutcomeLengthDaysSerializer(help_text="Durée des parcours sortis dans la période.")


class OutcomeTargetsSerializer(serializers.Serializer):
    dynamic_exit_rate = serializers.FloatField()
    durable_employment_rate = serializers.FloatField()


class OutcomeStructureFiguresSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    region = serializers.CharField()
    figures = OutcomeFiguresSerializer()


class OutcomeSummarySerializer(_Body):
    targets = OutcomeTargetsSerializer()
    total = OutcomeFiguresSerializer()
    structures = OutcomeStructureFiguresSerializer(many=True)


class OutcomeMonthExitSerializer(serializers.Serializer):
    code = serializers.CharField()
    count = OutcomeCountSerializer()


class OutcomeMonthSerializer(serializers.Serializer):
    month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="AAAA-MM")
    entries = OutcomeCountSerializer()
    exits = OutcomeMonthExitSerializer(many=True)


class OutcomeTimeseriesSerializer(_Body):
    months = OutcomeMonthSerializer(many=True)


class OutcomeFunnelSerializer(_Body):
    entered = OutcomeCountSerializer()
    phases = OutcomePhaseCountSerializer(many=True)
    exited = OutcomeCountSerializer()
    durable_employment = OutcomeCountSerializer()


class OutcomePlacementsSerializer(_Body):
    proposed = OutcomeCountSerializer()
    confirmed = OutcomeCountSerializer()
    declined = OutcomeCountSerializer()
    confirmation_rate = OutcomeRateSerializer()
    median_answer_days = OutcomeStatSerializer()


class OutcomeTrainingsSerializer(_Body):
    enrolments = OutcomeCountSerializer()
    completed = OutcomeCountSerializer()
    passed = OutcomeCountSerializer()
    dropped = OutcomeCountSerializer()
    completion_rate = OutcomeRateSerializer()


class OutcomeVaeStateCountSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=VaeApplication.State.choices)
    label = serializers.CharField()
    count = OutcomeCountSerializer()


class OutcomeVaeSerializer(_Body):
    applications = OutcomeCountSerializer()
    by_state = OutcomeVaeStateCountSerializer(many=True)
    validated_full = OutcomeCountSerializer()
    validated_partial = OutcomeCountSerializer()


FILTER_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="Début de période (défaut : 1er janvier)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Fin de période incluse (défaut : aujourd'hui)."),
    OpenApiParameter("structure", OpenApiTypes.INT, many=True, description="Structure(s) du périmètre."),
    OpenApiParameter("programme", OpenApiTypes.INT),
    OpenApiParameter("referent", OpenApiTypes.INT, description="Accompagnateur·rice (pas pour les analystes)."),
    OpenApiParameter("region", OpenApiTypes.STR),
]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer}


def render_body(body: dict) -> dict:
    """The selectors already return the documented shape (the serializers above, which the schema
    is generated from; tests/outcomes/test_contract.py checks both agree): only the generation
    time needs DRF's rendering. Running the nested serializers over the body cost about as much as
    the summary's query for one structure (bench/outcomes_summary.py)."""
    return {**body, "generated_at": _GENERATED_AT.to_representation(body["generated_at"])}


_GENERATED_AT = serializers.DateTimeField()


def _view(selector, serializer, summary: str):
    class View(ReplicaReadsMixin, APIView):  # the read replica, when configured
        @extend_schema(
            operation_id=f"outcomes_{selector.__name__}",
            summary=summary,
            parameters=FILTER_PARAMETERS,
            responses={200: serializer, **ERRORS},
            tags=["outcomes"],
        )
        def get(self, request):
            filters = parse_filters(request.user, request.query_params)
            return Response(render_body(selector(user=request.user, filters=filters)))

    View.__name__ = View.__qualname__ = f"Outcome{selector.__name__.title()}View"
    View.__doc__ = summary
    return View


OutcomeSummaryView = _view(selectors.summary, OutcomeSummarySerializer, "Sorties, taux, entrées, actifs, durées")
OutcomeTimeseriesView = _view(selectors.timeseries, OutcomeTimeseriesSerializer, "Entrées et sorties par mois")
OutcomeFunnelView = _view(selectors.funnel, OutcomeFunnelSerializer, "Entonnoir des phases")
OutcomePlacementsView = _view(selectors.placements, OutcomePlacementsSerializer, "Mises en situation : réponses")
OutcomeTrainingsView = _view(selectors.trainings, OutcomeTrainingsSerializer, "Formations : achèvement")
OutcomeVaeView = _view(selectors.vae, OutcomeVaeSerializer, "VAE : résultats")
