"""Races on real concurrent PostgreSQL connections: the last seat of a session, two VAE projects
for one person, the silence rule against a counsellor's answer, an exit against an acceptance.
Exactly one wins each time; the other is refused cleanly and the logs say what happened once."""

import datetime as dt
import time
from io import StringIO

import pytest
from django.core.management import call_command

from tests.conftest import api_client_for
from tests.factories import World, make_parcours, member
from tests.parcours.test_concurrency import race
from tests.trainings.conftest import apply, fire_enrolment, fire_vae, make_session, open_vae
from trainings import selectors
from trainings.models import Certification, Enrolment, EnrolmentEvent, Training, VaeApplication, VaeEvent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def deas_session(world, capacity=2):
    deas = Certification.objects.get(code="DEAS")
    training = Training.objects.create(title="DEAS", certification=deas, duration_hours=1540)
    return make_session(training=training, training_body=world.training_body, capacity=capacity)


@pytest.fixture
def slow_count(monkeypatch):
    """Widen the window between counting the seats and saving: without the session lock, both
    requests would count one seat left and both would accept."""
    count = selectors.seats_taken

    def slow(enrolment):
        taken = count(enrolment)
        time.sleep(0.3)
        return taken

    monkeypatch.setattr(selectors, "seats_taken", slow)


@pytest.mark.parametrize("seats_left", [1, 2])
def test_two_trainers_accepting_at_once_never_exceed_the_capacity(slow_count, seats_left):
    world = World.build()
    session = deas_session(world, capacity=2)
    trainer2 = member(world.training_body, "trainer")
    manager = api_client_for(world.manager)
    if seats_left == 1:
        taken = apply(manager, make_parcours(actor=world.counsellor, structure=world.ges), session).json()["id"]
        assert fire_enrolment(api_client_for(world.trainer), taken, "accept").status_code == 200
    first = apply(manager, world.followed, session).json()["id"]
    second = apply(manager, world.unfollowed, session).json()["id"]

    responses = race(
        lambda: fire_enrolment(api_client_for(world.trainer), first, "accept"),
        lambda: fire_enrolment(api_client_for(trainer2), second, "accept"),
    )
    codes = sorted(response.status_code for response in responses)
    accepted = Enrolment.objects.filter(session=session, state__in=Enrolment.SEAT_STATES).count()
    assert accepted == 2
    if seats_left == 2:
        assert codes == [200, 200], [r.json() for r in responses]
        return
    assert codes == [200, 409], [r.json() for r in responses]
    loser = next(response for response in responses if response.status_code == 409).json()
    assert loser["code"] == "transition_not_allowed"
    assert [reason["code"] for reason in loser["reasons"]] == ["session_full"]
    assert EnrolmentEvent.objects.filter(enrolment_id__in=[first, second], name="accept").count() == 1
    assert Enrolment.objects.filter(pk__in=[first, second], state="applied").count() == 1


def test_the_same_enrolment_accepted_and_refused_at_once(slow_count):
    world = World.build()
    session = deas_session(world)
    trainer2 = member(world.training_body, "trainer")
    enrolment = apply(api_client_for(world.counsellor), world.followed, session).json()["id"]
    responses = race(
        lambda: fire_enrolment(api_client_for(world.trainer), enrolment, "accept"),
        lambda: fire_enrolment(api_client_for(trainer2), enrolment, "refuse", refusal_reason="Dossier incomplet"),
    )
    assert sorted(r.status_code for r in responses) == [200, 409], [r.json() for r in responses]
    winner = next(r for r in responses if r.status_code == 200).json()
    assert Enrolment.objects.get(pk=enrolment).state == winner["state"]
    assert EnrolmentEvent.objects.filter(enrolment_id=enrolment).exclude(name="apply").count() == 1


