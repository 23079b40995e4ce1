"""The audit trail: one append-only table of who read, changed, exported or imported what.

Field history (old and new values of every change) comes from django-auditlog: it diffs each
registered model on save, in the same transaction, and lets the project bring its own entry model
(AUDITLOG_LOGENTRY_MODEL). Chosen over django-simple-history (one shadow table per model holding
full copies of every row: a second copy of identities and notes that anonymisation would have to
rewrite) and over database triggers (no actor or request ID without per-transaction settings, and
no SQLite for `make run`). This model adds what a structure's audit needs: the event (reads,
logins, exports and imports too), and the structure, person and parcours concerned, indexed, so
that a manager's « who looked at this file » is one indexed query.

Nothing about the person that anonymisation removes is written here: identity, contact details
and free text are masked in the changes (audit.registration), and entries name objects by type
and number, never by name.
"""

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from audit import context
from tremplin.append_only import AppendOnlyModel, AppendOnlyQuerySet


class Event(models.TextChoices):
    CREATE = "create", "Création"
    UPDATE = "update", "Modification"
    DELETE = "delete", "Suppression"
    READ = "read", "Consultation"
    EXPORT = "export", "Export"
    IMPORT = "import", "Import"
    LOGIN = "login", "Connexion"
    LOGIN_FAILED = "login_failed", "Échec de connexion"
    LOGOUT = "logout", "Déconnexion"
    ANONYMISE = "anonymise", "Anonymisation"


_EVENT_OF_ACTION = {
    AbstractLogEntry.Action.CREATE: Event.CREATE,
    AbstractLogEntry.Action.UPDATE: Event.UPDATE,
    AbstractLogEntry.Action.DELETE: Event.DELETE,
    AbstractLogEntry.Action.ACCESS: Event.READ,
}
ACTION_OF_EVENT = {event: action for action, event in _EVENT_OF_ACTION.items()}


class AuditEntryManager(LogEntryManager.from_queryset(AppendOnlyQuerySet)):
    def log_create(self, instance, force_log: bool = False, **kwargs):
        """auditlog's writer for model changes, with the event, the scope and a name without identity."""
        from audit.registration import describe

        kwargs.setdefault("event", _EVENT_OF_ACTION[kwargs["action"]])
        for key, value in describe(instance).items():
            kwargs.setdefault(key, value)
        return super().log_create(instance, force_log, **kwargs)


class AuditEntry(AppendOnlyModel, AbstractLogEntry):
    # Links that neither cascade, nor set null, nor protect: an entry outlives what it is about (a
    # deletion is itself an entry) and is never updated or deleted with it.
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="type d'objet",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
    )
    event = models.CharField("événement", max_length=20, choices=Event.choices)
    structure = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        "parcours.Person", on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="+"
    )
    parcours = models.ForeignKey(
        "parcours.Parcours", on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="+"
    )

    objects = AuditEntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = "entrée du journal d'audit"
        verbose_name_plural = "journal d'audit"
        ordering = ["-timestamp", "-pk"]
        indexes = [
            models.Index(fields=["structure", "-timestamp"], name="audit_structure_time"),
            models.Index(fields=["person", "-timestamp"], name="audit_person_time"),
            models.Index(fields=["parcours", "-timestamp"], name="audit_parcours_time"),
        ]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.get_event_display()} {self.object_repr}"

    def fill_from_request(self, request_fields: dict | None = None) -> None:
        """Who and from where, from the request being served (when there is one); entries written
        together pass ``request_fields()`` read once."""
        for key, value in (request_fields or self.request_fields(self.actor)).items():
            if not getattr(self, key):
                setattr(self, key, value)

    @staticmethod
    def request_fields(actor=None) -> dict:
        actor = actor or context.current_user()
        return {
            "actor": actor,
            "actor_email": actor.email if actor is not None else "",
            "cid": context.request_id(),
            "remote_addr": context.remote_addr(),
        }

    def save(self, *args, **kwargs) -> None:
        if self._state.adding:
            self.fill_from_request()
        super().save(*args, **kwargs)
