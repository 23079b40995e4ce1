"""The parcours side (DESIGN §3): start_training and start_vae guards, read through
available_transitions and fired through the API, and exit dropping the open enrolments in the
same transaction, with what it closed in the phase log."""

import datetime as dt

import pytest

from parcours.models import Parcours, PhaseTransition
from tests.factories import EstablishmentFactory, fire_placement, make_placement
from tests.trainings.conftest import apply, fire_enrolment, fire_vae, make_session, open_vae
from trainings.models import Enrolment, EnrolmentEvent

pytestmark = pytest.mark.django_db


def option(client, parcours, name):
    body = client.get(f"/api/v1/parcours/{parcours.pk}/").json()
    return next((o for o in body["available_transitions"] if o["name"] == name), None)


def listed_option(client, parcours, name):
    rows = client.get("/api/v1/parcours/").json()["results"]
    row = next(row for row in rows if row["id"] == parcours.pk)
    return next((o for o in row["available_transitions"] if o["name"] == name), None)


def fire_phase(client, parcours, name, **body):
    return client.post(f"/api/v1/parcours/{parcours.pk}/transitions/{name}/", body, format="json")


def phase(parcours):
    return Parcours.objects.get(pk=parcours.pk).phase


def exit_body(world):
    return {"exit_reason": "chomage", "exit_date": world.ges.today().isoformat()}


# -- start_training ------------------------------------------------------------------------------


def test_start_training_waits_for_an_accepted_enrolment(world, campus, client_for):
    counsellor, trainer = client_for(world.counsellor), client_for(campus.trainer)
    for view in (option, listed_option):
        blocked = view(counsellor, world.followed, "start_training")
        assert blocked["allowed"] is False
        assert [reason["code"] for reason in blocked["reasons"]] == ["no_accepted_enrolment"]
    response = fire_phase(counsellor, world.followed, "start_training")
    assert response.status_code == 409
    assert [reason["code"] for reason in response.json()["reasons"]] == ["no_accepted_enrolment"]

    enrolment = apply(counsellor, world.followed, campus.session).json()["id"]
    assert option(counsellor, world.followed, "start_training")["allowed"] is False  # applied is not enough
    refused = apply(counsellor, world.followed, campus.other_session).json()["id"]
    fire_enrolment(client_for(campus.other_trainer), refused, "refuse", refusal_reason="Complet")
    assert option(counsellor, world.followed, "start_training")["allowed"] is False  # nor refused
    # Another parcours' accepted enrolment does not count.
    other = apply(client_for(world.manager), world.unfollowed, campus.session).json()["id"]
    fire_enrolment(trainer, other, "accept")
    assert option(counsellor, world.followed, "start_training")["allowed"] is False

    fire_enrolment(trainer, enrolment, "accept")
    for view in (option, listed_option):
        assert view(counsellor, world.followed, "start_training") == {
            "name": "start_training",
            "label": option(counsellor, world.followed, "start_training")["label"],
            "allowed": True,
            "reasons": [],
        }
    fire_enrolment(trainer, enrolment, "attend")
    assert option(counsellor, world.followed, "start_training")["allowed"] is True  # attending counts too

    response = fire_phase(counsellor, world.followed, "start_training", comment="Entrée en formation DEAS")
    assert response.status_code == 200, response.json()
    assert response.json()["phase"] == "training"
    row = PhaseTransition.objects.filter(parcours=world.followed).latest("pk")
    assert (row.name, row.source, row.target, row.actor) == ("start_training", "entry", "training", world.counsellor)


@pytest.mark.parametrize("end", ["complete", "drop"])
def test_a_finished_enrolment_no_longer_opens_training(world, campus, client_for, end):
    counsellor, trainer = client_for(world.counsellor), client_for(campus.trainer)
    enrolment = apply(counsellor, world.followed, campus.session).json()["id"]
    for name in ("accept", "attend"):
        fire_enrolment(trainer, enrolment, name)
    assert fire_enrolment(trainer, enrolment, end, result="passed").status_code == 200
    blocked = option(counsellor, world.followed, "start_training")
    assert [reason["code"] for reason in blocked["reasons"]] == ["no_accepted_enrolment"]


def test_start_training_is_for_the_parcours_staff_only(world, campus, client_for):
    enrolment = apply(client_for(world.counsellor), world.followed, campus.session).json()["id"]
    fire_enrolment(client_for(campus.trainer), enrolment, "accept")
    assert fire_phase(client_for(campus.trainer), world.followed, "start_training").status_code == 404
    assert fire_phase(client_for(world.counsellor2), world.followed, "start_training").status_code == 404
    response = fire_phase(client_for(world.manager), world.followed, "start_training")
    assert response.status_code == 200, response.json()


# -- start_vae -----------------------------------------------------------------------------------


def into_training(world, campus, client_for):
    counsellor = client_for(world.counsellor)
    enrolment = apply(counsellor, world.followed, campus.session).json()["id"]
    fire_enrolment(client_for(campus.trainer), enrolment, "accept")
    assert fire_phase(counsellor, world.followed, "start_training").status_code == 200