def test_two_vae_projects_for_one_person_at_once():
    world = World.build()
    responses = race(
        lambda: open_vae(api_client_for(world.counsellor), world.followed),
        lambda: open_vae(api_client_for(world.manager), world.followed),
    )
    assert sorted(r.status_code for r in responses) == [201, 400], [r.json() for r in responses]
    loser = next(r for r in responses if r.status_code == 400).json()
    assert loser["code"] == "vae_already_open"
    assert VaeApplication.objects.filter(person=world.followed.person).count() == 1


def test_the_silence_rule_and_the_certifier_answer_at_once():
    world = World.build()
    parcours = make_parcours(actor=world.counsellor, structure=world.ges, entry_days_ago=150)
    today = world.ges.today()
    counsellor = api_client_for(world.counsellor)
    response = open_vae(counsellor, parcours, date=(today - dt.timedelta(days=120)).isoformat())
    assert response.status_code == 201, response.json()
    application = response.json()["id"]
    response = fire_vae(counsellor, application, "submit_feasibility", date=(today - dt.timedelta(days=90)).isoformat())
    assert response.status_code == 200, response.json()

    def run_daily():
        out = StringIO()
        call_command("daily", "--only", "vae_silence_rule", stdout=out)
        return out.getvalue()

    output, response = race(run_daily, lambda: fire_vae(counsellor, application, "declare_not_admissible"))
    decided = VaeApplication.objects.get(pk=application)
    decisions = VaeEvent.objects.filter(application_id=application, name__startswith="declare")
    assert decisions.count() == 1
    if response.status_code == 200:
        assert decided.state == "not_admissible"
        assert "0 demande(s)" in output
    else:
        assert response.status_code == 409, response.json()
        assert (decided.state, decided.admissible_by_silence) == ("admissible", True)
        assert "1 demande(s)" in output
        assert decisions.get().actor is None


def test_exit_and_acceptance_at_once_leave_the_enrolment_dropped():
    world = World.build()
    session = deas_session(world)
    counsellor = api_client_for(world.counsellor)
    enrolment = apply(counsellor, world.followed, session).json()["id"]
    exit_body = {"exit_reason": "chomage", "exit_date": world.ges.today().isoformat()}
    accept, exit_ = race(
        lambda: fire_enrolment(api_client_for(world.trainer), enrolment, "accept"),
        lambda: counsellor.post(f"/api/v1/parcours/{world.followed.pk}/transitions/exit/", exit_body, format="json"),
    )
    assert exit_.status_code == 200, exit_.json()
    assert accept.status_code in (200, 409), accept.json()
    assert Enrolment.objects.get(pk=enrolment).state == "dropped"
    names = list(EnrolmentEvent.objects.filter(enrolment_id=enrolment).values_list("name", flat=True))
    assert names == (["apply", "accept", "drop"] if accept.status_code == 200 else ["apply", "drop"])


def test_an_application_and_an_exit_at_once_leave_nothing_open(monkeypatch):
    """The application locks the parcours as the exit does: either it comes first and the exit
    drops it, or it comes second and is refused; never an open enrolment on a closed parcours."""
    from trainings import services

    check = services._require_open

    def slow(parcours):
        check(parcours)
        time.sleep(0.3)  # the window in which an unlocked application would miss the exit

    monkeypatch.setattr(services, "_require_open", slow)
    world = World.build()
    session = deas_session(world)
    counsellor = api_client_for(world.counsellor)
    exit_body = {"exit_reason": "chomage", "exit_date": world.ges.today().isoformat()}
    applied, exit_ = race(
        lambda: apply(api_client_for(world.counsellor), world.followed, session),
        lambda: counsellor.post(f"/api/v1/parcours/{world.followed.pk}/transitions/exit/", exit_body, format="json"),
    )
    assert exit_.status_code == 200, exit_.json()
    assert applied.status_code in (201, 400), applied.json()
    assert not Enrolment.objects.filter(parcours=world.followed, state__in=Enrolment.OPEN_STATES).exists()
    if applied.status_code == 400:
        assert applied.json()["code"] == "parcours_closed"
        assert not Enrolment.objects.filter(parcours=world.followed).exists()
    else:
        assert Enrolment.objects.get(parcours=world.followed).state == "dropped"
