"""The notifications API: a user's own list, newest first, with the unread count; mark read;
another user's notification is a 404; constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/"


def send(user, count=1, kind="placement_proposed"):
    for index in range(count):
        notify(users=[user], kind=kind, title=f"Titre {index}", body="Texte", link=f"/placements/{index}")


def test_list_is_own_newest_first_with_unread_count(world, client_for):
    send(world.counsellor, 3)
    send(world.counsellor2, 2)
    body = client_for(world.counsellor).get(URL).json()
    assert body["count"] == 3
    assert body["unread_count"] == 3
    assert [row["title"] for row in body["results"]] == ["Titre 2", "Titre 1", "Titre 0"]
    row = body["results"][0]
    assert set(row) == {"id", "kind", "kind_label", "title", "body", "link", "created_at", "read_at", "is_read"}
    assert (row["kind"], row["link"], row["is_read"], row["read_at"]) == (
        "placement_proposed",
        "/placements/2",
        False,
        None,
    )


def test_mark_one_read_then_all(world, client_for):
    send(world.counsellor, 3)
    send(world.counsellor2, 1)
    client = client_for(world.counsellor)
    first = client.get(URL).json()["results"][0]
    response = client.post(f"{URL}{first['id']}/read/")
    assert response.status_code == 200
    assert response.json()["is_read"] is True
    assert response.json()["read_at"] is not None
    body = client.get(URL).json()
    assert body["unread_count"] == 2
    assert body["count"] == 3
    assert client.get(f"{URL}?unread=true").json()["count"] == 2
    # Marking it read again keeps the first read time.
    assert client.post(f"{URL}{first['id']}/read/").json()["read_at"] == response.json()["read_at"]

    response = client.post(f"{URL}read-all/")
    assert response.status_code == 200
    assert response.json() == {"marked": 2, "unread_count": 0}
    assert client.get(URL).json()["unread_count"] == 0
    # The other user's notification is still unread.
    assert client_for(world.counsellor2).get(URL).json()["unread_count"] == 1


def test_another_users_notification_is_404(world, client_for):
    send(world.counsellor2)
    theirs = Notification.objects.get(user=world.counsellor2)
    response = client_for(world.counsellor).post(f"{URL}{theirs.pk}/read/")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client_for(world.counsellor).get(URL).json()["count"] == 0
    assert client_for(world.counsellor).post(f"{URL}999999/read/").status_code == 404
    assert client_for(world.counsellor).post(f"{URL}abc/read/").status_code == 404


def test_anonymous_is_401(db):
    from rest_framework.test import APIClient

    assert APIClient().get(URL).status_code == 401


def test_query_count_does_not_grow_with_page_size(world, client_for):
    send(world.counsellor, 30)
    client = client_for(world.counsellor)
    client.get(URL)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response

    small, response_small = count(f"{URL}?page_size=2")
    large, response_large = count(f"{URL}?page_size=30")
    assert len(response_small.json()["results"]) == 2
    assert len(response_large.json()["results"]) == 30
    assert small == large


def test_notify_skips_inactive_users_and_duplicates(world):
    world.counsellor2.is_active = False
    world.counsellor2.save()
    notify(
        users=[world.counsellor, world.counsellor, world.counsellor2],
        kind="placement_confirmed",
        title="T",
        body="B",
        link="/parcours/1",
    )
    assert list(Notification.objects.values_list("user", flat=True)) == [world.counsellor.pk]


def test_notify_reads_preferences_in_one_query(world, hosts):
    users = [world.counsellor, world.counsellor2, hosts.contact, hosts.contact2]
    with CaptureQueriesContext(connection) as queries:
        notify(users=users, kind="placement_proposed", title="T", body="B", link="/placements/1")
    # one read of the preferences, one bulk insert (SQLite may add savepoints: count the others)
    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"].upper()]
    assert len(statements) == 2, statements
