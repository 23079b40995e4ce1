"""Enrolment lifecycle through the API (DESIGN §4, §5): applied → accepted | refused; accepted →
attending → completed | dropped; drop from every open state. The counsellor applies for the
parcours they follow, the training body's trainer decides, records attendance and results; a
session's capacity is never exceeded."""

import datetime as dt

import pytest

from tests.factories import make_parcours
from tests.trainings.conftest import apply, fire_enrolment, make_session
from trainings.models import Enrolment, EnrolmentEvent, Training

pytestmark = pytest.mark.django_db


def applied(world, campus, client_for, parcours=None, session=None, user=None):
    response = apply(client_for(user or world.counsellor), parcours or world.followed, session or campus.session)
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def move(client, enrolment_id, *steps):
    """Fire the steps in order, each (name, body) or a bare name; returns the last response."""
    response = None
    for step in steps:
        name, body = step if isinstance(step, tuple) else (step, {})
        response = fire_enrolment(client, enrolment_id, name, **body)
        assert response.status_code == 200, (name, response.json())
    return response


def events(enrolment_id):
    return list(
        EnrolmentEvent.objects.filter(enrolment_id=enrolment_id).values_list("name", "source", "target", "actor")
    )


def does_not_exist(pk):
    return f"Clé primaire «\xa0{pk}\xa0» non valide - l'objet n'existe pas."


def options(body):
    return {option["name"]: option for option in body["available_transitions"]}


# -- the happy paths ---------------------------------------------------------------------------


def test_accept_attend_complete_logs_every_step_with_its_actor(world, campus, client_for):
    trainer = client_for(campus.trainer)
    enrolment_id = applied(world, campus, client_for)
    inbox = trainer.get("/api/v1/enrolments/").json()["results"]
    assert [row["id"] for row in inbox] == [enrolment_id]
    assert {name: o["allowed"] for name, o in options(inbox[0]).items()} == {
        "accept": True,
        "refuse": True,
        "drop": True,
    }

    assert fire_enrolment(trainer, enrolment_id, "accept").json()["state"] == "accepted"
    assert fire_enrolment(trainer, enrolment_id, "attend").json()["state"] == "attending"
    response = fire_enrolment(trainer, enrolment_id, "complete", result="passed", validated_blocs=[3, 1, 1])
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["state"], body["result"], body["result_label"]) == ("completed", "passed", "Réussite")
    assert [bloc["number"] for bloc in body["validated_blocs"]] == [1, 3]
    assert body["available_transitions"] == []
    assert events(enrolment_id) == [
        ("apply", "", "applied", world.counsellor.pk),
        ("accept", "applied", "accepted", campus.trainer.pk),
        ("attend", "accepted", "attending", campus.trainer.pk),
        ("complete", "attending", "completed", campus.trainer.pk),
    ]
    assert EnrolmentEvent.objects.get(enrolment_id=enrolment_id, name="complete").details == {
        "result": "passed",
        "validated_blocs": [1, 3],
    }
    # The counsellor reads the outcome on their side, with the parcours id.
    seen = client_for(world.counsellor).get(f"/api/v1/enrolments/{enrolment_id}/").json()
    assert (seen["state"], seen["parcours"]) == ("completed", world.followed.pk)


def test_complete_as_failed_without_blocs(world, campus, client_for):
    trainer = client_for(campus.trainer)
    enrolment_id = applied(world, campus, client_for)
    body = move(trainer, enrolment_id, "accept", "attend", ("complete", {"result": "failed"})).json()
    assert (body["state"], body["result"], body["validated_blocs"]) == ("completed", "failed", [])


