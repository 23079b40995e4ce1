"""The exit transition through HTTP: its guard, its errors, its log and what it closes."""

import datetime as dt

import pytest

from parcours import hooks
from parcours.models import Parcours, Phase, PhaseTransition
from tests.factories import make_parcours

pytestmark = pytest.mark.django_db


def fire(client, parcours, name, **body):
    return client.post(f"/api/v1/parcours/{parcours.pk}/transitions/{name}/", body, format="json")


def test_exit_closes_the_parcours_and_logs_one_transition(world, client_for):
    parcours = world.followed
    exit_date = world.ges.today() - dt.timedelta(days=1)
    response = fire(
        client_for(world.counsellor),
        parcours,
        "exit",
        exit_reason="cdi_non_aide",
        exit_date=exit_date.isoformat(),
        comment="Embauche à l'EHPAD",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["phase"] == "exited"
    assert body["exit_reason"]["code"] == "cdi_non_aide"
    assert body["exit_reason"]["category"]["code"] == "emploi_durable"
    assert body["exit_date"] == exit_date.isoformat()
    assert body["available_transitions"] == []
    log = PhaseTransition.objects.filter(parcours=parcours, name="exit").get()
    assert (log.source, log.target, log.actor, log.effective_date) == ("entry", "exited", world.counsellor, exit_date)
    assert log.comment == "Embauche à l'EHPAD"
    assert log.details["exit_reason"] == "cdi_non_aide"


def test_history_lists_creation_then_exit(world, client_for):
    client = client_for(world.counsellor)
    fire(client, world.followed, "exit", exit_reason="chomage", exit_date=world.ges.today().isoformat())
    history = client.get(f"/api/v1/parcours/{world.followed.pk}/transitions/").json()
    assert [(row["name"], row["source"], row["target"]) for row in history] == [
        ("create", "", "entry"),
        ("exit", "entry", "exited"),
    ]
    assert history[1]["actor"]["email"] == world.counsellor.email


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"exit_reason": "nope", "exit_date": "TODAY"}, "exit_reason"),
        ({"exit_date": "TODAY"}, "exit_reason"),
        ({"exit_reason": "chomage"}, "exit_date"),
        ({"exit_reason": "chomage", "exit_date": "BEFORE_ENTRY"}, "exit_date"),
        ({"exit_reason": "chomage", "exit_date": "TOMORROW"}, "exit_date"),
        ({"exit_reason": "chomage", "exit_date": "31/12/2020"}, "exit_date"),
    ],
)
def test_invalid_exit_data_is_a_400_with_field_errors_and_changes_nothing(world, client_for, body, field):
    parcours = world.followed
    today = world.ges.today()
    dates = {
        "TODAY": today.isoformat(),
        "TOMORROW": (today + dt.timedelta(days=1)).isoformat(),
        "BEFORE_ENTRY": (parcours.entry_date - dt.timedelta(days=1)).isoformat(),
    }
    if "exit_date" in body:
        body = {**body, "exit_date": dates.get(body["exit_date"], body["exit_date"])}
    response = fire(client_for(world.counsellor), parcours, "exit", **body)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in response.json()["errors"]
    parcours.refresh_from_db()
    assert parcours.phase == Phase.ENTRY
    assert not PhaseTransition.objects.filter(parcours=parcours, name="exit").exists()


def test_exit_date_is_judged_in_the_structures_time_zone(world, client_for, monkeypatch):
    # 22:30 UTC on 1 March is already 2 March in Réunion (UTC+4) but still 1 March... in Paris it is 23:30.
    from django.utils import timezone

    fake_now = dt.datetime(2026, 3, 1, 22, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: fake_now)
    reunion_today = dt.date(2026, 3, 2)
    parcours = make_parcours(actor=world.other_counsellor, structure=world.aci, entry_days_ago=10)
    response = fire(
        client_for(world.other_counsellor), parcours, "exit", exit_reason="chomage", exit_date=reunion_today.isoformat()
    )
    assert response.status_code == 200, response.json()

    paris = make_parcours(actor=world.counsellor, structure=world.ges, entry_days_ago=10)
    response = fire(
        client_for(world.counsellor), paris, "exit", exit_reason="chomage", exit_date=reunion_today.isoformat()
    )
    assert response.status_code == 400
    assert "exit_date" in response.json()["errors"]


