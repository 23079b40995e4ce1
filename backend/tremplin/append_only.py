"""Append-only log rows (phase transitions, placement events): written once, never changed.

The application has no path that updates or deletes them: instance saves after creation,
instance deletes and queryset update/delete all raise. One exception, narrow and named:
anonymisation (privacy.retention) erases the free text and coarsens the dates of the rows about
a person, through ``anonymise()``, on the fields the model lists in ``ANONYMISABLE_FIELDS`` only
(none for the audit trail, which never holds such data).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError(f"{self.model.__name__} is append-only.")

    def delete(self):
        raise TypeError(f"{self.model.__name__} is append-only.")

    def anonymise(self, **values) -> int:
        allowed = set(getattr(self.model, "ANONYMISABLE_FIELDS", ()))
        if not values or set(values) - allowed:
            raise TypeError(f"{self.model.__name__} is append-only: anonymisation may only change {sorted(allowed)}.")
        return super().update(**values)


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise TypeError(f"{type(self).__name__} is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} is append-only.")


class TransitionEvent(AppendOnlyModel):
    """The fields every state-machine log shares: which transition, who, when, why. Subclasses add
    the object they log and its source and target states."""

    ANONYMISABLE_FIELDS = ("comment", "occurred_at", "effective_date")

    name = models.CharField("transition", max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
        help_text="Vide quand le système a fait le changement.",
    )
    occurred_at = models.DateTimeField("date", default=timezone.now)
    comment = models.TextField("commentaire", blank=True)
    details = models.JSONField("détails", default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["occurred_at", "pk"]
