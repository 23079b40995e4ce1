"""Persons, parcours and their phase machine, programmes and the exit reference data."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from organisations.models import Organisation
from parcours.guards import (
    exit_is_recorded,
    has_accepted_enrolment,
    has_admissible_vae,
    has_confirmed_mission,
    has_confirmed_pmsmp,
)
from tremplin.append_only import AppendOnlyModel, TransitionEvent


class Phase(models.TextChoices):
    ENTRY = "entry", "Accueil / entrée"
    IMMERSION = "immersion", "Immersion (PMSMP)"
    INTERIM = "interim", "Contrat d'intérim"
    TRAINING = "training", "Formation"
    VAE = "vae", "VAE"
    EXITED = "exited", "Sortie"


OPEN_PHASES = [phase for phase in Phase.values if phase != Phase.EXITED]


class ExitCategory(models.Model):
    """Official exit categories (reference data, fixtures/reference/exit_categories.csv)."""

    code = models.SlugField("code", max_length=40, primary_key=True)
    label = models.CharField("libellé", max_length=200)
    dynamic = models.BooleanField("sortie dynamique", help_text="Comptée au numérateur du taux de sorties dynamiques.")
    counted = models.BooleanField("sortie constatée", help_text="Comptée au dénominateur des taux.")

    class Meta:
        verbose_name = "catégorie de sortie"
        verbose_name_plural = "catégories de sortie"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label


class ExitReason(models.Model):
    """Official exit reasons (reference data, fixtures/reference/exit_reasons.csv)."""

    code = models.SlugField("code", max_length=60, primary_key=True)
    label = models.CharField("libellé", max_length=300)
    category = models.ForeignKey(
        ExitCategory, on_delete=models.PROTECT, related_name="reasons", verbose_name="catégorie"
    )
    source = models.CharField("source", max_length=100, blank=True)
    is_active = models.BooleanField(
        "en vigueur",
        default=True,
        help_text="Un motif retiré de la liste officielle reste lisible mais n'est plus proposé.",
    )

    class Meta:
        verbose_name = "motif de sortie"
        verbose_name_plural = "motifs de sortie"
        ordering = ["category__code", "label"]

    def __str__(self) -> str:
        return self.label


class Programme(models.Model):
    """A named offer a structure runs with partners, e.g. « Parcours EHPAD »."""

    structure = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name="structure",
        limit_choices_to={"kind": Organisation.Kind.STRUCTURE},
    )
    name = models.CharField("nom", max_length=200)
    description = models.TextField("description", blank=True)
    partners = models.ManyToManyField(
        Organisation, related_name="partner_programmes", blank=True, verbose_name="partenaires"
    )
    is_active = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "programme"
        verbose_name_plural = "programmes"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["structure", "name"], name="programme_unique_name")]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A salarié en insertion. Never deleted: anonymised at the end of retention."""

    class Eligibility(models.TextChoices):
        RSA = "rsa", "Bénéficiaire du RSA"
        ASS = "ass", "Allocation de solidarité spécifique (ASS)"
        AAH = "aah", "Allocation aux adultes handicapés (AAH)"
        DELD = "deld", "Demandeur d'emploi de longue durée (DELD)"
        DETLD = "detld", "Demandeur d'emploi de très longue durée (DETLD)"
        YOUNG = "jeune_26", "Jeune de moins de 26 ans"
        SENIOR = "senior_50", "Senior de plus de 50 ans"
        QPV = "qpv", "Résident en quartier prioritaire (QPV)"
        ZRR = "zrr", "Résident en zone de revitalisation rurale (ZRR)"
        RQTH = "rqth", "Travailleur handicapé (RQTH)"
        REFUGEE = "refugie", "Réfugié ou bénéficiaire de la protection subsidiaire"
        HOMELESS = "sans_hebergement", "Sans hébergement ou hébergé"
        ASE = "ase", "Aide sociale à l'enfance (ASE)"
        PRISON = "ppsmj", "Personne sous main de justice (PPSMJ)"

    structure = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name="structure d'accueil",
        limit_choices_to={"kind": Organisation.Kind.STRUCTURE},
        help_text="La structure qui a ouvert le dossier.",
    )
    first_name = models.CharField("prénom", max_length=150)
    last_name = models.CharField("nom", max_length=150)
    birth_name = models.CharField("nom de naissance", max_length=150, blank=True)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField(
        "téléphone",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^\+?[0-9 .-]{6,20}$", "Numéro de téléphone invalide.")],
    )
    address = models.CharField("adresse", max_length=250, blank=True)
    postal_code = models.CharField(
        "code postal",
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", "Le code postal compte 5 chiffres.")],
    )
    city = models.CharField("commune", max_length=150, blank=True)
    pass_iae_number = models.CharField(
        "numéro de PASS IAE",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d{12}$", "Le numéro de PASS IAE compte 12 chiffres.")],
    )
    pass_iae_start = models.DateField("début du PASS IAE", null=True, blank=True)
    pass_iae_end = models.DateField("fin du PASS IAE", null=True, blank=True)
    eligibility = models.JSONField(
        "critères d'éligibilité", default=list, blank=True, help_text="Codes de critères (voir Person.Eligibility)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="créé par",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)
    anonymised_at = models.DateTimeField("anonymisé le", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "personne"
        verbose_name_plural = "personnes"
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_iae_end__isnull=True)
                | models.Q(pass_iae_start__isnull=True)
                | models.Q(pass_iae_end__gte=models.F("pass_iae_start")),
                name="person_pass_iae_dates_ordered",
                violation_error_message="La fin du PASS IAE précède son début.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Parcours(ConcurrentTransitionMixin, models.Model):
    """One pathway of one person in one structure, moved along by its phase machine.

    The phase is protected: only the @transition methods below change it, and only the
    services in parcours.services call them (they log the PhaseTransition and lock the row).
    ConcurrentTransitionMixin makes a save fail if the phase changed since it was read.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="parcours", verbose_name="personne")
    structure = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="parcours",
        verbose_name="structure",
        limit_choices_to={"kind": Organisation.Kind.STRUCTURE},
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="parcours", verbose_name="programme"
    )
    phase = FSMField("phase", default=Phase.ENTRY, choices=Phase.choices, protected=True)
    phase_changed_at = models.DateTimeField("phase depuis le", default=timezone.now)
    entry_date = models.DateField("date d'entrée")
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referent_of", verbose_name="référent"
    )
    co_referents = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="co_referent_of", blank=True, verbose_name="co-référents"
    )
    exit_date = models.DateField("date de sortie", null=True, blank=True)
    exit_reason = models.ForeignKey(
        ExitReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parcours",
        verbose_name="motif de sortie",
    )
    exit_comment = models.TextField("commentaire de sortie", blank=True)
    length_days = models.PositiveIntegerField(
        "durée en jours",
        null=True,
        blank=True,
        editable=False,
        help_text="Gardée à l'anonymisation, qui ramène les dates au mois : les indicateurs ne changent pas.",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "parcours"
        verbose_name_plural = "parcours"
        ordering = ["-entry_date", "-pk"]
        permissions = [
            ("transition_parcours", "Peut faire avancer la phase du parcours"),
            ("reassign_parcours", "Peut réaffecter le référent du parcours"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "structure"],
                condition=~models.Q(phase=Phase.EXITED),
                name="parcours_one_open_per_person_and_structure",
                violation_error_message="Cette personne a déjà un parcours ouvert dans cette structure.",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(phase=Phase.EXITED, exit_date__isnull=False, exit_reason__isnull=False)
                    | (~models.Q(phase=Phase.EXITED) & models.Q(exit_date__isnull=True, exit_reason__isnull=True))
                ),
                name="parcours_exit_fields_iff_exited",
            ),
            models.CheckConstraint(
                condition=models.Q(exit_date__isnull=True) | models.Q(exit_date__gte=models.F("entry_date")),
                name="parcours_exit_after_entry",
            ),
        ]
        indexes = [
            models.Index(fields=["structure", "phase"], name="parcours_structure_phase"),
            models.Index(fields=["referent", "phase"], name="parcours_referent_phase"),
            # Outcome indicators (outcomes.selectors): entries and exits of a period, per structure.
            models.Index(fields=["structure", "entry_date"], name="parcours_structure_entry"),
            models.Index(fields=["structure", "exit_date"], name="parcours_structure_exit"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.structure} · {self.get_phase_display()}"

    @property
    def is_open(self) -> bool:
        return self.phase != Phase.EXITED

    # -- the phase machine -------------------------------------------------------------------
    # The guards that need placements, enrolments or VAE applications read "facts" that those
    # apps register (parcours.hooks), so that this app imports none of them.

    @transition(
        field=phase,
        source=[Phase.ENTRY, Phase.INTERIM, Phase.TRAINING],
        target=Phase.IMMERSION,
        conditions=[has_confirmed_pmsmp],
    )
    def start_immersion(self) -> None:
        self.phase_changed_at = timezone.now()

    @transition(
        field=phase,
        source=[Phase.ENTRY, Phase.IMMERSION, Phase.TRAINING, Phase.VAE],
        target=Phase.INTERIM,
        conditions=[has_confirmed_mission],
    )
    def start_interim(self) -> None:
        self.phase_changed_at = timezone.now()

    @transition(
        field=phase,
        source=[Phase.ENTRY, Phase.IMMERSION, Phase.INTERIM, Phase.VAE],
        target=Phase.TRAINING,
        conditions=[has_accepted_enrolment],
    )
    def start_training(self) -> None:
        self.phase_changed_at = timezone.now()

    @transition(
        field=phase,
        source=[Phase.IMMERSION, Phase.INTERIM, Phase.TRAINING],
        target=Phase.VAE,
        conditions=[has_admissible_vae],
    )
    def start_vae(self) -> None:
        self.phase_changed_at = timezone.now()

    @transition(field=phase, source=OPEN_PHASES, target=Phase.EXITED, conditions=[exit_is_recorded])
    def exit(self) -> None:
        """Close the parcours. The caller has set exit_reason, exit_date and exit_comment."""
        self.phase_changed_at = timezone.now()


class PhaseTransition(TransitionEvent):
    """Append-only log of every phase change, written in the transaction that makes it."""

    parcours = models.ForeignKey(Parcours, on_delete=models.PROTECT, related_name="transitions")
    source = models.CharField("phase de départ", max_length=20, choices=Phase.choices, blank=True)
    target = models.CharField("phase d'arrivée", max_length=20, choices=Phase.choices)
    effective_date = models.DateField("date d'effet", null=True, blank=True)

    class Meta(TransitionEvent.Meta):
        verbose_name = "changement de phase"
        verbose_name_plural = "changements de phase"
        indexes = [models.Index(fields=["parcours", "occurred_at"], name="transition_parcours_time")]

    def __str__(self) -> str:
        return f"{self.parcours_id}: {self.source or '∅'} → {self.target}"


# -- the follow-up journal -------------------------------------------------------------------
# Visible to the parcours' followers and the structure's managers only (they hold view_parcours),
# written by those who hold change_parcours. Every row carries a version: an edit based on an
# older one is refused (409), never applied silently.


class BarrierType(models.Model):
    """A coded barrier ("frein"), from fixtures/reference/freins.csv. Health and justice matters
    are recorded as these codes, never as narrative."""

    code = models.SlugField("code", max_length=40, primary_key=True)
    label = models.CharField("libellé", max_length=200)
    is_active = models.BooleanField("en vigueur", default=True)

    class Meta:
        verbose_name = "type de frein"
        verbose_name_plural = "types de freins"
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class JournalEntry(models.Model):
    parcours = models.ForeignKey(Parcours, on_delete=models.PROTECT, related_name="+", verbose_name="parcours")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    created_at = models.DateTimeField("saisi le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        abstract = True


class FollowUp(JournalEntry):
    """What happened with the person: an interview, a workshop, a visit or a call."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", "Entretien individuel"
        WORKSHOP = "workshop", "Atelier collectif"
        VISIT = "visit", "Visite en situation de travail"
        CALL = "call", "Appel téléphonique"

    parcours = models.ForeignKey(Parcours, on_delete=models.PROTECT, related_name="follow_ups", verbose_name="parcours")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField("date et heure")
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)")
    note = models.TextField(
        "note",
        blank=True,
        help_text="Factuelle : la personne peut la lire (droit d'accès). Santé et justice : en freins codés.",
    )

    class Meta:
        verbose_name = "suivi"
        verbose_name_plural = "suivis"
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["parcours", "occurred_at"], name="follow_up_parcours_time")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=720), name="follow_up_duration_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.occurred_at:%d/%m/%Y}"


