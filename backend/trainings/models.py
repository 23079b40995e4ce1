"""Certifications and their blocs (reference data), trainings and their sessions, enrolments of a
parcours in a session, and VAE applications, each with its state machine and append-only log."""

from django.conf import settings
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from organisations.models import Organisation
from parcours.models import Parcours, Person
from trainings.guards import (
    completion_recorded,
    feasibility_date_recorded,
    jury_date_recorded,
    parcours_open,
    partial_blocs_recorded,
    refusal_reason_given,
    session_has_seats,
    session_not_over,
    session_started,
)
from tremplin.append_only import TransitionEvent


class Certification(models.Model):
    """A certification a parcours can lead to (the DEAS...), with its blocs: reference data,
    loaded from fixtures/reference/ by ``manage.py load_reference``."""

    code = models.SlugField("code", max_length=40, unique=True)
    title = models.CharField("intitulé", max_length=250)
    rncp = models.CharField("fiche RNCP", max_length=20, blank=True)
    required_experience_hours = models.PositiveIntegerField(
        "expérience requise pour la VAE (heures)",
        default=1607,
        help_text="1 607 heures : un an à temps plein.",
    )
    is_active = models.BooleanField("en vigueur", default=True)

    class Meta:
        verbose_name = "certification"
        verbose_name_plural = "certifications"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title


class CertificationBloc(models.Model):
    """A bloc de compétences: validated on its own, and kept for good once validated."""

    certification = models.ForeignKey(
        Certification, on_delete=models.PROTECT, related_name="blocs", verbose_name="certification"
    )
    number = models.PositiveSmallIntegerField("numéro")
    label = models.CharField("intitulé", max_length=300)

    class Meta:
        verbose_name = "bloc de compétences"
        verbose_name_plural = "blocs de compétences"
        ordering = ["certification", "number"]
        constraints = [
            models.UniqueConstraint(fields=["certification", "number"], name="certification_bloc_number_unique")
        ]

    def __str__(self) -> str:
        return f"Bloc {self.number} · {self.label}"


class Training(models.Model):
    """A training in a training body's catalogue, for example "DEAS, parcours complet"."""

    title = models.CharField("intitulé", max_length=250)
    certification = models.ForeignKey(
        Certification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name="certification visée",
    )
    blocs = models.ManyToManyField(
        CertificationBloc, blank=True, related_name="trainings", verbose_name="blocs préparés"
    )
    duration_hours = models.PositiveIntegerField("durée (heures)")
    description = models.TextField("description", blank=True)

    class Meta:
        verbose_name = "formation"
        verbose_name_plural = "formations"
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    """One run of a training by a training body, with its dates, place and capacity."""

    training = models.ForeignKey(Training, on_delete=models.PROTECT, related_name="sessions", verbose_name="formation")
    training_body = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="training_sessions",
        verbose_name="organisme de formation",
        limit_choices_to={"kind": Organisation.Kind.TRAINING_BODY},
    )
    start_date = models.DateField("début")
    end_date = models.DateField("fin")
    place = models.CharField("lieu", max_length=250)
    capacity = models.PositiveIntegerField("places")

    class Meta:
        verbose_name = "session de formation"
        verbose_name_plural = "sessions de formation"
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="training_session_dates_ordered",
                violation_error_message="La fin précède le début.",
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="training_session_capacity_positive"),
        ]
        indexes = [models.Index(fields=["training_body", "start_date"], name="session_body_start")]

    def __str__(self) -> str:
        return f"{self.training} · {self.start_date:%d/%m/%Y}"