def test_unknown_transition_name_is_a_400(world, client_for):
    response = fire(client_for(world.counsellor), world.followed, "teleport")
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_transition"
    assert "name" in response.json()["errors"]


def test_no_transition_leaves_exited(world, client_for):
    client = client_for(world.counsellor)
    fire(client, world.followed, "exit", exit_reason="chomage", exit_date=world.ges.today().isoformat())
    response = fire(client, world.followed, "exit", exit_reason="inactif", exit_date=world.ges.today().isoformat())

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "transition_not_allowed"
    assert body["transition"] == "exit"
    assert body["reasons"][0]["code"] == "wrong_phase"
    assert body["available_transitions"] == []
    assert PhaseTransition.objects.filter(parcours=world.followed, name="exit").count() == 1
    world.followed.refresh_from_db()
    assert world.followed.exit_reason_id == "chomage"


def test_available_transitions_match_what_the_endpoint_accepts(world, client_for):
    """For each role that sees the parcours: allowed ⇔ 200, blocked ⇔ 409 with the same reasons."""
    valid_bodies = {
        "start_immersion": {},
        "start_interim": {},
        "start_training": {},
        "exit": {"exit_reason": "autre_siae", "exit_date": world.ges.today().isoformat()},
    }
    for user in (world.counsellor, world.manager):
        parcours = make_parcours(actor=world.counsellor, structure=world.ges)
        client = client_for(user)
        listed = client.get(f"/api/v1/parcours/{parcours.pk}/").json()["available_transitions"]
        # Without a confirmed placement or an accepted enrolment every start_* is blocked (each says why).
        # Exit is open.
        assert [(option["name"], option["allowed"]) for option in listed] == [
            ("start_immersion", False),
            ("start_interim", False),
            ("start_training", False),
            ("exit", True),
        ]
        for option in listed:
            response = fire(client, parcours, option["name"], **valid_bodies[option["name"]])
            if option["allowed"]:
                assert response.status_code == 200, response.json()
            else:
                assert response.status_code == 409
                assert response.json()["reasons"] == option["reasons"]
        after = client.get(f"/api/v1/parcours/{parcours.pk}/").json()["available_transitions"]
        assert after == []


def test_exit_runs_the_registered_closers_and_records_what_they_closed(world, client_for):
    calls = []

    def close_placements(*, parcours, actor, exit_date):
        calls.append((parcours.pk, actor, exit_date))
        return [{"type": "placement", "id": 7, "from": "proposed", "to": "cancelled"}]

    hooks.register_exit_closer(close_placements)
    try:
        exit_date = world.ges.today()
        response = fire(
            client_for(world.counsellor), world.followed, "exit", exit_reason="chomage", exit_date=exit_date.isoformat()
        )
    finally:
        hooks.unregister_exit_closer(close_placements)

    assert response.status_code == 200
    assert calls == [(world.followed.pk, world.counsellor, exit_date)]
    log = PhaseTransition.objects.get(parcours=world.followed, name="exit")
    assert log.details["closed"] == [{"type": "placement", "id": 7, "from": "proposed", "to": "cancelled"}]


def test_a_failing_closer_rolls_the_whole_exit_back(world, client_for):
    from tremplin.errors import DomainError

    def refuse(*, parcours, actor, exit_date):
        raise DomainError("Un bilan de PMSMP est attendu.", code="closer_refused")

    hooks.register_exit_closer(refuse)
    try:
        response = fire(
            client_for(world.counsellor),
            world.followed,
            "exit",
            exit_reason="chomage",
            exit_date=world.ges.today().isoformat(),
        )
    finally:
        hooks.unregister_exit_closer(refuse)

    assert response.status_code == 400
    parcours = Parcours.objects.get(pk=world.followed.pk)
    assert (parcours.phase, parcours.exit_reason_id, parcours.exit_date) == ("entry", None, None)
    assert not PhaseTransition.objects.filter(parcours=parcours, name="exit").exists()


def test_phase_cannot_be_assigned_by_hand(world):
    parcours = Parcours.objects.get(pk=world.followed.pk)
    with pytest.raises(AttributeError):
        parcours.phase = Phase.EXITED


def test_transition_log_is_append_only(world):
    row = PhaseTransition.objects.filter(parcours=world.followed).first()
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(TypeError):
        PhaseTransition.objects.filter(pk=row.pk).update(comment="x")
    with pytest.raises(TypeError):
        PhaseTransition.objects.filter(pk=row.pk).delete()
