"""Placements (confirmation rate, time to answer), trainings (completion) and VAE outcomes, per role."""

import datetime as dt

import pytest
from django.utils import timezone

from employers.models import PlacementEvent
from parcours.models import Parcours
from tests.factories import EstablishmentFactory, OrganisationFactory, fire_placement, make_parcours, make_placement
from tests.trainings.conftest import make_session
from trainings.models import Certification, Enrolment, Training, VaeApplication

pytestmark = pytest.mark.django_db

BASE = "/api/v1/outcomes/"


def _period():
    today = timezone.localdate()
    return {"from": f"{today.year - 1}-01-01", "to": (today + dt.timedelta(days=60)).isoformat()}


def _answer(placement, target, days):
    proposed = placement.events.get(target="proposed").occurred_at
    PlacementEvent.objects.create(
        placement=placement,
        name=target[:-1],
        source="proposed",
        target=target,
        occurred_at=proposed + dt.timedelta(days=days),
    )


def test_placements_confirmation_rate_and_median_time_to_answer(world, client_for):
    ours = EstablishmentFactory(employer=world.employer)
    theirs = EstablishmentFactory()
    parcours = [world.followed, world.unfollowed] + [
        make_parcours(actor=world.counsellor, structure=world.ges) for _ in range(2)
    ]
    for days, target, p in [(1, "confirmed", parcours[0]), (2, "confirmed", parcours[1]), (6, "declined", parcours[2])]:
        _answer(make_placement(actor=p.referent, parcours=p, establishment=ours), target, days)
    make_placement(actor=parcours[3].referent, parcours=parcours[3], establishment=ours)  # unanswered
    make_placement(actor=world.counsellor, parcours=world.followed, establishment=theirs, start_in_days=30)

    body = client_for(world.employer_contact).get(f"{BASE}placements/", _period()).json()
    assert body["proposed"] == {"value": 4, "suppressed": False}
    assert body["confirmed"]["value"] == 2
    assert body["declined"]["value"] == 1
    assert body["confirmation_rate"] == {"value": 2 / 3, "numerator": 2, "denominator": 3, "suppressed": False}
    assert body["median_answer_days"]["value"] == pytest.approx(2.0)

    manager = client_for(world.manager).get(f"{BASE}placements/", _period()).json()
    assert manager["proposed"]["value"] == 5
    counsellor = client_for(world.counsellor).get(f"{BASE}placements/", _period()).json()
    assert counsellor["proposed"]["value"] == 4  # followed twice, and the two they created
    analyst = client_for(world.analyst).get(f"{BASE}placements/", _period()).json()
    assert analyst["confirmation_rate"]["suppressed"] is True
    assert analyst["proposed"] == {"value": 5, "suppressed": False}


def test_placement_answers_through_the_services_count(world, client_for):
    establishment = EstablishmentFactory(employer=world.employer)
    placement = make_placement(actor=world.counsellor, parcours=world.followed, establishment=establishment)
    fire_placement(placement, world.employer_contact, "confirm")
    body = client_for(world.employer_contact).get(f"{BASE}placements/", _period()).json()
    assert body["confirmed"]["value"] == 1
    assert body["median_answer_days"]["value"] < 1


def _enrol(parcours, session, state, result=""):
    return Enrolment.objects.create(
        parcours=parcours, session=session, state=state, result=result, applied_by=parcours.referent
    )


def test_trainings_completion_rate_for_the_trainer_and_the_structure(world, client_for):
    deas = Certification.objects.get(code="DEAS")
    training = Training.objects.create(title="DEAS", certification=deas, duration_hours=1540)
    ours = make_session(training=training, training_body=world.training_body, start_in_days=-30)
    other_body = OrganisationFactory(name="Autre OF", training_body=True, structure_type="")
    theirs = make_session(training=training, training_body=other_body, start_in_days=-30)
    people = [make_parcours(actor=world.counsellor, structure=world.ges) for _ in range(6)]
    _enrol(people[0], ours, "completed", "passed")
    _enrol(people[1], ours, "completed", "failed")
    _enrol(people[2], ours, "dropped")
    _enrol(people[3], ours, "attending")
    _enrol(people[4], ours, "applied")
    _enrol(people[5], theirs, "completed", "passed")

    body = client_for(world.trainer).get(f"{BASE}trainings/", _period()).json()
    assert body["enrolments"]["value"] == 4
    assert body["completed"]["value"] == 2
    assert body["passed"]["value"] == 1
    assert body["dropped"]["value"] == 1
    assert body["completion_rate"] == {"value": 2 / 3, "numerator": 2, "denominator": 3, "suppressed": False}
    manager = client_for(world.manager).get(f"{BASE}trainings/", _period()).json()
    assert manager["enrolments"]["value"] == 5
    assert client_for(world.other_manager).get(f"{BASE}trainings/", _period()).json()["enrolments"]["value"] == 0


def test_vae_outcomes_by_state(world, client_for):
    deas = Certification.objects.get(code="DEAS")
    states = ["validated_full", "validated_partial", "validated_full", "project", "refused"]
    for state in states:
        parcours = make_parcours(actor=world.counsellor, structure=world.ges)
        VaeApplication.objects.create(
            parcours=parcours, person=parcours.person, certification=deas, state=state, created_by=world.counsellor
        )
    body = client_for(world.manager).get(f"{BASE}vae/", _period()).json()
    assert body["applications"]["value"] == 5
    assert body["validated_full"]["value"] == 2
    assert body["validated_partial"]["value"] == 1
    by_state = {row["state"]: row["count"]["value"] for row in body["by_state"]}
    assert by_state["refused"] == 1 and by_state["admissible"] == 0
    analyst = client_for(world.analyst).get(f"{BASE}vae/", _period()).json()
    assert analyst["applications"]["value"] == 5
    assert analyst["validated_full"] == {"value": None, "suppressed": True}
    assert Parcours.objects.filter(structure=world.aci).count() == 1
