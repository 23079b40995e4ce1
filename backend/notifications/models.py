"""In-app notifications and each user's preferences per kind and channel.

A notification carries the person's name at most: never notes, health or justice data."""

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    PLACEMENT_PROPOSED = "placement_proposed", "Mise en situation proposée"
    PLACEMENT_CONFIRMED = "placement_confirmed", "Mise en situation confirmée"
    PLACEMENT_DECLINED = "placement_declined", "Mise en situation déclinée"
    ENROLMENT_APPLIED = "enrolment_applied", "Candidature à une session de formation"
    ENROLMENT_ACCEPTED = "enrolment_accepted", "Inscription en formation acceptée"
    ENROLMENT_REFUSED = "enrolment_refused", "Inscription en formation refusée"
    VAE_ADMISSIBLE_BY_SILENCE = "vae_admissible_by_silence", "VAE recevable sans réponse du certificateur"
    ALERT_DIGEST = "alert_digest", "Récapitulatif quotidien des alertes"


class Notification(models.Model):
    Kind = Kind

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="destinataire"
    )
    kind = models.CharField("type", max_length=40, choices=Kind.choices)
    title = models.CharField("titre", max_length=250)
    body = models.TextField("texte", blank=True)
    link = models.CharField("lien", max_length=250, blank=True, help_text="Adresse relative dans l'application web.")
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    read_at = models.DateTimeField("lue le", null=True, blank=True)

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_created"),
            models.Index(fields=["user"], name="notification_user_unread", condition=models.Q(read_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """One user's choice for one kind; without a row, both channels are on."""

    Kind = Kind

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name="utilisateur",
    )
    kind = models.CharField("type", max_length=40, choices=Kind.choices)
    email = models.BooleanField("par e-mail", default=True)
    in_app = models.BooleanField("dans l'application", default=True)

    class Meta:
        verbose_name = "préférence de notification"
        verbose_name_plural = "préférences de notification"
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"
