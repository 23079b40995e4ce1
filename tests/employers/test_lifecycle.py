"""The placement lifecycle through HTTP, as each role: every step, its log row, and each refusal.

Convention (as for parcours): a placement out of the user's scope answers 404; a placement the
user sees but may not move answers 409 ``transition_not_allowed`` with the reason
``not_allowed_for_user``; a missing or invalid body is a 400.
"""

import datetime as dt

import pytest

from employers.models import Placement, PlacementEvent
from tests.employers.conftest import fire, propose
from tests.factories import fire_placement, make_placement

pytestmark = pytest.mark.django_db


def pmsmp_body(world, **overrides):
    start = world.ges.today() + dt.timedelta(days=7)
    return {
        "kind": "pmsmp",
        "purpose": "discover",
        "start_date": start.isoformat(),
        "end_date": (start + dt.timedelta(days=13)).isoformat(),
        **overrides,
    }


def events(placement):
    return list(PlacementEvent.objects.filter(placement=placement).values_list("name", "source", "target", "actor"))


def test_full_pmsmp_lifecycle_logs_every_step_with_its_actor(world, hosts, client_for):
    counsellor, contact = client_for(world.counsellor), client_for(hosts.contact)
    response = propose(counsellor, world.followed, hosts.establishment, **pmsmp_body(world))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "proposed"
    assert body["parcours"] == world.followed.pk
    assert [(t["name"], t["allowed"]) for t in body["available_transitions"]] == [
        ("confirm", False),
        ("decline", False),
        ("cancel", True),
    ]
    placement = Placement.objects.get(pk=body["id"])

    inbox = contact.get("/api/v1/placements/").json()["results"]
    assert [row["id"] for row in inbox] == [placement.pk]
    assert {t["name"]: t["allowed"] for t in inbox[0]["available_transitions"]} == {
        "confirm": True,
        "decline": True,
        "cancel": False,
    }

    assert fire(contact, placement, "confirm", comment="Bienvenue").json()["state"] == "confirmed"
    assert fire(contact, placement, "start").json()["state"] == "in_progress"
    response = fire(contact, placement, "complete", hours_worked="70.5", assessment="Très bonne intégration.")
    assert response.status_code == 200, response.json()
    assert (response.json()["state"], response.json()["hours_worked"]) == ("completed", "70.50")
    assert response.json()["available_transitions"] == []
    assert events(placement) == [
        ("propose", "", "proposed", world.counsellor.pk),
        ("confirm", "proposed", "confirmed", hosts.contact.pk),
        ("start", "confirmed", "in_progress", hosts.contact.pk),
        ("complete", "in_progress", "completed", hosts.contact.pk),
    ]
    assert PlacementEvent.objects.get(placement=placement, name="confirm").comment == "Bienvenue"
    assert PlacementEvent.objects.get(placement=placement, name="complete").details == {
        "hours_worked": "70.50",
        "assessment": "Très bonne intégration.",
    }
    # Completed, the placement stays visible to the employer (their history).
    assert contact.get(f"/api/v1/placements/{placement.pk}/").status_code == 200


def test_manager_proposes_too(world, hosts, client_for):
    response = propose(client_for(world.manager), world.unfollowed, hosts.establishment, **pmsmp_body(world))
    assert response.status_code == 201, response.json()


def test_employer_contact_interrupts_a_running_placement(world, hosts, client_for):
    placement = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    fire_placement(placement, hosts.contact, "confirm", "start")
    response = fire(client_for(hosts.contact2), placement, "interrupt", comment="Absences répétées")
    assert response.status_code == 200
    assert response.json()["state"] == "interrupted"


def test_decline_requires_a_reason_then_withdraws_the_employer_access(world, hosts, client_for):
    placement = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    contact = client_for(hosts.contact)
    for body in ({}, {"decline_reason": ""}):
        response = fire(contact, placement, "decline", **body)
        assert response.status_code == 400
        assert "decline_reason" in response.json()["errors"]
    response = fire(contact, placement, "decline", decline_reason="Pas de tuteur disponible en mars.")
    assert response.status_code == 200
    assert response.json()["decline_reason"] == "Pas de tuteur disponible en mars."
    # Declined: the employer no longer sees it; the counsellor still does.
    assert contact.get(f"/api/v1/placements/{placement.pk}/").status_code == 404
    assert contact.get("/api/v1/placements/").json()["results"] == []
    assert client_for(world.counsellor).get(f"/api/v1/placements/{placement.pk}/").json()["state"] == "declined"