class Enrolment(ConcurrentTransitionMixin, models.Model):
    """One parcours in one training session. The state is protected: only trainings.services
    fires the @transition methods (row lock, event log, object permissions in step)."""

    class State(models.TextChoices):
        APPLIED = "applied", "Candidature"
        ACCEPTED = "accepted", "Acceptée"
        REFUSED = "refused", "Refusée"
        ATTENDING = "attending", "En formation"
        COMPLETED = "completed", "Terminée"
        DROPPED = "dropped", "Abandon"

    class Result(models.TextChoices):
        PASSED = "passed", "Réussite"
        FAILED = "failed", "Échec"

    # A seat is taken from acceptance until the end of the session.
    SEAT_STATES = (State.ACCEPTED, State.ATTENDING, State.COMPLETED)
    OPEN_STATES = (State.APPLIED, State.ACCEPTED, State.ATTENDING)
    LIVE_STATES = (*OPEN_STATES, State.COMPLETED)

    parcours = models.ForeignKey(Parcours, on_delete=models.PROTECT, related_name="enrolments", verbose_name="parcours")
    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, related_name="enrolments", verbose_name="session"
    )
    state = FSMField("état", default=State.APPLIED, choices=State.choices, protected=True)
    result = models.CharField("résultat", max_length=10, choices=Result.choices, blank=True)
    validated_blocs = models.ManyToManyField(
        CertificationBloc, blank=True, related_name="+", verbose_name="blocs validés"
    )
    refusal_reason = models.TextField("motif du refus", blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="inscrit par"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "inscription"
        verbose_name_plural = "inscriptions"
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("decide_enrolment", "Peut décider, pointer la présence et saisir les résultats (organisme de formation)"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["parcours", "session"],
                condition=models.Q(state__in=["applied", "accepted", "attending", "completed"]),
                name="enrolment_one_live_per_parcours_and_session",
                violation_error_message="Ce parcours est déjà inscrit à cette session.",
            ),
            models.CheckConstraint(
                condition=models.Q(state="completed", result__in=["passed", "failed"])
                | (~models.Q(state="completed") & models.Q(result="")),
                name="enrolment_result_iff_completed",
            ),
        ]
        indexes = [
            models.Index(fields=["parcours", "state"], name="enrolment_parcours_state"),
            models.Index(fields=["session", "state"], name="enrolment_session_state"),
        ]

    def __str__(self) -> str:
        return f"{self.parcours_id} · {self.session}"

    # -- the state machine: values the trainer supplies are set by the service before each method.

    @transition(
        field=state,
        source=State.APPLIED,
        target=State.ACCEPTED,
        conditions=[parcours_open, session_not_over, session_has_seats],
    )
    def accept(self) -> None:
        pass

    @transition(field=state, source=State.APPLIED, target=State.REFUSED, conditions=[refusal_reason_given])
    def refuse(self) -> None:
        pass

    @transition(field=state, source=State.ACCEPTED, target=State.ATTENDING, conditions=[parcours_open, session_started])
    def attend(self) -> None:
        pass

    @transition(
        field=state, source=State.ATTENDING, target=State.COMPLETED, conditions=[session_started, completion_recorded]
    )
    def complete(self) -> None:
        pass

    # DESIGN §4 drops only from attending; §3 drops every open enrolment on exit, and a person may
    # withdraw an application before the training starts: so drop leaves every open state.
    @transition(field=state, source=list(OPEN_STATES), target=State.DROPPED)
    def drop(self) -> None:
        pass


class AttendanceRecord(models.Model):
    """One line of a session's attendance sheet (feuille d'émargement): one person, one day."""

    class Status(models.TextChoices):
        PRESENT = "present", "Présent·e"
        ABSENT = "absent", "Absent·e"
        EXCUSED = "excused", "Absence excusée"

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="attendance", verbose_name="inscription"
    )
    date = models.DateField("jour")
    status = models.CharField("présence", max_length=10, choices=Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisie par"
    )
    recorded_at = models.DateTimeField("saisie le", auto_now=True)

    class Meta:
        verbose_name = "présence"
        verbose_name_plural = "feuilles de présence"
        ordering = ["date", "enrolment"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "date"], name="attendance_one_per_enrolment_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} · {self.date:%d/%m/%Y} · {self.get_status_display()}"


