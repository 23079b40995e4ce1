"""Partner employers' establishments, and placements (PMSMP immersions, interim missions) with their
state machine and append-only event log."""

import zoneinfo

from django.conf import settings
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from employers.guards import completion_recorded, decline_reason_given
from organisations.models import Organisation, validate_time_zone
from parcours.models import Parcours
from tremplin.append_only import TransitionEvent


class Establishment(models.Model):
    """A site of a partner employer, for example one EHPAD. Placements happen here."""

    class Kind(models.TextChoices):
        EHPAD = "ehpad", "EHPAD"
        CLINIC = "clinic", "Clinique"
        HOME_CARE = "home_care", "Aide et soins à domicile"
        OTHER = "other", "Autre"

    employer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="establishments",
        verbose_name="employeur",
        limit_choices_to={"kind": Organisation.Kind.EMPLOYER},
    )
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type d'établissement", max_length=20, choices=Kind.choices, default=Kind.EHPAD)
    address = models.CharField("adresse", max_length=250, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    city = models.CharField("commune", max_length=150, blank=True)
    time_zone = models.CharField(
        "fuseau horaire",
        max_length=64,
        default="Europe/Paris",
        validators=[validate_time_zone],
        help_text="Fuseau IANA, par exemple Europe/Paris ou Indian/Reunion.",
    )

    class Meta:
        verbose_name = "établissement"
        verbose_name_plural = "établissements"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Placement(ConcurrentTransitionMixin, models.Model):
    """A PMSMP or an interim mission, for one parcours at one establishment.

    The state is protected: only the @transition methods below change it, and only
    employers.services calls them (they lock the row, log a PlacementEvent and keep the object
    permissions in step).
    """

    class Kind(models.TextChoices):
        PMSMP = "pmsmp", "Immersion (PMSMP)"
        MISSION = "mission", "Mission d'intérim"

    class State(models.TextChoices):
        PROPOSED = "proposed", "Proposée"
        CONFIRMED = "confirmed", "Confirmée"
        DECLINED = "declined", "Déclinée"
        IN_PROGRESS = "in_progress", "En cours"
        COMPLETED = "completed", "Terminée"
        INTERRUPTED = "interrupted", "Interrompue"
        CANCELLED = "cancelled", "Annulée"

    class Purpose(models.TextChoices):
        DISCOVER = "discover", "Découvrir un métier ou un secteur"
        CONFIRM = "confirm", "Confirmer un projet professionnel"
        RECRUIT = "recruit", "Initier une démarche de recrutement"

    # Refused or withdrawn: the employer no longer sees them, and they count towards no quota.
    DROPPED_STATES = (State.DECLINED, State.CANCELLED)

    parcours = models.ForeignKey(Parcours, on_delete=models.PROTECT, related_name="placements", verbose_name="parcours")
    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="placements", verbose_name="établissement"
    )
    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    state = FSMField("état", default=State.PROPOSED, choices=State.choices, protected=True)
    start_date = models.DateField("début")
    end_date = models.DateField("fin")
    purpose = models.CharField("objet de la PMSMP", max_length=10, choices=Purpose.choices, blank=True)
    renewal_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name="renouvellement de",
    )
    position = models.CharField("poste", max_length=200, blank=True)
    weekly_hours = models.DecimalField("heures hebdomadaires", max_digits=5, decimal_places=2, null=True, blank=True)
    hours_worked = models.DecimalField("heures effectuées", max_digits=7, decimal_places=2, null=True, blank=True)
    assessment = models.TextField("bilan", blank=True)
    decline_reason = models.TextField("motif du refus", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="proposée par",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "mise en situation"
        verbose_name_plural = "mises en situation"
        ordering = ["-start_date", "-pk"]
        permissions = [
            ("respond_placement", "Peut confirmer, décliner et suivre la mise en situation (employeur)"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="placement_dates_ordered",
                violation_error_message="La fin précède le début.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="mission") | ~models.Q(purpose=""),
                name="placement_pmsmp_has_purpose",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="pmsmp") | (~models.Q(position="") & models.Q(weekly_hours__isnull=False)),
                name="placement_mission_has_position_and_hours",
            ),
        ]
        indexes = [
            models.Index(fields=["parcours", "kind", "state"], name="placement_parcours_kind_state"),
            models.Index(fields=["establishment", "state"], name="placement_establishment_state"),
            # Outcome indicators: an employer's placements starting in a period.
            models.Index(fields=["establishment", "start_date"], name="placement_establishment_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.establishment} · {self.start_date:%d/%m/%Y}"

    # -- the state machine --------------------------------------------------------------------
    # Values the user supplies (decline reason, hours, assessment) are set by the service before
    # the method runs; the guards check them.

    @transition(field=state, source=State.PROPOSED, target=State.CONFIRMED)
    def confirm(self) -> None:
        pass

    @transition(field=state, source=State.PROPOSED, target=State.DECLINED, conditions=[decline_reason_given])
    def decline(self) -> None:
        pass

    @transition(field=state, source=State.CONFIRMED, target=State.IN_PROGRESS)
    def start(self) -> None:
        pass

    @transition(field=state, source=State.IN_PROGRESS, target=State.COMPLETED, conditions=[completion_recorded])
    def complete(self) -> None:
        pass

    @transition(field=state, source=State.IN_PROGRESS, target=State.INTERRUPTED)
    def interrupt(self) -> None:
        pass

    @transition(field=state, source=[State.PROPOSED, State.CONFIRMED], target=State.CANCELLED)
    def cancel(self) -> None:
        pass


class PlacementEvent(TransitionEvent):
    """Append-only log of every placement change, written in the transaction that makes it."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="events")
    source = models.CharField("état de départ", max_length=20, choices=Placement.State.choices, blank=True)
    target = models.CharField("état d'arrivée", max_length=20, choices=Placement.State.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = "événement de mise en situation"
        verbose_name_plural = "événements de mise en situation"
        indexes = [models.Index(fields=["placement", "occurred_at"], name="placement_event_time")]

    def __str__(self) -> str:
        return f"{self.placement_id}: {self.source or '∅'} → {self.target}"


# Direct foreign-key object permissions (guardian), as for parcours: indexed joins, and rows
# vanish with their object.
class PlacementUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Placement, on_delete=models.CASCADE)


class PlacementGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Placement, on_delete=models.CASCADE)
