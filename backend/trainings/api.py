"""HTTP API of the trainings app: certifications, sessions, enrolments and VAE applications.

Views are thin: they read through trainings.selectors (scoped to the user, so anything out of
scope is a 404) and write through trainings.services. An object the user sees but may not move
answers 409 with the reason ``not_allowed_for_user``.
"""

from decimal import Decimal

import django_filters
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from organisations.selectors import organisations_of
from parcours.api.parcours import TransitionOptionSerializer
from parcours.api.reference import UserSummarySerializer
from parcours.models import Parcours
from parcours.selectors import parcours_scope
from trainings import selectors, services
from trainings.models import AttendanceRecord, Certification, Enrolment, TrainingSession, VaeApplication
from trainings.transitions import (
    ENROLMENT_TRANSITIONS,
    VAE_TRANSITIONS,
    enrolment_options,
    training_blocs,
    vae_options,
)
from tremplin.api import (
    MAX_ID,
    CodeField,
    ErrorSerializer,
    IdFilter,
    LocalDateTimeField,
    PartnerHidesParcoursMixin,
    ScopedSerializer,
    TransitionConflictSerializer,
    object_id_field,
)
from tremplin.errors import DomainError


def _id_or_404(raw) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 1 <= value <= MAX_ID:
        raise Http404
    return value


def _date_param(raw: str):
    try:
        return serializers.DateField().run_validation(raw)
    except serializers.ValidationError as error:
        raise serializers.ValidationError({"date": error.detail}) from None


def _spec(registry, name: str):
    spec = registry.get(name)
    if spec is None:
        raise DomainError(
            f"Transition inconnue : « {name} ». Transitions existantes : {', '.join(sorted(registry))}.",
            code="unknown_transition",
            field="name",
        )
    return spec