def test_refuse_requires_a_reason(world, campus, client_for):
    trainer = client_for(campus.trainer)
    enrolment_id = applied(world, campus, client_for)
    for body in ({}, {"refusal_reason": ""}, {"refusal_reason": "   "}, {"refusal_reason": None}):
        response = fire_enrolment(trainer, enrolment_id, "refuse", **body)
        assert response.status_code == 400, body
        assert "refusal_reason" in response.json()["errors"]
    assert Enrolment.objects.get(pk=enrolment_id).state == "applied"

    response = fire_enrolment(trainer, enrolment_id, "refuse", refusal_reason="Prérequis non atteints")
    assert response.status_code == 200, response.json()
    assert (response.json()["state"], response.json()["refusal_reason"]) == ("refused", "Prérequis non atteints")
    assert response.json()["available_transitions"] == []
    # Refused is final: nothing leaves it.
    for name in ("accept", "attend", "drop"):
        response = fire_enrolment(trainer, enrolment_id, name)
        assert response.status_code == 409
        assert response.json()["reasons"][0]["code"] == "wrong_state"
    # The trainer keeps seeing the enrolment they refused; the counsellor reads the reason.
    assert trainer.get(f"/api/v1/enrolments/{enrolment_id}/").status_code == 200
    seen = client_for(world.counsellor).get(f"/api/v1/enrolments/{enrolment_id}/").json()
    assert seen["refusal_reason"] == "Prérequis non atteints"


@pytest.mark.parametrize(
    ("steps", "who"),
    [
        ([], "counsellor"),
        ([], "trainer"),
        (["accept"], "counsellor"),
        (["accept"], "manager"),
        (["accept", "attend"], "trainer"),
        (["accept", "attend"], "counsellor"),
    ],
)
def test_drop_from_every_open_state(world, campus, client_for, steps, who):
    enrolment_id = applied(world, campus, client_for)
    move(client_for(campus.trainer), enrolment_id, *steps)
    source = Enrolment.objects.get(pk=enrolment_id).state
    user = campus.trainer if who == "trainer" else getattr(world, who)
    response = fire_enrolment(client_for(user), enrolment_id, "drop", comment="Raisons de santé")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "dropped"
    assert events(enrolment_id)[-1] == ("drop", source, "dropped", user.pk)
    # Dropped frees the seat and is final.
    assert fire_enrolment(client_for(campus.trainer), enrolment_id, "accept").json()["reasons"][0]["code"] == (
        "wrong_state"
    )


def test_a_completed_enrolment_cannot_be_dropped(world, campus, client_for):
    trainer = client_for(campus.trainer)
    done = applied(world, campus, client_for)
    move(trainer, done, "accept", "attend", ("complete", {"result": "passed"}))
    response = fire_enrolment(client_for(world.counsellor), done, "drop")
    assert response.status_code == 409
    assert response.json()["reasons"] == [{"code": "wrong_state", "message": response.json()["reasons"][0]["message"]}]


