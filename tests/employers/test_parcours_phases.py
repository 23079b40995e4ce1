"""The parcours side: start_immersion and start_interim guards, read through
available_transitions, and exit closing the parcours' placements."""

import pytest

from employers.models import Placement, PlacementEvent
from parcours.models import PhaseTransition
from tests.factories import fire_placement, make_placement

pytestmark = pytest.mark.django_db


def option(client, parcours, name):
    body = client.get(f"/api/v1/parcours/{parcours.pk}/").json()
    return next(o for o in body["available_transitions"] if o["name"] == name)


@pytest.mark.parametrize(
    ("transition", "kind", "code", "phase"),
    [
        ("start_immersion", "pmsmp", "no_confirmed_pmsmp", "immersion"),
        ("start_interim", "mission", "no_confirmed_mission", "interim"),
    ],
)
def test_phase_is_blocked_until_the_employer_confirms(world, hosts, client_for, transition, kind, code, phase):
    client = client_for(world.counsellor)
    blocked = option(client, world.followed, transition)
    assert blocked["allowed"] is False
    assert [reason["code"] for reason in blocked["reasons"]] == [code]

    placement = make_placement(
        actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment, kind=kind
    )
    assert option(client, world.followed, transition)["allowed"] is False  # proposed is not enough
    # A confirmed placement of the other kind does not unlock it.
    other_kind = "mission" if kind == "pmsmp" else "pmsmp"
    other = make_placement(
        actor=world.counsellor,
        parcours=world.followed,
        establishment=hosts.establishment,
        kind=other_kind,
        start_in_days=60,
    )
    fire_placement(other, hosts.contact, "confirm")
    assert option(client, world.followed, transition)["allowed"] is False

    fire_placement(placement, hosts.contact, "confirm")
    assert option(client, world.followed, transition) == {
        "name": transition,
        "label": option(client, world.followed, transition)["label"],
        "allowed": True,
        "reasons": [],
    }
    listed = client.get("/api/v1/parcours/").json()["results"]
    assert next(
        o
        for o in next(p for p in listed if p["id"] == world.followed.pk)["available_transitions"]
        if o["name"] == transition
    )["allowed"]
    response = client.post(f"/api/v1/parcours/{world.followed.pk}/transitions/{transition}/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["phase"] == phase


def test_an_in_progress_pmsmp_still_counts_and_a_cancelled_one_does_not(world, hosts, client_for):
    client = client_for(world.manager)
    placement = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    fire_placement(placement, hosts.contact, "confirm", "start")
    assert option(client, world.followed, "start_immersion")["allowed"] is True
    other = make_placement(actor=world.counsellor2, parcours=world.unfollowed, establishment=hosts.establishment)
    fire_placement(other, hosts.contact, "confirm")
    fire_placement(other, world.manager, "cancel")
    assert option(client, world.unfollowed, "start_immersion")["allowed"] is False


def test_start_immersion_is_refused_with_409_without_a_confirmed_pmsmp(world, hosts, client_for):
    response = client_for(world.counsellor).post(
        f"/api/v1/parcours/{world.followed.pk}/transitions/start_immersion/", {}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["reasons"][0]["code"] == "no_confirmed_pmsmp"


def test_exit_cancels_proposed_and_confirmed_placements_and_interrupts_running_ones(world, hosts, client_for):
    proposed = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    confirmed = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.other_establishment)
    fire_placement(confirmed, hosts.other_contact, "confirm")
    running = make_placement(
        actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment, kind="mission"
    )
    fire_placement(running, hosts.contact, "confirm", "start")
    done = make_placement(
        actor=world.counsellor,
        parcours=world.followed,
        establishment=hosts.establishment,
        kind="mission",
        start_in_days=60,
    )
    fire_placement(done, hosts.contact, "confirm", "start")
    fire_placement(done, hosts.contact, "complete", hours_worked=10, assessment="Bien")
    untouched = make_placement(actor=world.counsellor2, parcours=world.unfollowed, establishment=hosts.establishment)

    response = client_for(world.counsellor).post(
        f"/api/v1/parcours/{world.followed.pk}/transitions/exit/",
        {"exit_reason": "cdi_non_aide", "exit_date": world.ges.today().isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.json()

    states = dict(Placement.objects.values_list("pk", "state"))
    assert states == {
        proposed.pk: "cancelled",
        confirmed.pk: "cancelled",
        running.pk: "interrupted",
        done.pk: "completed",
        untouched.pk: "proposed",
    }
    log = PhaseTransition.objects.get(parcours=world.followed, name="exit")
    assert sorted(log.details["closed"], key=lambda item: item["id"]) == [
        {"type": "placement", "id": proposed.pk, "kind": "pmsmp", "from": "proposed", "to": "cancelled"},
        {"type": "placement", "id": confirmed.pk, "kind": "pmsmp", "from": "confirmed", "to": "cancelled"},
        {"type": "placement", "id": running.pk, "kind": "mission", "from": "in_progress", "to": "interrupted"},
    ]
    for placement in (proposed, confirmed, running):
        event = PlacementEvent.objects.filter(placement=placement).last()
        assert (event.actor, event.comment) == (world.counsellor, "Sortie du parcours")
    # Cancelled placements leave the employer's view; the interrupted one stays in their history.
    assert client_for(hosts.other_contact).get(f"/api/v1/placements/{confirmed.pk}/").status_code == 404
    assert client_for(hosts.contact).get(f"/api/v1/placements/{running.pk}/").json()["state"] == "interrupted"
