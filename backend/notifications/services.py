"""Sending notifications, marking them read, and the users' preferences.

Callers (employers.services...) call ``notify`` inside their own transaction: the in-app rows roll
back with it, and the e-mails leave only after the commit (``transaction.on_commit``)."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from notifications.models import Kind, Notification, NotificationPreference
from organisations.models import User

logger = logging.getLogger(__name__)


def notify(*, users: Iterable[User], kind: str, title: str, body: str, link: str = "") -> list[Notification]:
    """Notify each active user once, on the channels their preference for ``kind`` leaves on
    (both by default). Reads the preferences in one query and creates the rows in one."""
    Kind(kind)  # an unknown kind is a programming error
    recipients = list({user.pk: user for user in users if user.is_active}.values())
    if not recipients:
        return []
    preferences = {
        preference.user_id: preference
        for preference in NotificationPreference.objects.filter(user__in=[u.pk for u in recipients], kind=kind)
    }
    in_app, emails = [], []
    for user in recipients:
        preference = preferences.get(user.pk)
        if preference is None or preference.in_app:
            in_app.append(Notification(user=user, kind=kind, title=title, body=body, link=link))
        if (preference is None or preference.email) and user.email:
            emails.append(user.email)
    created = Notification.objects.bulk_create(in_app)
    if emails:
        transaction.on_commit(lambda: send_emails(to=emails, subject=title, body=body, link=link), robust=True)
    return created


# The web app's page where a user switches each kind off (frontend/src/app/router.tsx).
PREFERENCES_PAGE = "/mes-notifications"


def send_emails(*, to: list[str], subject: str, body: str, link: str) -> None:
    """One message per recipient (they do not see each other's addresses), over one connection."""
    text = body
    if link:
        text = f"{body}\n\n{settings.WEB_APP_URL.rstrip('/')}{link}"
    text += (
        "\n\n— Tremplin. Vous pouvez désactiver ces e-mails dans vos préférences de notification : "
        f"{settings.WEB_APP_URL.rstrip('/')}{PREFERENCES_PAGE}"
    )
    connection = get_connection()
    messages = [EmailMessage(subject=subject, body=text, to=[address], connection=connection) for address in to]
    sent = connection.send_messages(messages)
    logger.debug("notification e-mails sent: %s of %s (%s)", sent, len(messages), subject[:40])


def notification_mark_read(*, user: User, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def preferences_get(*, user: User) -> dict[str, dict[str, bool]]:
    """Every kind, with both channels on unless the user switched them off."""
    stored = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    result = {}
    for kind in Kind:
        preference = stored.get(kind.value)
        result[kind.value] = {
            "email": preference.email if preference else True,
            "in_app": preference.in_app if preference else True,
        }
    return result


@transaction.atomic
def preferences_update(*, user: User, changes: dict[str, dict[str, bool]]) -> dict[str, dict[str, bool]]:
    """Apply a partial change, e.g. ``{"placement_proposed": {"email": False}}``."""
    for kind, channels in changes.items():
        Kind(kind)
        values = {key: bool(value) for key, value in channels.items() if key in {"email", "in_app"}}
        if values:
            NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults=values)
    return preferences_get(user=user)