@pytest.mark.parametrize("state", ["proposed", "confirmed"])
def test_counsellor_cancels_then_the_employer_no_longer_sees_it(world, hosts, client_for, state):
    placement = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    if state == "confirmed":
        fire_placement(placement, hosts.contact, "confirm")
    response = fire(client_for(world.counsellor), placement, "cancel", comment="La personne a trouvé un CDD")
    assert response.status_code == 200
    assert response.json()["state"] == "cancelled"
    assert events(placement)[-1] == ("cancel", state, "cancelled", world.counsellor.pk)
    assert client_for(hosts.contact).get(f"/api/v1/placements/{placement.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"assessment": "Bien."}, "hours_worked"),
        ({"hours_worked": "-1", "assessment": "Bien."}, "hours_worked"),
        ({"hours_worked": "abc", "assessment": "Bien."}, "hours_worked"),
        ({"hours_worked": "35"}, "assessment"),
        ({"hours_worked": "35", "assessment": ""}, "assessment"),
        ({"hours_worked": "35", "assessment": "x" * 2001}, "assessment"),
    ],
)
def test_complete_requires_hours_and_a_short_assessment(world, hosts, client_for, body, field):
    placement = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    fire_placement(placement, hosts.contact, "confirm", "start")
    response = fire(client_for(hosts.contact), placement, "complete", **body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    placement.refresh_from_db()
    assert placement.state == "in_progress"


@pytest.mark.parametrize(("role", "name"), [("counsellor", "confirm"), ("manager", "decline"), ("counsellor", "start")])
def test_the_structure_side_cannot_answer_for_the_employer_409(world, hosts, client_for, role, name):
    placement = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    if name == "start":
        fire_placement(placement, hosts.contact, "confirm")
    response = fire(client_for(getattr(world, role)), placement, name, decline_reason="Non")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "transition_not_allowed"
    assert [reason["code"] for reason in body["reasons"]] == ["not_allowed_for_user"]
    assert name not in body["available_transitions"]


def test_the_employer_cannot_cancel_409(world, hosts, client_for):
    placement = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    response = fire(client_for(hosts.contact), placement, "cancel")
    assert response.status_code == 409
    assert response.json()["reasons"][0]["code"] == "not_allowed_for_user"
    assert response.json()["available_transitions"] == ["confirm", "decline"]


@pytest.mark.parametrize(
    ("done", "name"),
    [((), "start"), ((), "complete"), (("confirm",), "confirm"), (("confirm", "start"), "cancel")],
)
def test_a_transition_from_the_wrong_state_is_409(world, hosts, client_for, done, name):
    placement = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    fire_placement(placement, hosts.contact, *done)
    user = world.counsellor if name == "cancel" else hosts.contact
    response = fire(client_for(user), placement, name, hours_worked="1", assessment="ok")
    assert response.status_code == 409
    assert response.json()["reasons"][0]["code"] == "wrong_state"
    assert PlacementEvent.objects.filter(placement=placement).count() == 1 + len(done)


@pytest.mark.parametrize(
    "role", ["other_contact", "trainer", "analyst", "other_counsellor", "other_manager", "counsellor2"]
)
def test_out_of_scope_users_get_404_for_reads_and_transitions(world, hosts, client_for, role):
    placement = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    user = getattr(hosts, role, None) or getattr(world, role)
    client = client_for(user)
    assert client.get(f"/api/v1/placements/{placement.pk}/").status_code == 404
    for name in ("confirm", "cancel", "nope"):
        assert fire(client, placement, name).status_code == 404
    assert client.get("/api/v1/placements/").json()["results"] == []
    placement.refresh_from_db()
    assert placement.state == "proposed"


def test_unknown_transition_is_a_400(world, hosts, client_for):
    placement = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    response = fire(client_for(hosts.contact), placement, "approve")
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_transition"
    assert "name" in response.json()["errors"]


def test_the_employer_cannot_propose(world, hosts, client_for):
    response = propose(client_for(hosts.contact), world.followed, hosts.establishment, **pmsmp_body(world))
    assert response.status_code == 400
    assert "parcours" in response.json()["errors"]
    assert not Placement.objects.exists()


def test_a_counsellor_cannot_propose_for_a_parcours_they_do_not_follow(world, hosts, client_for):
    response = propose(client_for(world.counsellor), world.unfollowed, hosts.establishment, **pmsmp_body(world))
    assert response.status_code == 400
    assert "parcours" in response.json()["errors"]


def test_list_filters(world, hosts, client_for):
    pmsmp = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    mission = make_placement(
        actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment, kind="mission"
    )
    fire_placement(mission, hosts.contact, "confirm")
    other = make_placement(actor=world.manager, parcours=world.unfollowed, establishment=hosts.establishment)
    client = client_for(world.manager)

    def ids(query):
        return {row["id"] for row in client.get(f"/api/v1/placements/?{query}").json()["results"]}

    assert ids("") == {pmsmp.pk, mission.pk, other.pk}
    assert ids("kind=mission") == {mission.pk}
    assert ids("state=proposed") == {pmsmp.pk, other.pk}
    assert ids(f"parcours={world.unfollowed.pk}") == {other.pk}
    assert client.get("/api/v1/placements/?state=nope").status_code == 400