def into_immersion(world, campus, client_for):
    establishment = EstablishmentFactory(employer=world.employer)
    placement = make_placement(actor=world.counsellor, parcours=world.followed, establishment=establishment)
    fire_placement(placement, world.employer_contact, "confirm")
    assert fire_phase(client_for(world.counsellor), world.followed, "start_immersion").status_code == 200


def into_interim(world, campus, client_for):
    establishment = EstablishmentFactory(employer=world.employer)
    placement = make_placement(
        actor=world.counsellor, parcours=world.followed, establishment=establishment, kind="mission"
    )
    fire_placement(placement, world.employer_contact, "confirm")
    assert fire_phase(client_for(world.counsellor), world.followed, "start_interim").status_code == 200


def test_start_vae_is_not_offered_from_entry(world, campus, client_for):
    counsellor = client_for(world.counsellor)
    application = open_vae(counsellor, world.followed).json()["id"]
    for name in ("submit_feasibility", "declare_admissible"):
        fire_vae(counsellor, application, name)
    assert option(counsellor, world.followed, "start_vae") is None
    response = fire_phase(counsellor, world.followed, "start_vae")
    assert response.status_code == 409
    assert [reason["code"] for reason in response.json()["reasons"]] == ["wrong_phase"]
    assert phase(world.followed) == "entry"


@pytest.mark.parametrize("into", [into_training, into_immersion, into_interim])
def test_start_vae_waits_for_an_admissible_vae(world, campus, client_for, into):
    into(world, campus, client_for)
    counsellor = client_for(world.counsellor)
    source = phase(world.followed)

    def blocked_with(code):
        for view in (option, listed_option):
            found = view(counsellor, world.followed, "start_vae")
            assert found["allowed"] is False
            assert [reason["code"] for reason in found["reasons"]] == [code]
        response = fire_phase(counsellor, world.followed, "start_vae")
        assert response.status_code == 409, response.json()
        assert [reason["code"] for reason in response.json()["reasons"]] == [code]
        assert phase(world.followed) == source

    blocked_with("no_admissible_vae")
    application = open_vae(counsellor, world.followed).json()["id"]
    blocked_with("no_admissible_vae")  # a project
    fire_vae(counsellor, application, "submit_feasibility")
    blocked_with("no_admissible_vae")  # waiting for the certifier

    assert fire_vae(counsellor, application, "declare_admissible").status_code == 200
    assert option(counsellor, world.followed, "start_vae") == {
        "name": "start_vae",
        "label": option(counsellor, world.followed, "start_vae")["label"],
        "allowed": True,
        "reasons": [],
    }
    assert listed_option(counsellor, world.followed, "start_vae")["allowed"] is True
    response = fire_phase(counsellor, world.followed, "start_vae")
    assert response.status_code == 200, response.json()
    assert response.json()["phase"] == "vae"
    row = PhaseTransition.objects.filter(parcours=world.followed).latest("pk")
    assert (row.name, row.source, row.target) == ("start_vae", source, "vae")
    # From vae, start_training is offered again (DESIGN §3), still behind its guard.
    assert option(counsellor, world.followed, "start_vae") is None
    assert option(counsellor, world.followed, "start_training") is not None


def test_later_vae_states_still_open_the_vae_phase_but_final_ones_do_not(world, campus, client_for):
    into_training(world, campus, client_for)
    counsellor = client_for(world.counsellor)
    today = world.ges.today().isoformat()
    application = open_vae(counsellor, world.followed).json()["id"]
    for name in ("submit_feasibility", "declare_admissible", "submit_validation_file"):
        fire_vae(counsellor, application, name)
    assert option(counsellor, world.followed, "start_vae")["allowed"] is True
    fire_vae(counsellor, application, "schedule_jury", date=today)
    assert option(counsellor, world.followed, "start_vae")["allowed"] is True
    fire_vae(counsellor, application, "validate_partial", validated_blocs=[1])
    assert option(counsellor, world.followed, "start_vae")["allowed"] is True
    fire_vae(counsellor, application, "start_complement")
    assert option(counsellor, world.followed, "start_vae")["allowed"] is True
    fire_vae(counsellor, application, "schedule_jury", date=today)
    fire_vae(counsellor, application, "refuse")
    assert option(counsellor, world.followed, "start_vae")["reasons"][0]["code"] == "no_admissible_vae"


def test_not_admissible_does_not_open_the_vae_phase(world, campus, client_for):
    into_training(world, campus, client_for)
    counsellor = client_for(world.counsellor)
    application = open_vae(counsellor, world.followed).json()["id"]
    fire_vae(counsellor, application, "submit_feasibility")
    fire_vae(counsellor, application, "declare_not_admissible")
    assert option(counsellor, world.followed, "start_vae")["reasons"][0]["code"] == "no_admissible_vae"


# -- exit ----------------------------------------------------------------------------------------


