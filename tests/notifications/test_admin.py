"""The notifications admin pages work; notifications are read-only there."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify
from organisations.models import User

pytestmark = pytest.mark.django_db


def test_admin_pages(client, world):
    client.force_login(User.objects.create_superuser("admin@example.test", "an-admin-passw0rd"))
    notify(users=[world.counsellor], kind="placement_confirmed", title="T", body="B", link="/parcours/1")
    for name in ["notification", "notificationpreference"]:
        assert client.get(reverse(f"admin:notifications_{name}_changelist")).status_code == 200
    row = Notification.objects.get()
    assert client.get(reverse("admin:notifications_notification_change", args=[row.pk])).status_code == 200
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