# -- complete: result and blocs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "result"),
        ({"result": ""}, "result"),
        ({"result": "excellent"}, "result"),
        ({"result": None}, "result"),
        ({"result": "passed", "validated_blocs": [6]}, "validated_blocs"),
        ({"result": "passed", "validated_blocs": [1, 9, 12]}, "validated_blocs"),
        ({"result": "passed", "validated_blocs": [0]}, "validated_blocs"),
        ({"result": "passed", "validated_blocs": [-1]}, "validated_blocs"),
        ({"result": "passed", "validated_blocs": [10**30]}, "validated_blocs"),
        ({"result": "passed", "validated_blocs": ["un"]}, "validated_blocs"),
        ({"result": "passed", "validated_blocs": [1.5]}, "validated_blocs"),
        ({"result": "passed", "validated_blocs": [None]}, "validated_blocs"),
        ({"result": "passed", "validated_blocs": "1,2"}, "validated_blocs"),
        ({"result": "passed", "validated_blocs": {"1": True}}, "validated_blocs"),
        ({"result": "passed", "validated_blocs": None}, "validated_blocs"),
        ({"result": "passed", "validated_blocs": [[1]]}, "validated_blocs"),
        ({"result": "passed", "validated_blocs": list(range(1, 60))}, "validated_blocs"),
    ],
)
def test_complete_requires_a_result_and_blocs_of_the_certification(world, campus, client_for, body, field):
    trainer = client_for(campus.trainer)
    enrolment_id = applied(world, campus, client_for)
    move(trainer, enrolment_id, "accept", "attend")
    response = trainer.post(f"/api/v1/enrolments/{enrolment_id}/transitions/complete/", body, format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "invalid"
    assert field in response.json()["errors"]
    assert Enrolment.objects.get(pk=enrolment_id).state == "attending"


def test_unknown_bloc_message_names_the_certification(world, campus, client_for):
    trainer = client_for(campus.trainer)
    enrolment_id = applied(world, campus, client_for)
    move(trainer, enrolment_id, "accept", "attend")
    response = fire_enrolment(trainer, enrolment_id, "complete", result="passed", validated_blocs=[2, 7, 8])
    assert response.status_code == 400
    assert response.json()["errors"]["validated_blocs"] == ["Bloc(s) inconnu(s) pour DEAS : 7, 8."]


def test_a_training_without_certification_validates_no_bloc(world, campus, client_for):
    training = Training.objects.create(title="Gestes et postures", duration_hours=14)
    session = make_session(training=training, training_body=world.training_body)
    trainer = client_for(campus.trainer)
    enrolment_id = applied(world, campus, client_for, session=session)
    move(trainer, enrolment_id, "accept", "attend")
    response = fire_enrolment(trainer, enrolment_id, "complete", result="passed", validated_blocs=[1])
    assert response.status_code == 400
    assert "validated_blocs" in response.json()["errors"]
    body = fire_enrolment(trainer, enrolment_id, "complete", result="passed").json()
    assert (body["state"], body["validated_blocs"]) == ("completed", [])
    assert body["session"]["certification_blocs"] == []


def test_a_module_validates_only_the_blocs_it_prepares(world, campus, client_for):
    module = Training.objects.create(title="DEAS — bloc 1", certification=campus.deas, duration_hours=147)
    module.blocs.set(campus.deas.blocs.filter(number=1))
    session = make_session(training=module, training_body=world.training_body)
    trainer = client_for(campus.trainer)
    enrolment_id = applied(world, campus, client_for, session=session)
    body = move(trainer, enrolment_id, "accept", "attend").json()
    assert [bloc["number"] for bloc in body["session"]["certification_blocs"]] == [1]
    response = fire_enrolment(trainer, enrolment_id, "complete", result="passed", validated_blocs=[1, 2])
    assert response.status_code == 400
    assert response.json()["errors"]["validated_blocs"] == ["Bloc(s) que cette formation ne prépare pas : 2."]
    body = move(trainer, enrolment_id, ("complete", {"result": "passed", "validated_blocs": [1]})).json()
    assert [bloc["number"] for bloc in body["validated_blocs"]] == [1]
    # The full training names every bloc, so all five are offered.
    full = client_for(world.counsellor).get(f"/api/v1/enrolments/{applied(world, campus, client_for)}/").json()
    assert [bloc["number"] for bloc in full["session"]["certification_blocs"]] == [1, 2, 3, 4, 5]


# -- who fires what -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["counsellor", "manager"])
@pytest.mark.parametrize(
    ("steps", "name", "body"),
    [
        ([], "accept", {}),
        ([], "refuse", {"refusal_reason": "Non"}),
        (["accept"], "attend", {}),
        (["accept", "attend"], "complete", {"result": "passed"}),
    ],
)
def test_the_structure_side_cannot_decide_for_the_training_body_409(world, campus, client_for, role, steps, name, body):
    enrolment_id = applied(world, campus, client_for)
    move(client_for(campus.trainer), enrolment_id, *steps)
    client = client_for(getattr(world, role))
    option = options(client.get(f"/api/v1/enrolments/{enrolment_id}/").json())[name]
    assert option["allowed"] is False
    assert [reason["code"] for reason in option["reasons"]] == ["not_allowed_for_user"]
    response = fire_enrolment(client, enrolment_id, name, **body)
    assert response.status_code == 409, response.json()
    body = response.json()
    assert body["code"] == "transition_not_allowed"
    assert body["transition"] == name
    assert [reason["code"] for reason in body["reasons"]] == ["not_allowed_for_user"]
    assert body["available_transitions"] == ["drop"]
    assert len(events(enrolment_id)) == 1 + len(steps)


@pytest.mark.parametrize(
    ("steps", "name", "body"),
    [
        ([], "attend", {}),
        ([], "complete", {"result": "passed"}),
        (["accept"], "accept", {}),
        (["accept"], "refuse", {"refusal_reason": "Trop tard"}),
        (["accept"], "complete", {"result": "passed"}),
        (["accept", "attend"], "accept", {}),
        (["accept", "attend"], "attend", {}),
    ],
)
def test_wrong_state_is_409_with_the_transitions_available(world, campus, client_for, steps, name, body):
    trainer = client_for(campus.trainer)
    enrolment_id = applied(world, campus, client_for)
    move(trainer, enrolment_id, *steps)
    state = Enrolment.objects.get(pk=enrolment_id).state
    response = fire_enrolment(trainer, enrolment_id, name, **body)
    assert response.status_code == 409, response.json()
    body = response.json()
    assert (body["code"], body["transition"], body["state"]) == ("transition_not_allowed", name, state)
    assert [reason["code"] for reason in body["reasons"]] == ["wrong_state"]
    expected = {
        "applied": ["accept", "refuse", "drop"],
        "accepted": ["attend", "drop"],
        "attending": ["complete", "drop"],
    }
    assert body["available_transitions"] == expected[state]
    assert Enrolment.objects.get(pk=enrolment_id).state == state


# -- applying -------------------------------------------------------------------------------------


def test_counsellor_applies_only_for_the_parcours_they_follow(world, campus, client_for):
    counsellor = client_for(world.counsellor)
    for parcours in (world.unfollowed, world.foreign):
        response = apply(counsellor, parcours, campus.session)
        assert response.status_code == 400, response.json()
        assert response.json()["errors"]["parcours"] == [does_not_exist(parcours.pk)]
    # The manager applies structure-wide, but not for another structure's parcours.
    manager = client_for(world.manager)
    response = apply(manager, world.unfollowed, campus.session)
    assert response.status_code == 201, response.json()
    assert response.json()["applied_by"]["id"] == world.manager.pk
    assert apply(manager, world.foreign, campus.session).status_code == 400
    assert apply(client_for(world.other_manager), world.followed, campus.session).status_code == 400
    assert apply(client_for(world.other_counsellor), world.foreign, campus.session).status_code == 201
    assert Enrolment.objects.filter(parcours=world.followed).count() == 0


@pytest.mark.parametrize("role", ["trainer", "employer_contact", "analyst"])
def test_other_roles_cannot_apply(world, campus, client_for, role):
    response = apply(client_for(getattr(world, role)), world.followed, campus.session)
    assert response.status_code == 400
    assert "parcours" in response.json()["errors"]
    assert not Enrolment.objects.exists()


def test_apply_validates_its_ids(world, campus, client_for):
    counsellor = client_for(world.counsellor)
    for value in ("abc", None, "", -1, 0, 1.5, 10**30, [1], {"id": 1}, True):
        for field in ("parcours", "session"):
            body = {"parcours": world.followed.pk, "session": campus.session.pk, field: value}
            response = counsellor.post("/api/v1/enrolments/", body, format="json")
            assert response.status_code == 400, (field, value, response.content)
            assert field in response.json()["errors"], (field, value)
    response = counsellor.post("/api/v1/enrolments/", {}, format="json")
    assert set(response.json()["errors"]) == {"parcours", "session"}
    response = counsellor.post("/api/v1/enrolments/", [1, 2], format="json")
    assert response.status_code == 400
    response = counsellor.post(
        "/api/v1/enrolments/", {"parcours": world.followed.pk, "session": 987654321}, format="json"
    )
    assert response.status_code == 400
    assert "session" in response.json()["errors"]
    assert not Enrolment.objects.exists()


def test_one_live_enrolment_per_parcours_and_session(world, campus, client_for):
    counsellor, trainer = client_for(world.counsellor), client_for(campus.trainer)
    first = applied(world, campus, client_for)
    for steps in ([], ["accept"], ["attend"], ["complete"]):
        move(trainer, first, *[(s, {"result": "passed"}) if s == "complete" else s for s in steps])
        response = apply(counsellor, world.followed, campus.session)
        assert response.status_code == 400, response.json()
        assert response.json()["code"] == "already_enrolled"
        assert "session" in response.json()["errors"]
    # The same parcours may apply to another session; another parcours to the same one.
    assert apply(counsellor, world.followed, campus.other_session).status_code == 201
    assert apply(client_for(world.manager), world.unfollowed, campus.session).status_code == 201


@pytest.mark.parametrize("final", ["refuse", "drop"])
def test_a_new_application_after_a_refusal_or_a_drop(world, campus, client_for, final):
    first = applied(world, campus, client_for)
    body = {"refusal_reason": "Complet"} if final == "refuse" else {}
    move(client_for(campus.trainer), first, (final, body))
    response = apply(client_for(world.counsellor), world.followed, campus.session)
    assert response.status_code == 201, response.json()
    assert response.json()["id"] != first


def test_no_application_to_a_session_that_is_over(world, campus, client_for):
    over = make_session(training=campus.training, training_body=world.training_body, start_in_days=-120)
    assert over.end_date < world.ges.today()
    response = apply(client_for(world.counsellor), world.followed, over)
    assert response.status_code == 400
    assert response.json()["code"] == "session_over"
    assert "session" in response.json()["errors"]
    # A session that started but is not over yet still takes applications.
    running = make_session(training=campus.training, training_body=world.training_body, start_in_days=-30)
    assert apply(client_for(world.counsellor), world.followed, running).status_code == 201


def test_no_application_for_a_closed_parcours(world, campus, client_for):
    counsellor = client_for(world.counsellor)
    response = counsellor.post(
        f"/api/v1/parcours/{world.followed.pk}/transitions/exit/",
        {"exit_reason": "chomage", "exit_date": world.ges.today().isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.json()
    response = apply(counsellor, world.followed, campus.session)
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "parcours_closed"
    assert response.json()["errors"] == {"parcours": ["Ce parcours est clos."]}
    assert not Enrolment.objects.exists()


# -- capacity ----------------------------------------------------------------------------------


def test_a_full_session_blocks_accept_with_session_full(world, campus, client_for):
    trainer = client_for(campus.trainer)
    people = [world.followed, world.unfollowed, make_parcours(actor=world.counsellor, structure=world.ges)]
    ids = [applied(world, campus, client_for, parcours=p, user=world.manager) for p in people]
    refused = applied(
        world,
        campus,
        client_for,
        parcours=make_parcours(actor=world.counsellor, structure=world.ges),
        user=world.manager,
    )
    move(trainer, refused, ("refuse", {"refusal_reason": "Non"}))
    move(trainer, ids[0], "accept")
    session = trainer.get(f"/api/v1/training-sessions/{campus.session.pk}/").json()
    assert (session["seats_taken"], session["seats_left"], session["applied_count"]) == (1, 1, 2)
    move(trainer, ids[1], "accept", "attend")

    body = trainer.get(f"/api/v1/enrolments/{ids[2]}/").json()
    assert body["seats_taken"] == 2
    accept = options(body)["accept"]
    assert accept["allowed"] is False
    assert [reason["code"] for reason in accept["reasons"]] == ["session_full"]
    assert options(body)["refuse"]["allowed"] is True
    listed = next(row for row in trainer.get("/api/v1/enrolments/").json()["results"] if row["id"] == ids[2])
    assert options(listed)["accept"]["reasons"][0]["code"] == "session_full"
    # The counsellor sees it blocked for both reasons.
    seen = options(client_for(world.manager).get(f"/api/v1/enrolments/{ids[2]}/").json())["accept"]
    assert [reason["code"] for reason in seen["reasons"]] == ["session_full", "not_allowed_for_user"]

    response = fire_enrolment(trainer, ids[2], "accept")
    assert response.status_code == 409
    assert [reason["code"] for reason in response.json()["reasons"]] == ["session_full"]
    assert Enrolment.objects.filter(session=campus.session, state__in=Enrolment.SEAT_STATES).count() == 2
    session = trainer.get(f"/api/v1/training-sessions/{campus.session.pk}/").json()
    assert (session["seats_taken"], session["seats_left"], session["attending_count"]) == (2, 0, 1)

    # A completed enrolment keeps its seat; a dropped one frees it.
    move(trainer, ids[1], ("complete", {"result": "passed"}))
    assert fire_enrolment(trainer, ids[2], "accept").status_code == 409
    move(client_for(world.counsellor), ids[0], "drop")
    assert fire_enrolment(trainer, ids[2], "accept").json()["state"] == "accepted"
    assert trainer.get(f"/api/v1/training-sessions/{campus.session.pk}/").json()["seats_left"] == 0


def test_applications_are_not_limited_by_capacity(world, campus, client_for):
    for _ in range(4):
        parcours = make_parcours(actor=world.counsellor, structure=world.ges)
        applied(world, campus, client_for, parcours=parcours)
    session = client_for(campus.trainer).get(f"/api/v1/training-sessions/{campus.session.pk}/").json()
    assert (session["capacity"], session["applied_count"], session["seats_taken"]) == (2, 4, 0)


# -- the session's calendar ----------------------------------------------------------------------


def test_attendance_waits_for_the_session_to_start(world, campus, client_for):
    later = make_session(training=campus.training, training_body=world.training_body, start_in_days=10)
    trainer = client_for(campus.trainer)
    enrolment_id = applied(world, campus, client_for, session=later)
    body = move(trainer, enrolment_id, "accept").json()
    attend = options(body)["attend"]
    assert attend["allowed"] is False
    assert [reason["code"] for reason in attend["reasons"]] == ["session_not_started"]
    response = fire_enrolment(trainer, enrolment_id, "attend")
    assert response.status_code == 409
    assert response.json()["reasons"] == attend["reasons"]
    assert options(body)["drop"]["allowed"] is True  # withdrawing before the start stays possible


def test_no_acceptance_once_the_session_is_over(world, campus, client_for):
    trainer = client_for(campus.trainer)
    enrolment_id = applied(world, campus, client_for)
    yesterday = world.training_body.today() - dt.timedelta(days=1)
    type(campus.session).objects.filter(pk=campus.session.pk).update(
        start_date=yesterday - dt.timedelta(days=30), end_date=yesterday
    )
    response = fire_enrolment(trainer, enrolment_id, "accept")
    assert response.status_code == 409
    assert [reason["code"] for reason in response.json()["reasons"]] == ["session_over"]
    assert options(trainer.get(f"/api/v1/enrolments/{enrolment_id}/").json())["refuse"]["allowed"] is True


def test_events_are_dated_and_a_drop_at_exit_carries_the_exit_date(world, campus, client_for):
    enrolment_id = applied(world, campus, client_for)
    exit_date = world.ges.today() - dt.timedelta(days=1)
    response = client_for(world.counsellor).post(
        f"/api/v1/parcours/{world.followed.pk}/transitions/exit/",
        {"exit_reason": "chomage", "exit_date": exit_date.isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.json()
    dates = dict(EnrolmentEvent.objects.filter(enrolment_id=enrolment_id).values_list("name", "effective_date"))
    assert dates == {"apply": world.ges.today(), "drop": exit_date}


def test_staff_read_the_application_time_in_their_structures_zone(world, campus, client_for):
    reunion = make_parcours(actor=world.other_counsellor, structure=world.aci)
    enrolment_id = applied(world, campus, client_for, parcours=reunion, user=world.other_counsellor)
    staff = client_for(world.other_counsellor).get(f"/api/v1/enrolments/{enrolment_id}/").json()
    trainer = client_for(campus.trainer).get(f"/api/v1/enrolments/{enrolment_id}/").json()
    assert staff["created_at"].endswith("+04:00")  # Indian/Reunion
    assert trainer["created_at"].endswith(("+01:00", "+02:00"))  # the training body, Europe/Paris