class VaeApplication(ConcurrentTransitionMixin, models.Model):
    """A VAE towards one certification, after the 2024 reform (France VAE): a feasibility file
    the certifier decides on within 2 months (silence means admissible), a validation file, a jury
    that validates all the blocs, some of them (kept for good) or none."""

    class State(models.TextChoices):
        PROJECT = "project", "Projet"
        FEASIBILITY_SUBMITTED = "feasibility_submitted", "Dossier de faisabilité déposé"
        ADMISSIBLE = "admissible", "Recevable"
        NOT_ADMISSIBLE = "not_admissible", "Non recevable"
        VALIDATION_FILE_SUBMITTED = "validation_file_submitted", "Dossier de validation déposé"
        JURY_SCHEDULED = "jury_scheduled", "Jury programmé"
        VALIDATED_FULL = "validated_full", "Validation totale"
        VALIDATED_PARTIAL = "validated_partial", "Validation partielle"
        REFUSED = "refused", "Refus du jury"
        COMPLEMENT = "complement", "Parcours complémentaire"

    FINAL_STATES = (State.NOT_ADMISSIBLE, State.VALIDATED_FULL, State.REFUSED)
    # Feasibility accepted and the VAE still going: what start_vae looks for.
    ADMITTED_STATES = (
        State.ADMISSIBLE,
        State.VALIDATION_FILE_SUBMITTED,
        State.JURY_SCHEDULED,
        State.VALIDATED_PARTIAL,
        State.COMPLEMENT,
    )
    SILENCE_MONTHS = 2

    parcours = models.ForeignKey(
        Parcours, on_delete=models.PROTECT, related_name="vae_applications", verbose_name="parcours"
    )
    # The parcours' person, kept here so that the database enforces one request a year.
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="personne")
    certification = models.ForeignKey(
        Certification, on_delete=models.PROTECT, related_name="vae_applications", verbose_name="certification"
    )
    state = FSMField("état", default=State.PROJECT, choices=State.choices, protected=True)
    certifier = models.CharField("certificateur", max_length=200, blank=True)
    feasibility_submitted_on = models.DateField("faisabilité déposée le", null=True, blank=True)
    request_year = models.PositiveSmallIntegerField(
        "année de la demande", null=True, blank=True, help_text="Année civile du dépôt de la faisabilité."
    )
    admissibility_decided_on = models.DateField("recevabilité décidée le", null=True, blank=True)
    admissible_by_silence = models.BooleanField("recevable par silence du certificateur", default=False)
    validation_file_submitted_on = models.DateField("dossier de validation déposé le", null=True, blank=True)
    jury_date = models.DateField("date du jury", null=True, blank=True)
    decided_on = models.DateField("décision du jury le", null=True, blank=True)
    validated_blocs = models.ManyToManyField(
        CertificationBloc, blank=True, related_name="+", verbose_name="blocs validés"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="créée par"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "demande de VAE"
        verbose_name_plural = "demandes de VAE"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "certification", "request_year"],
                condition=models.Q(request_year__isnull=False),
                name="vae_one_request_per_certification_and_year",
                violation_error_message="Une seule demande de VAE par certification et par année civile.",
            ),
        ]
        indexes = [
            models.Index(fields=["parcours", "state"], name="vae_parcours_state"),
            models.Index(fields=["state", "feasibility_submitted_on"], name="vae_state_feasibility"),
        ]

    def __str__(self) -> str:
        return f"VAE {self.certification.code} · {self.parcours_id}"

    # The dates the user gives (or the system, for the silence rule) are set before each method.

    @transition(
        field=state, source=State.PROJECT, target=State.FEASIBILITY_SUBMITTED, conditions=[feasibility_date_recorded]
    )
    def submit_feasibility(self) -> None:
        self.request_year = self.feasibility_submitted_on.year

    @transition(field=state, source=State.FEASIBILITY_SUBMITTED, target=State.ADMISSIBLE)
    def declare_admissible(self) -> None:
        pass

    @transition(field=state, source=State.FEASIBILITY_SUBMITTED, target=State.NOT_ADMISSIBLE)
    def declare_not_admissible(self) -> None:
        pass

    @transition(field=state, source=State.ADMISSIBLE, target=State.VALIDATION_FILE_SUBMITTED)
    def submit_validation_file(self) -> None:
        pass

    @transition(
        field=state,
        source=[State.VALIDATION_FILE_SUBMITTED, State.COMPLEMENT],
        target=State.JURY_SCHEDULED,
        conditions=[jury_date_recorded],
    )
    def schedule_jury(self) -> None:
        pass

    @transition(field=state, source=State.JURY_SCHEDULED, target=State.VALIDATED_FULL)
    def validate_full(self) -> None:
        pass

    @transition(
        field=state, source=State.JURY_SCHEDULED, target=State.VALIDATED_PARTIAL, conditions=[partial_blocs_recorded]
    )
    def validate_partial(self) -> None:
        pass

    @transition(field=state, source=State.JURY_SCHEDULED, target=State.REFUSED)
    def refuse(self) -> None:
        pass

    @transition(field=state, source=State.VALIDATED_PARTIAL, target=State.COMPLEMENT)
    def start_complement(self) -> None:
        pass


class _Event(TransitionEvent):
    effective_date = models.DateField("date d'effet", null=True, blank=True)

    class Meta(TransitionEvent.Meta):
        abstract = True


class EnrolmentEvent(_Event):
    """Append-only log of every enrolment change, written in the transaction that makes it."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="events")
    source = models.CharField("état de départ", max_length=20, choices=Enrolment.State.choices, blank=True)
    target = models.CharField("état d'arrivée", max_length=20, choices=Enrolment.State.choices)

    class Meta(_Event.Meta):
        verbose_name = "événement d'inscription"
        verbose_name_plural = "événements d'inscription"
        indexes = [models.Index(fields=["enrolment", "occurred_at"], name="enrolment_event_time")]


class VaeEvent(_Event):
    """Append-only log of every VAE step, written in the transaction that makes it."""

    application = models.ForeignKey(VaeApplication, on_delete=models.PROTECT, related_name="events")
    source = models.CharField("état de départ", max_length=30, choices=VaeApplication.State.choices, blank=True)
    target = models.CharField("état d'arrivée", max_length=30, choices=VaeApplication.State.choices)

    class Meta(_Event.Meta):
        verbose_name = "étape de VAE"
        verbose_name_plural = "étapes de VAE"
        indexes = [models.Index(fields=["application", "occurred_at"], name="vae_event_time")]


# Direct foreign-key object permissions (guardian), as for parcours and placements.
class EnrolmentUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Enrolment, on_delete=models.CASCADE)


class EnrolmentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Enrolment, on_delete=models.CASCADE)