def _transition_schema(registry, request_serializer, response_serializer):
    return extend_schema(
        request=request_serializer,
        parameters=[OpenApiParameter("name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=sorted(registry))],
        responses={
            200: response_serializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            409: OpenApiResponse(TransitionConflictSerializer, description="Transition impossible maintenant."),
        },
    )


# -- reference -------------------------------------------------------------------------------


class BlocSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    label = serializers.CharField()


class CertificationSerializer(serializers.ModelSerializer):
    blocs = BlocSerializer(many=True, read_only=True)

    class Meta:
        model = Certification
        fields = ["id", "code", "title", "rncp", "required_experience_hours", "blocs"]
        read_only_fields = fields


class CertificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The certifications a parcours can lead to, with their blocs (reference data)."""

    serializer_class = CertificationSerializer
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return selectors.certification_list()


# -- sessions --------------------------------------------------------------------------------


class CertificationSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()


class TrainingSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    duration_hours = serializers.IntegerField()
    certification = CertificationSummarySerializer(allow_null=True)


class OrganisationNameSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TrainingSessionSerializer(serializers.ModelSerializer):
    training = TrainingSummarySerializer(read_only=True)
    training_body = OrganisationNameSerializer(read_only=True)
    seats_taken = serializers.IntegerField(read_only=True, help_text="Inscriptions acceptées, en cours ou terminées.")
    seats_left = serializers.SerializerMethodField()
    applied_count = serializers.IntegerField(read_only=True, help_text="Candidatures en attente de décision.")
    attending_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "training",
            "training_body",
            "start_date",
            "end_date",
            "place",
            "capacity",
            "seats_taken",
            "seats_left",
            "applied_count",
            "attending_count",
        ]
        read_only_fields = fields

    def get_seats_left(self, session) -> int:
        return max(session.capacity - session.seats_taken, 0)


class SessionFilter(django_filters.FilterSet):
    training = IdFilter(field_name="training_id")
    certification = django_filters.CharFilter(field_name="training__certification__code")
    current = django_filters.BooleanFilter(method="filter_current", help_text="Sessions pas encore terminées.")

    class Meta:
        model = TrainingSession
        fields = ["training", "certification", "current"]

    def filter_current(self, queryset, name, value):
        # "Today" where the user works, in the zone furthest behind if several: a Réunion
        # counsellor still sees a session ending today in Paris, and the services judge the rest.
        today = min(
            (organisation.today() for organisation in organisations_of(user=self.request.user)),
            default=timezone.localdate(),
        )
        return queryset.filter(end_date__gte=today) if value else queryset.filter(end_date__lt=today)


class EnrolledPersonSerializer(serializers.Serializer):
    """What the training body may know of the person: the name, nothing else."""

    first_name = serializers.CharField()
    last_name = serializers.CharField()


class AttendanceRowSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField(source="pk")
    person = serializers.SerializerMethodField()
    state = serializers.ChoiceField(choices=Enrolment.State.choices)
    editable = serializers.SerializerMethodField(help_text="Acceptée ou en formation : la ligne peut être saisie.")
    status = serializers.ChoiceField(
        source="day_status", choices=AttendanceRecord.Status.choices, allow_null=True, help_text="Null : pas saisi."
    )

    @extend_schema_field(EnrolledPersonSerializer)
    def get_person(self, enrolment):
        person = enrolment.parcours.person
        return {"first_name": person.first_name, "last_name": person.last_name}

    def get_editable(self, enrolment) -> bool:
        return enrolment.state in (Enrolment.State.ACCEPTED, Enrolment.State.ATTENDING)


class AttendanceSheetSerializer(serializers.Serializer):
    session = serializers.IntegerField()
    date = serializers.DateField()
    editable = serializers.BooleanField(help_text="Le jour est dans la session et pas dans le futur.")
    rows = AttendanceRowSerializer(many=True)


class AttendanceLineSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    status = serializers.ChoiceField(choices=AttendanceRecord.Status.choices)


class AttendanceInputSerializer(serializers.Serializer):
    date = serializers.DateField()
    records = AttendanceLineSerializer(many=True, allow_empty=False, max_length=500)

    def validate_records(self, records):
        enrolments = [record["enrolment"] for record in records]
        if len(set(enrolments)) != len(enrolments):
            raise serializers.ValidationError("Une même inscription figure deux fois.")
        return records


class TrainingSessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Training sessions: every one for the structures' staff (to enrol people), their own for
    the training bodies' trainers."""

    serializer_class = TrainingSessionSerializer
    filterset_class = SessionFilter
    ordering_fields = ["start_date", "end_date"]
    ordering = ["start_date", "pk"]
    search_fields = ["training__title", "place", "training_body__name"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TrainingSession.objects.none()
        return selectors.session_list(user=self.request.user)

    def _sheet(self, session: TrainingSession, day) -> Response:
        today = session.training_body.today()
        body = {
            "session": session.pk,
            "date": day,
            "editable": session.start_date <= day <= min(session.end_date, today),
            "rows": selectors.attendance_sheet(session=session, date=day),
        }
        return Response(AttendanceSheetSerializer(body).data)

    @extend_schema(
        methods=["GET"],
        parameters=[OpenApiParameter("date", OpenApiTypes.DATE, description="Le jour (aujourd'hui par défaut).")],
        responses={200: AttendanceSheetSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    @extend_schema(
        methods=["PUT"],
        request=AttendanceInputSerializer,
        responses={200: AttendanceSheetSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    @action(detail=True, methods=["get", "put"], url_path="attendance", filter_backends=[], pagination_class=None)
    def attendance(self, request, pk=None):
        """The day's attendance sheet (feuille d'émargement), for the training body's trainers."""
        session = selectors.attendance_session(user=request.user, session_id=_id_or_404(pk))
        if session is None:
            raise Http404
        if request.method == "GET":
            raw = request.query_params.get("date")
            return self._sheet(session, _date_param(raw) if raw else session.training_body.today())
        serializer = AttendanceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.attendance_record(
            actor=request.user,
            session=session,
            date=data["date"],
            records=[(record["enrolment"], record["status"]) for record in data["records"]],
        )
        return self._sheet(session, data["date"])


# -- enrolments ------------------------------------------------------------------------------


class EnrolmentSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    training = TrainingSummarySerializer()
    training_body = OrganisationNameSerializer()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    place = serializers.CharField()
    capacity = serializers.IntegerField()
    certification_blocs = serializers.SerializerMethodField()

    @extend_schema_field(BlocSerializer(many=True))
    def get_certification_blocs(self, session):
        """The blocs this training prepares: those its results can validate."""
        return BlocSerializer(training_blocs(session.training), many=True).data


class AttendanceCountSerializer(serializers.Serializer):
    """Days recorded on the session's attendance sheet."""

    present = serializers.IntegerField()
    absent = serializers.IntegerField()
    excused = serializers.IntegerField()


class EnrolmentSerializer(PartnerHidesParcoursMixin, serializers.ModelSerializer):
    parcours = PartnerHidesParcoursMixin.parcours_field("l'organisme de formation")
    person = EnrolledPersonSerializer(source="parcours.person", read_only=True)
    session = EnrolmentSessionSerializer(read_only=True)
    seats_taken = serializers.IntegerField(source="session_seats_taken", read_only=True)
    state = serializers.ChoiceField(choices=Enrolment.State.choices, read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    result = serializers.ChoiceField(
        choices=Enrolment.Result.choices, allow_blank=True, read_only=True, help_text="Vide tant que non terminée."
    )
    result_label = serializers.CharField(source="get_result_display", read_only=True)
    validated_blocs = BlocSerializer(many=True, read_only=True)
    applied_by = UserSummarySerializer(read_only=True)
    attendance = serializers.SerializerMethodField()
    available_transitions = serializers.SerializerMethodField()
    created_at = LocalDateTimeField(tz_from="session.training_body", help_text="Dans le fuseau du lecteur.")

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "parcours",
            "person",
            "session",
            "seats_taken",
            "state",
            "state_label",
            "result",
            "result_label",
            "validated_blocs",
            "refusal_reason",
            "applied_by",
            "attendance",
            "version",
            "available_transitions",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(AttendanceCountSerializer)
    def get_attendance(self, enrolment: Enrolment):
        return {status: getattr(enrolment, f"days_{status}", 0) for status in AttendanceRecord.Status.values}

    @extend_schema_field(TransitionOptionSerializer(many=True))
    def get_available_transitions(self, enrolment: Enrolment):
        return [vars(option) for option in enrolment_options(enrolment, self.context["request"].user)]

    def to_representation(self, enrolment: Enrolment):
        body = super().to_representation(enrolment)
        if enrolment.can_change:  # the structure's staff read times in their structure's zone
            body["created_at"] = enrolment.created_at.astimezone(enrolment.parcours.structure.tz).isoformat()
        return body


class EnrolmentCreateSerializer(ScopedSerializer):
    scopes = {"parcours": parcours_scope, "session": selectors.session_scope}

    parcours = object_id_field(queryset=Parcours.objects.none())
    session = object_id_field(queryset=TrainingSession.objects.none())
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class EnrolmentTransitionRequestSerializer(serializers.Serializer):
    """Union of the transition bodies, for the schema."""

    comment = serializers.CharField(required=False, allow_blank=True)
    refusal_reason = serializers.CharField(required=False, help_text="refuse : motif (obligatoire).")
    result = serializers.ChoiceField(
        choices=Enrolment.Result.choices, required=False, help_text="complete : résultat (obligatoire)."
    )
    validated_blocs = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="complete : numéros des blocs validés."
    )


class EnrolmentFilter(django_filters.FilterSet):
    parcours = IdFilter(
        method="filter_parcours", help_text="Pour les référents et la direction ; sans effet pour les autres."
    )
    session = IdFilter(field_name="session_id")
    state = django_filters.MultipleChoiceFilter(choices=Enrolment.State.choices)

    class Meta:
        model = Enrolment
        fields = ["parcours", "session", "state"]

    def filter_parcours(self, queryset, name, value):
        # Only on the rows the user may change: a training body must not learn, by trying ids,
        # which parcours an enrolment belongs to.
        return queryset.filter(parcours_id=value, can_change=True)


class EnrolmentViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Enrolments of the parcours the user follows or manages, or in the user's training body's
    sessions (the person's name only)."""

    serializer_class = EnrolmentSerializer
    filterset_class = EnrolmentFilter
    ordering_fields = ["created_at", "state"]
    ordering = ["-created_at", "-pk"]
    search_fields = ["parcours__person__last_name", "parcours__person__first_name"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrolment.objects.none()
        return selectors.enrolment_list(user=self.request.user)

    @extend_schema(request=EnrolmentCreateSerializer, responses={201: EnrolmentSerializer, 400: ErrorSerializer})
    def create(self, request, *args, **kwargs):
        serializer = EnrolmentCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        enrolment = services.enrolment_apply(actor=request.user, **serializer.validated_data)
        enrolment = get_object_or_404(self.get_queryset(), pk=enrolment.pk)
        return Response(self.get_serializer(enrolment).data, status=status.HTTP_201_CREATED)

    @_transition_schema(ENROLMENT_TRANSITIONS, EnrolmentTransitionRequestSerializer, EnrolmentSerializer)
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[^/.]+)", filter_backends=[])
    def fire(self, request, pk=None, name=None):
        """Fire an enrolment transition. The body depends on the transition."""
        enrolment = self.get_object()
        spec = _spec(ENROLMENT_TRANSITIONS, name)
        serializer = spec.input_serializer(data=request.data, context={"enrolment": enrolment, "request": request})
        serializer.is_valid(raise_exception=True)
        services.enrolment_fire_transition(
            actor=request.user, enrolment=enrolment, name=name, data=serializer.validated_data
        )
        enrolment = selectors.enrolment_after_transition(user=request.user, enrolment_id=enrolment.pk)
        return Response(self.get_serializer(enrolment).data)


# -- VAE applications --------------------------------------------------------------------------


class VaeStepSerializer(serializers.Serializer):
    name = serializers.CharField()
    source = serializers.CharField()
    target = serializers.CharField()
    target_label = serializers.CharField(source="get_target_display")
    effective_date = serializers.DateField(allow_null=True)
    occurred_at = LocalDateTimeField(tz_from="application.parcours.structure")
    actor = serializers.SerializerMethodField(help_text="Nom de l'auteur ; null quand le système a fait le changement.")
    comment = serializers.CharField()
    details = serializers.DictField()

    def get_actor(self, event) -> str | None:
        return (event.actor.get_full_name() or event.actor.email) if event.actor else None


class ExperienceSerializer(serializers.Serializer):
    hours = serializers.DecimalField(max_digits=9, decimal_places=2)
    required_hours = serializers.IntegerField()
    percent = serializers.IntegerField(help_text="Part des heures requises, plafonnée à 100.")


class VaeApplicationSerializer(serializers.ModelSerializer):
    parcours = serializers.IntegerField(source="parcours_id", read_only=True)
    person = EnrolledPersonSerializer(source="parcours.person", read_only=True)
    certification = CertificationSerializer(read_only=True)
    state = serializers.ChoiceField(choices=VaeApplication.State.choices, read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    validated_blocs = BlocSerializer(many=True, read_only=True)
    missing_blocs = serializers.SerializerMethodField()
    experience = serializers.SerializerMethodField()
    steps = VaeStepSerializer(source="events", many=True, read_only=True)
    available_transitions = serializers.SerializerMethodField()
    created_at = LocalDateTimeField(tz_from="parcours.structure")

    class Meta:
        model = VaeApplication
        fields = [
            "id",
            "parcours",
            "person",
            "certification",
            "state",
            "state_label",
            "certifier",
            "feasibility_submitted_on",
            "request_year",
            "admissibility_decided_on",
            "admissible_by_silence",
            "validation_file_submitted_on",
            "jury_date",
            "decided_on",
            "validated_blocs",
            "missing_blocs",
            "experience",
            "steps",
            "version",
            "available_transitions",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(BlocSerializer(many=True))
    def get_missing_blocs(self, application: VaeApplication):
        validated = {bloc.pk for bloc in application.validated_blocs.all()}
        return BlocSerializer(
            [b for b in application.certification.blocs.all() if b.pk not in validated], many=True
        ).data

    @extend_schema_field(ExperienceSerializer)
    def get_experience(self, application: VaeApplication):
        hours = Decimal(application.experience_hours or 0)
        required = application.certification.required_experience_hours
        percent = min(int(hours * 100 / required), 100) if required else 100
        return {"hours": f"{hours:.2f}", "required_hours": required, "percent": percent}

    @extend_schema_field(TransitionOptionSerializer(many=True))
    def get_available_transitions(self, application: VaeApplication):
        return [vars(option) for option in vae_options(application, self.context["request"].user)]


class VaeCreateSerializer(ScopedSerializer):
    scopes = {"parcours": parcours_scope}

    parcours = object_id_field(queryset=Parcours.objects.none())
    certification = CodeField(
        slug_field="code",
        queryset=Certification.objects.filter(is_active=True),
        error_messages={"does_not_exist": "Certification inconnue : « {value} »."},
    )
    certifier = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    date = serializers.DateField(required=False, default=None, help_text="Début du projet (aujourd'hui par défaut).")

    def validate(self, data):
        parcours = data["parcours"]
        if data["date"] is not None and not parcours.entry_date <= data["date"] <= parcours.structure.today():
            raise serializers.ValidationError(
                {"date": ["Le projet commence pendant le parcours : entre l'entrée et aujourd'hui."]}
            )
        return data


class VaeTransitionRequestSerializer(serializers.Serializer):
    """Union of the transition bodies, for the schema."""

    comment = serializers.CharField(required=False, allow_blank=True)
    date = serializers.DateField(
        required=False, help_text="Date de l'étape (aujourd'hui par défaut) ; schedule_jury : date du jury."
    )
    certifier = serializers.CharField(required=False, help_text="submit_feasibility : certificateur.")
    validated_blocs = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="validate_partial : numéros des blocs validés."
    )


class VaeFilter(django_filters.FilterSet):
    parcours = IdFilter(field_name="parcours_id")
    state = django_filters.MultipleChoiceFilter(choices=VaeApplication.State.choices)
    certification = django_filters.CharFilter(field_name="certification__code")

    class Meta:
        model = VaeApplication
        fields = ["parcours", "state", "certification"]


class VaeApplicationViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """VAE applications of the parcours the user follows or manages."""

    serializer_class = VaeApplicationSerializer
    filterset_class = VaeFilter
    ordering_fields = ["created_at", "state"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return VaeApplication.objects.none()
        return selectors.vae_list(user=self.request.user)

    def _respond(self, pk: int, status_code=status.HTTP_200_OK) -> Response:
        application = get_object_or_404(self.get_queryset(), pk=pk)
        return Response(self.get_serializer(application).data, status=status_code)

    @extend_schema(request=VaeCreateSerializer, responses={201: VaeApplicationSerializer, 400: ErrorSerializer})
    def create(self, request, *args, **kwargs):
        serializer = VaeCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        application = services.vae_create(actor=request.user, **serializer.validated_data)
        return self._respond(application.pk, status.HTTP_201_CREATED)

    @_transition_schema(VAE_TRANSITIONS, VaeTransitionRequestSerializer, VaeApplicationSerializer)
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[^/.]+)", filter_backends=[])
    def fire(self, request, pk=None, name=None):
        """Record a VAE step. The body depends on the step (see VaeTransitionRequest)."""
        application = self.get_object()
        spec = _spec(VAE_TRANSITIONS, name)
        serializer = spec.input_serializer(data=request.data, context={"application": application, "request": request})
        serializer.is_valid(raise_exception=True)
        services.vae_fire_transition(
            actor=request.user, application=application, name=name, data=serializer.validated_data
        )
        return self._respond(application.pk)
