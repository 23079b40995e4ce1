"""Placement notifications through HTTP: who gets what, in-app and by e-mail, only after the
commit, and each user's preferences per kind and channel."""

import datetime as dt

import pytest

from notifications.models import Notification
from tests.employers.conftest import fire, propose
from tests.factories import fire_placement, make_placement

pytestmark = pytest.mark.django_db


def pmsmp_body(world):
    start = world.ges.today() + dt.timedelta(days=7)
    return {
        "kind": "pmsmp",
        "purpose": "discover",
        "start_date": start.isoformat(),
        "end_date": (start + dt.timedelta(days=13)).isoformat(),
    }


def recipients(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def in_app(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__email", flat=True))


def test_proposal_notifies_the_host_employers_contacts_only_and_mails_after_commit(
    world, hosts, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    person = world.followed.person
    person.phone, person.email, person.birth_date = "06 12 34 56 78", "awa@example.test", dt.date(1990, 3, 12)
    person.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = propose(client_for(world.counsellor), world.followed, hosts.establishment, **pmsmp_body(world))
    assert response.status_code == 201, response.json()
    # The rows exist, but nothing left before the commit.
    assert in_app("placement_proposed") == sorted([hosts.contact.email, hosts.contact2.email])
    assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert recipients(mailoutbox) == sorted([hosts.contact.email, hosts.contact2.email])
    assert hosts.other_contact.email not in recipients(mailoutbox)
    assert all(len(message.to) == 1 for message in mailoutbox)  # nobody sees the others' addresses

    start = dt.date.fromisoformat(pmsmp_body(world)["start_date"])
    expected_title = (
        f"Nouvelle immersion (PMSMP) proposée : {person.first_name} {person.last_name} à "
        f"{hosts.establishment.name} du {start:%d/%m} au {start + dt.timedelta(days=13):%d/%m}"
    )
    message = mailoutbox[0]
    assert message.subject == expected_title
    placement_id = response.json()["id"]
    assert f"/placements/{placement_id}" in message.body
    row = Notification.objects.get(user=hosts.contact)
    assert (row.title, row.link, row.read_at) == (expected_title, f"/placements/{placement_id}", None)
    # Name only: nothing else of the person's file.
    for text in (message.subject, message.body, row.title, row.body):
        for secret in ("06 12 34 56 78", "awa@example.test", "12/03/1990", "1990-03-12"):
            assert secret not in text


def test_a_refused_proposal_sends_nothing(world, hosts, client_for, mailoutbox, django_capture_on_commit_callbacks):
    body = {**pmsmp_body(world), "purpose": ""}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = propose(client_for(world.counsellor), world.followed, hosts.establishment, **body)
    assert response.status_code == 400
    assert callbacks == []
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_a_rolled_back_transaction_sends_nothing(world, hosts, mailoutbox, django_capture_on_commit_callbacks):
    from django.db import transaction

    class Abort(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Abort), transaction.atomic():
        make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
        raise Abort
    assert callbacks == []
    assert mailoutbox == []
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("name", "body", "kind", "word"),
    [
        ("confirm", {}, "placement_confirmed", "confirmée"),
        ("decline", {"decline_reason": "Pas de tuteur disponible"}, "placement_declined", "déclinée"),
    ],
)
def test_confirm_or_decline_notifies_the_referent_only(
    world, hosts, client_for, mailoutbox, django_capture_on_commit_callbacks, name, body, kind, word
):
    world.followed.co_referents.add(world.counsellor2)
    placement = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = fire(client_for(hosts.contact), placement, name, **body)
    assert response.status_code == 200, response.json()
    assert recipients(mailoutbox) == [world.counsellor.email]
    assert in_app(kind) == [world.counsellor.email]
    row = Notification.objects.get(kind=kind)
    assert row.link == f"/parcours/{world.followed.pk}"
    assert row.title.startswith(f"Immersion (PMSMP) {word} : ")
    assert "Pas de tuteur" not in row.body + mailoutbox[0].body  # the reason stays on the parcours page


def test_a_refused_transition_notifies_nobody(world, hosts, client_for, mailoutbox, django_capture_on_commit_callbacks):
    placement = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    with django_capture_on_commit_callbacks(execute=True):
        response = fire(client_for(hosts.contact), placement, "decline")  # no reason: 400
    assert response.status_code == 400
    assert not Notification.objects.filter(kind="placement_declined").exists()
    assert mailoutbox == []


def test_mission_title(world, hosts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_placement(
            actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment, kind="mission"
        )
    assert (
        Notification.objects.filter(user=hosts.contact).get().title.startswith("Nouvelle mission d'intérim proposée : ")
    )


def test_preferences_default_on_and_patch(world, client_for):
    client = client_for(hosts_contact := world.employer_contact)
    body = client.get("/api/v1/notifications/preferences/").json()
    assert body == {kind: {"email": True, "in_app": True} for kind in Notification.Kind.values}
    assert {"placement_proposed", "placement_confirmed", "placement_declined"} <= body.keys()
    response = client.patch(
        "/api/v1/notifications/preferences/", {"placement_proposed": {"email": False}}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["placement_proposed"] == {"email": False, "in_app": True}
    assert response.json()["placement_declined"] == {"email": True, "in_app": True}
    response = client.patch(
        "/api/v1/notifications/preferences/", {"placement_proposed": {"in_app": False}}, format="json"
    )
    assert response.json()["placement_proposed"] == {"email": False, "in_app": False}
    assert hosts_contact.notification_preferences.count() == 1
    # Someone else's preferences are untouched.
    other = client_for(world.counsellor).get("/api/v1/notifications/preferences/").json()
    assert other["placement_proposed"] == {"email": True, "in_app": True}


def test_preferences_reject_bad_values(world, client_for):
    client = client_for(world.counsellor)
    response = client.patch(
        "/api/v1/notifications/preferences/", {"placement_proposed": {"email": "perhaps"}}, format="json"
    )
    assert response.status_code == 400
    assert client.get("/api/v1/notifications/preferences/").json()["placement_proposed"]["email"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [({"alert_digests": {"email": False}}, "alert_digests"), ({"alert_digest": {"mail": False}}, "alert_digest")],
)
def test_preferences_reject_unknown_kinds_and_channels(world, client_for, body, field):
    client = client_for(world.counsellor)
    response = client.patch("/api/v1/notifications/preferences/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()
    assert client.get("/api/v1/notifications/preferences/").json()["alert_digest"] == {"email": True, "in_app": True}


@pytest.mark.parametrize(("channel", "mails", "rows"), [("email", 1, 2), ("in_app", 2, 1)])
def test_switching_a_channel_off_stops_it_for_that_user_only(
    world, hosts, client_for, mailoutbox, django_capture_on_commit_callbacks, channel, mails, rows
):
    response = client_for(hosts.contact).patch(
        "/api/v1/notifications/preferences/", {"placement_proposed": {channel: False}}, format="json"
    )
    assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    assert len(mailoutbox) == mails
    assert Notification.objects.filter(kind="placement_proposed").count() == rows
    if channel == "email":
        assert recipients(mailoutbox) == [hosts.contact2.email]
    else:
        assert in_app("placement_proposed") == [hosts.contact2.email]


def test_switching_one_kind_off_leaves_the_others(
    world, hosts, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    client_for(world.counsellor).patch(
        "/api/v1/notifications/preferences/",
        {"placement_confirmed": {"email": False, "in_app": False}},
        format="json",
    )
    first = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    second = make_placement(
        actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment, start_in_days=40
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        fire_placement(first, hosts.contact, "confirm")
        fire_placement(second, hosts.contact, "decline", decline_reason="Complet")
    assert recipients(mailoutbox) == [world.counsellor.email]
    assert mailoutbox[0].subject.startswith("Immersion (PMSMP) déclinée")
    assert not Notification.objects.filter(kind="placement_confirmed").exists()
    assert Notification.objects.filter(kind="placement_declined", user=world.counsellor).count() == 1