class Barrier(JournalEntry):
    """A barrier to employment and how it is being lifted."""

    class Status(models.TextChoices):
        IDENTIFIED = "identified", "Identifié"
        IN_PROGRESS = "in_progress", "En cours de levée"
        RESOLVED = "resolved", "Levé"

    class Support(models.TextChoices):
        INTERNAL = "internal", "Interne (la structure)"
        EXTERNAL = "external", "Externe (un partenaire)"

    parcours = models.ForeignKey(Parcours, on_delete=models.PROTECT, related_name="barriers", verbose_name="parcours")
    type = models.ForeignKey(BarrierType, on_delete=models.PROTECT, related_name="+", verbose_name="frein")
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.IDENTIFIED)
    support = models.CharField("accompagnement", max_length=10, choices=Support.choices, default=Support.INTERNAL)
    support_by = models.CharField("par qui", max_length=200, blank=True, help_text="Le partenaire, s'il est externe.")
    identified_on = models.DateField("repéré le")
    resolved_on = models.DateField("levé le", null=True, blank=True)

    class Meta:
        verbose_name = "frein"
        verbose_name_plural = "freins"
        ordering = ["status", "type__label", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["parcours", "type"],
                condition=~models.Q(status="resolved"),
                name="barrier_one_open_per_type",
                violation_error_message="Ce frein est déjà suivi pour ce parcours.",
            ),
            models.CheckConstraint(
                condition=models.Q(status="resolved", resolved_on__isnull=False)
                | (~models.Q(status="resolved") & models.Q(resolved_on__isnull=True)),
                name="barrier_resolved_on_iff_resolved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} · {self.get_status_display()}"


class BarrierChange(AppendOnlyModel):
    """Append-only log of a barrier's status and support, for the timeline."""

    ANONYMISABLE_FIELDS = ("occurred_at", "details")  # details hold the external partner's name

    barrier = models.ForeignKey(Barrier, on_delete=models.PROTECT, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="auteur"
    )
    occurred_at = models.DateTimeField("date", default=timezone.now)
    status = models.CharField("état", max_length=20, choices=Barrier.Status.choices)
    previous_status = models.CharField("état précédent", max_length=20, choices=Barrier.Status.choices, blank=True)
    details = models.JSONField("détails", default=dict, blank=True)

    class Meta:
        verbose_name = "évolution d'un frein"
        verbose_name_plural = "évolutions des freins"
        ordering = ["occurred_at", "pk"]
        indexes = [models.Index(fields=["barrier", "occurred_at"], name="barrier_change_time")]


class Action(JournalEntry):
    """An item of the action plan."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Prévue"
        IN_PROGRESS = "in_progress", "En cours"
        STANDBY = "standby", "En attente"
        DONE = "done", "Réalisée"
        ABANDONED = "abandoned", "Abandonnée"
        CANCELLED = "cancelled", "Annulée"

    OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS, Status.STANDBY)

    parcours = models.ForeignKey(Parcours, on_delete=models.PROTECT, related_name="actions", verbose_name="parcours")
    title = models.CharField("action", max_length=250)
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.PLANNED)
    due_date = models.DateField("échéance")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="responsable"
    )
    barrier = models.ForeignKey(
        Barrier, on_delete=models.PROTECT, null=True, blank=True, related_name="actions", verbose_name="frein levé"
    )

    class Meta:
        verbose_name = "action"
        verbose_name_plural = "plan d'action"
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["parcours", "status", "due_date"], name="action_parcours_due")]

    def __str__(self) -> str:
        return self.title


class Appointment(JournalEntry):
    """A meeting planned with the person, and whether they came."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", "Entretien individuel"
        WORKSHOP = "workshop", "Atelier collectif"
        VISIT = "visit", "Visite en situation de travail"
        CALL = "call", "Rendez-vous téléphonique"
        PARTNER = "partner", "Rendez-vous partenaire"

    class Attendance(models.TextChoices):
        SEEN = "seen", "Venu·e"
        EXCUSED = "excused", "Excusé·e"
        NO_SHOW = "no_show", "Absent·e sans prévenir"

    parcours = models.ForeignKey(
        Parcours, on_delete=models.PROTECT, related_name="appointments", verbose_name="parcours"
    )
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField("date et heure")
    place = models.CharField("lieu", max_length=200, blank=True)
    attendance = models.CharField("présence", max_length=10, choices=Attendance.choices, blank=True)

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["parcours", "starts_at"], name="appointment_parcours_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.starts_at:%d/%m/%Y %H:%M}"


class AlertNotice(models.Model):
    """An alert already announced to the parcours' followers by the daily digest. The digest
    announces the alerts that have no notice yet and deletes the notices of alerts that have
    cleared, so an alert that comes back is announced again."""

    parcours = models.ForeignKey(
        Parcours, on_delete=models.CASCADE, related_name="alert_notices", verbose_name="parcours"
    )
    code = models.CharField("alerte", max_length=40)
    announced_at = models.DateTimeField("annoncée le", default=timezone.now)

    class Meta:
        verbose_name = "alerte annoncée"
        verbose_name_plural = "alertes annoncées"
        ordering = ["-announced_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["parcours", "code"], name="alert_notice_one_per_code"),
        ]

    def __str__(self) -> str:
        return f"{self.parcours_id} · {self.code}"


# Direct foreign-key object permissions (guardian): indexed joins instead of generic
# object_pk text lookups, and rows vanish with their object, so none is left orphaned.
class ParcoursUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Parcours, on_delete=models.CASCADE)


class ParcoursGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Parcours, on_delete=models.CASCADE)


class PersonUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Person, on_delete=models.CASCADE)


class PersonGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Person, on_delete=models.CASCADE)