def test_exit_drops_the_open_enrolments_and_logs_them(world, campus, client_for):
    counsellor, trainer = client_for(world.counsellor), client_for(campus.trainer)
    third = make_session(training=campus.training, training_body=world.training_body)
    fourth = make_session(training=campus.training, training_body=world.training_body)
    applied = apply(counsellor, world.followed, campus.session).json()["id"]
    accepted = apply(counsellor, world.followed, campus.other_session).json()["id"]
    fire_enrolment(client_for(campus.other_trainer), accepted, "accept")
    attending = apply(counsellor, world.followed, third).json()["id"]
    fire_enrolment(trainer, attending, "accept")
    fire_enrolment(trainer, attending, "attend")
    completed = apply(counsellor, world.followed, fourth).json()["id"]
    for name in ("accept", "attend"):
        fire_enrolment(trainer, completed, name)
    fire_enrolment(trainer, completed, "complete", result="passed", validated_blocs=[1])
    refused = apply(
        counsellor, world.followed, make_session(training=campus.training, training_body=world.training_body)
    )
    fire_enrolment(trainer, refused.json()["id"], "refuse", refusal_reason="Non")
    untouched = apply(client_for(world.manager), world.unfollowed, campus.session).json()["id"]

    response = fire_phase(counsellor, world.followed, "exit", **exit_body(world))
    assert response.status_code == 200, response.json()
    assert response.json()["phase"] == "exited"

    states = dict(Enrolment.objects.values_list("pk", "state"))
    assert states[applied] == states[accepted] == states[attending] == "dropped"
    assert (states[completed], states[refused.json()["id"]], states[untouched]) == ("completed", "refused", "applied")

    row = PhaseTransition.objects.get(parcours=world.followed, name="exit")
    closed = [entry for entry in row.details["closed"] if entry["type"] == "enrolment"]
    assert sorted(closed, key=lambda entry: entry["id"]) == [
        {"type": "enrolment", "id": applied, "session": campus.session.pk, "from": "applied", "to": "dropped"},
        {"type": "enrolment", "id": accepted, "session": campus.other_session.pk, "from": "accepted", "to": "dropped"},
        {"type": "enrolment", "id": attending, "session": third.pk, "from": "attending", "to": "dropped"},
    ]
    for enrolment_id, source in ((applied, "applied"), (accepted, "accepted"), (attending, "attending")):
        event = EnrolmentEvent.objects.filter(enrolment_id=enrolment_id).latest("pk")
        assert (event.name, event.source, event.target, event.actor) == ("drop", source, "dropped", world.counsellor)
        assert event.comment == "Sortie du parcours"
    assert EnrolmentEvent.objects.filter(enrolment_id=completed, name="drop").count() == 0
    # The history shows it through the API too; the trainers see the drop on their side.
    history = counsellor.get(f"/api/v1/parcours/{world.followed.pk}/transitions/").json()
    assert len([e for e in history[-1]["details"]["closed"] if e["type"] == "enrolment"]) == 3
    assert trainer.get(f"/api/v1/enrolments/{applied}/").json()["state"] == "dropped"
    # The seat of the accepted enrolment is free again.
    assert (
        client_for(campus.other_trainer)
        .get(f"/api/v1/training-sessions/{campus.other_session.pk}/")
        .json()["seats_taken"]
        == 0
    )


def test_exit_with_nothing_open_closes_no_enrolment(world, campus, client_for):
    counsellor = client_for(world.counsellor)
    response = fire_phase(counsellor, world.followed, "exit", **exit_body(world))
    assert response.status_code == 200
    row = PhaseTransition.objects.get(parcours=world.followed, name="exit")
    assert [entry for entry in row.details["closed"] if entry["type"] == "enrolment"] == []


def test_a_refused_exit_drops_nothing(world, campus, client_for):
    """Exit and its closing happen in one transaction: an exit refused (bad date) drops nothing."""
    counsellor = client_for(world.counsellor)
    enrolment = apply(counsellor, world.followed, campus.session).json()["id"]
    tomorrow = world.ges.today() + dt.timedelta(days=1)
    response = fire_phase(counsellor, world.followed, "exit", exit_reason="chomage", exit_date=tomorrow.isoformat())
    assert response.status_code == 400
    assert Enrolment.objects.get(pk=enrolment).state == "applied"
    assert EnrolmentEvent.objects.filter(enrolment_id=enrolment).count() == 1


def test_exit_rolls_back_the_drops_when_a_later_closer_fails(world, campus, client_for):
    """A closer registered after the enrolments' one fails: nothing is dropped, no phase change."""
    from parcours import hooks

    counsellor = client_for(world.counsellor)
    enrolment = apply(counsellor, world.followed, campus.session).json()["id"]

    def failing_closer(*, parcours, actor, exit_date):
        from tremplin.errors import Conflict

        raise Conflict("Simulé : un autre module refuse la sortie.", code="simulated")

    hooks.register_exit_closer(failing_closer)
    try:
        response = fire_phase(counsellor, world.followed, "exit", **exit_body(world))
    finally:
        hooks.unregister_exit_closer(failing_closer)
    assert response.status_code == 409
    assert phase(world.followed) == "entry"
    assert Enrolment.objects.get(pk=enrolment).state == "applied"
    assert not EnrolmentEvent.objects.filter(enrolment_id=enrolment, name="drop").exists()
    assert not PhaseTransition.objects.filter(parcours=world.followed, name="exit").exists()
