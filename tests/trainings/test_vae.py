"""VAE lifecycle through the API (DESIGN §4, the 2024 reform): every step, the blocs a partial
validation keeps for good, the dates of the steps, one feasibility request per person,
certification and calendar year, and the experience hours counted from completed missions."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from tests.factories import EstablishmentFactory, fire_placement, make_parcours, make_placement
from tests.trainings.conftest import fire_vae, open_vae
from trainings.models import VaeApplication, VaeEvent

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def opened(world, client=None, parcours=None, **body):
    response = open_vae(client or world.client, parcours or world.followed, **body)
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def walk(client, application_id, *steps):
    """Fire the steps in order, each (name, body) or a bare name; returns the last body."""
    body = None
    for step in steps:
        name, data = step if isinstance(step, tuple) else (step, {})
        response = fire_vae(client, application_id, name, **data)
        assert response.status_code == 200, (name, response.json())
        body = response.json()
    return body


def numbers(blocs):
    return [bloc["number"] for bloc in blocs]


def options(body):
    return {option["name"]: option for option in body["available_transitions"]}


@pytest.fixture
def counsellor(world, client_for):
    world.client = client_for(world.counsellor)
    return world.client


TO_JURY = ["submit_feasibility", "declare_admissible", "submit_validation_file", "schedule_jury"]


def to_jury(world, client, application_id):
    today = world.ges.today().isoformat()
    return walk(client, application_id, *[(name, {"date": today}) for name in TO_JURY])


# -- every transition --------------------------------------------------------------------------


def test_full_validation_validates_every_bloc(world, campus, counsellor):
    application_id = opened(world, certifier="DREETS Auvergne-Rhône-Alpes", comment="Projet AS")
    body = counsellor.get(f"/api/v1/vae-applications/{application_id}/").json()
    assert (body["state"], body["certifier"], body["request_year"]) == ("project", "DREETS Auvergne-Rhône-Alpes", None)
    assert body["certification"]["code"] == "DEAS"
    assert numbers(body["missing_blocs"]) == [1, 2, 3, 4, 5]
    assert [(o["name"], o["allowed"]) for o in body["available_transitions"]] == [("submit_feasibility", True)]

    body = to_jury(world, counsellor, application_id)
    assert {name: o["allowed"] for name, o in options(body).items()} == {
        "validate_full": True,
        "validate_partial": True,
        "refuse": True,
    }
    body = walk(counsellor, application_id, "validate_full")
    assert body["state"] == "validated_full"
    assert numbers(body["validated_blocs"]) == [1, 2, 3, 4, 5]
    assert body["missing_blocs"] == []
    assert body["available_transitions"] == []
    today = world.ges.today()
    assert body["request_year"] == today.year
    for field in ("feasibility_submitted_on", "admissibility_decided_on", "validation_file_submitted_on"):
        assert body[field] == today.isoformat(), field
    assert (body["jury_date"], body["decided_on"], body["admissible_by_silence"]) == (
        today.isoformat(),
        today.isoformat(),
        False,
    )
    assert [(s["name"], s["source"], s["target"]) for s in body["steps"]] == [
        ("create", "", "project"),
        ("submit_feasibility", "project", "feasibility_submitted"),
        ("declare_admissible", "feasibility_submitted", "admissible"),
        ("submit_validation_file", "admissible", "validation_file_submitted"),
        ("schedule_jury", "validation_file_submitted", "jury_scheduled"),
        ("validate_full", "jury_scheduled", "validated_full"),
    ]
    assert {step["actor"] for step in body["steps"]} == {world.counsellor.get_full_name()}
    assert body["steps"][-1]["details"] == {"validated_blocs": [1, 2, 3, 4, 5]}
    assert set(VaeEvent.objects.filter(application_id=application_id).values_list("actor", flat=True)) == {
        world.counsellor.pk
    }


def test_not_admissible_is_final(world, campus, counsellor):
    application_id = opened(world)
    body = walk(counsellor, application_id, "submit_feasibility")
    assert {name: o["allowed"] for name, o in options(body).items()} == {
        "declare_admissible": True,
        "declare_not_admissible": True,
    }
    body = walk(counsellor, application_id, "declare_not_admissible")
    assert (body["state"], body["available_transitions"]) == ("not_admissible", [])
    assert body["admissibility_decided_on"] == world.ges.today().isoformat()
    for name in ("declare_admissible", "submit_validation_file", "submit_feasibility"):
        response = fire_vae(counsellor, application_id, name)
        assert response.status_code == 409
        assert [r["code"] for r in response.json()["reasons"]] == ["wrong_state"]


def test_jury_refusal(world, campus, counsellor):
    application_id = opened(world)
    to_jury(world, counsellor, application_id)
    body = walk(counsellor, application_id, "refuse")
    assert (body["state"], body["validated_blocs"], body["available_transitions"]) == ("refused", [], [])


def test_partial_then_complement_then_full_validation(world, campus, counsellor):
    application_id = opened(world)
    to_jury(world, counsellor, application_id)
    body = walk(counsellor, application_id, ("validate_partial", {"validated_blocs": [4, 2, 2]}))
    assert body["state"] == "validated_partial"
    assert numbers(body["validated_blocs"]) == [2, 4]
    assert body["steps"][-1]["details"] == {"validated_blocs": [2, 4]}
    assert [(o["name"], o["allowed"]) for o in body["available_transitions"]] == [("start_complement", True)]

    body = walk(counsellor, application_id, "start_complement")
    assert body["state"] == "complement"
    assert [(o["name"], o["allowed"]) for o in body["available_transitions"]] == [("schedule_jury", True)]
    body = walk(counsellor, application_id, ("schedule_jury", {"date": world.ges.today().isoformat()}))
    assert body["state"] == "jury_scheduled"
    # A second partial validation adds blocs; the first ones stay.
    body = walk(counsellor, application_id, ("validate_partial", {"validated_blocs": [1]}))
    assert numbers(body["validated_blocs"]) == [1, 2, 4]
    body = walk(
        counsellor,
        application_id,
        "start_complement",
        ("schedule_jury", {"date": world.ges.today().isoformat()}),
        "validate_full",
    )
    assert body["state"] == "validated_full"
    assert numbers(body["validated_blocs"]) == [1, 2, 3, 4, 5]
    assert [step["name"] for step in body["steps"]][-7:] == [
        "validate_partial",
        "start_complement",
        "schedule_jury",
        "validate_partial",
        "start_complement",
        "schedule_jury",
        "validate_full",
    ]


def test_manager_records_the_steps_too(world, campus, client_for):
    manager = client_for(world.manager)
    application_id = opened(world, client=manager, parcours=world.unfollowed)
    to_jury(world, manager, application_id)
    assert walk(manager, application_id, "validate_full")["state"] == "validated_full"
    assert VaeApplication.objects.get(pk=application_id).created_by == world.manager


# -- blocs kept for good -------------------------------------------------------------------------


def test_blocs_of_a_partial_validation_survive_a_refusal_and_carry_over(world, campus, counsellor):
    first = opened(world)
    to_jury(world, counsellor, first)
    walk(counsellor, first, ("validate_partial", {"validated_blocs": [1, 3]}))
    walk(counsellor, first, "start_complement", ("schedule_jury", {"date": world.ges.today().isoformat()}))
    body = walk(counsellor, first, "refuse")
    assert body["state"] == "refused"
    assert numbers(body["validated_blocs"]) == [1, 3]
    assert numbers(body["missing_blocs"]) == [2, 4, 5]

    # A new application for the same person and certification starts with them.
    response = open_vae(counsellor, world.followed)
    assert response.status_code == 201, response.json()
    second = response.json()
    assert second["state"] == "project"
    assert numbers(second["validated_blocs"]) == [1, 3]
    assert numbers(second["missing_blocs"]) == [2, 4, 5]
    assert second["steps"][0]["details"] == {"carried_over_blocs": [1, 3]}
    assert counsellor.get(f"/api/v1/vae-applications/{first}/").json()["validated_blocs"] == body["validated_blocs"]


def test_carried_over_blocs_also_after_a_new_parcours(world, campus, counsellor, client_for):
    """The blocs belong to the person: a later parcours of the same person inherits them."""
    first = opened(world)
    to_jury(world, counsellor, first)
    walk(counsellor, first, ("validate_partial", {"validated_blocs": [5]}))
    walk(counsellor, first, "start_complement", ("schedule_jury", {"date": world.ges.today().isoformat()}), "refuse")
    exit_response = counsellor.post(
        f"/api/v1/parcours/{world.followed.pk}/transitions/exit/",
        {"exit_reason": "chomage", "exit_date": world.ges.today().isoformat()},
        format="json",
    )
    assert exit_response.status_code == 200, exit_response.json()
    again = make_parcours(actor=world.counsellor, structure=world.ges, person=world.followed.person, entry_days_ago=0)
    response = open_vae(counsellor, again)
    assert response.status_code == 201, response.json()
    assert numbers(response.json()["validated_blocs"]) == [5]


def test_not_admissible_carries_over_nothing_new(world, campus, counsellor):
    first = opened(world)
    walk(counsellor, first, "submit_feasibility", "declare_not_admissible")
    response = open_vae(counsellor, world.followed)
    assert response.status_code == 201
    assert response.json()["validated_blocs"] == []


@pytest.mark.parametrize(
    ("blocs", "message"),
    [
        ([], "Indiquez au moins un bloc nouvellement validé."),
        ([1], "Indiquez au moins un bloc nouvellement validé."),
        ([1, 3], "Indiquez au moins un bloc nouvellement validé."),
        ([2, 4, 5], "Tous les blocs seraient validés : c'est une validation totale."),
        ([1, 2, 3, 4, 5], "Tous les blocs seraient validés : c'est une validation totale."),
        ([2, 6], "Bloc(s) inconnu(s) pour DEAS : 6."),
    ],
)
def test_partial_validation_needs_a_new_bloc_and_not_all(world, campus, counsellor, blocs, message):
    application_id = opened(world)
    to_jury(world, counsellor, application_id)
    walk(counsellor, application_id, ("validate_partial", {"validated_blocs": [1, 3]}))
    walk(counsellor, application_id, "start_complement", ("schedule_jury", {"date": world.ges.today().isoformat()}))
    response = fire_vae(counsellor, application_id, "validate_partial", validated_blocs=blocs)
    assert response.status_code == 400, response.json()
    assert response.json()["errors"] == {"validated_blocs": [message]}
    assert VaeApplication.objects.get(pk=application_id).state == "jury_scheduled"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"validated_blocs": []},
        {"validated_blocs": [1, 2, 3, 4, 5]},
        {"validated_blocs": None},
        {"validated_blocs": "1"},
        {"validated_blocs": ["deux"]},
        {"validated_blocs": [0]},
        {"validated_blocs": [10**40]},
        {"validated_blocs": [{"number": 1}]},
        {"validated_blocs": {"1": 1}},
        {"validated_blocs": list(range(1, 52))},
    ],
)
def test_malformed_partial_validation_is_400(world, campus, counsellor, body):
    application_id = opened(world)
    to_jury(world, counsellor, application_id)
    response = counsellor.post(
        f"/api/v1/vae-applications/{application_id}/transitions/validate_partial/", body, format="json"
    )
    assert response.status_code == 400, response.json()
    assert "validated_blocs" in response.json()["errors"]
    assert VaeApplication.objects.get(pk=application_id).state == "jury_scheduled"


# -- dates ---------------------------------------------------------------------------------------


def test_no_step_date_in_the_future_except_the_jury(world, campus, counsellor):
    today = world.ges.today()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    application_id = opened(world)
    response = fire_vae(counsellor, application_id, "submit_feasibility", date=tomorrow)
    assert response.status_code == 400
    assert response.json()["errors"] == {"date": ["La date ne peut pas être dans le futur."]}
    walk(counsellor, application_id, "submit_feasibility")
    for name in ("declare_admissible", "declare_not_admissible"):
        assert fire_vae(counsellor, application_id, name, date=tomorrow).status_code == 400
    walk(counsellor, application_id, "declare_admissible", "submit_validation_file")
    jury = today + dt.timedelta(days=20)
    body = walk(counsellor, application_id, ("schedule_jury", {"date": jury.isoformat()}))
    assert body["jury_date"] == jury.isoformat()
    # The jury's decision comes on the jury's day, not before.
    for name in ("validate_full", "refuse"):
        response = fire_vae(counsellor, application_id, name)
        assert response.status_code == 400
        assert "date" in response.json()["errors"]
    with time_machine.travel(dt.datetime.combine(jury, dt.time(10), tzinfo=world.ges.tz), tick=False):
        assert (
            fire_vae(
                counsellor, application_id, "validate_full", date=(jury + dt.timedelta(days=1)).isoformat()
            ).status_code
            == 400
        )
        body = walk(counsellor, application_id, "validate_full")
    assert (body["state"], body["decided_on"]) == ("validated_full", jury.isoformat())


def test_no_step_before_the_previous_one(world, campus, counsellor):
    start = dt.datetime(2026, 3, 2, 9, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        application_id = opened(world)
    with time_machine.travel(start + dt.timedelta(days=40), tick=False):
        # Not before the project was recorded.
        response = fire_vae(counsellor, application_id, "submit_feasibility", date="2026-03-01")
        assert response.status_code == 400
        assert response.json()["errors"] == {"date": ["La date ne peut pas précéder l'étape précédente (02/03/2026)."]}
        walk(counsellor, application_id, ("submit_feasibility", {"date": "2026-03-10"}))
        for day in ("2026-03-09", "2026-01-01"):
            response = fire_vae(counsellor, application_id, "declare_admissible", date=day)
            assert response.status_code == 400
            assert "10/03/2026" in response.json()["errors"]["date"][0]
        # The same day as the previous step is fine.
        walk(counsellor, application_id, ("declare_admissible", {"date": "2026-03-10"}))
        walk(counsellor, application_id, ("submit_validation_file", {"date": "2026-04-01"}))
        response = fire_vae(counsellor, application_id, "schedule_jury", date="2026-03-31")
        assert response.status_code == 400
        assert "date" in response.json()["errors"]
        body = walk(counsellor, application_id, ("schedule_jury", {"date": "2026-05-20"}))
    assert (body["feasibility_submitted_on"], body["admissibility_decided_on"]) == ("2026-03-10", "2026-03-10")
    assert (body["validation_file_submitted_on"], body["jury_date"]) == ("2026-04-01", "2026-05-20")
    assert [step["effective_date"] for step in body["steps"]] == [
        "2026-03-02",
        "2026-03-10",
        "2026-03-10",
        "2026-04-01",
        "2026-05-20",
    ]


@pytest.mark.parametrize("value", ["demain", "2026-13-45", "31/12/2025", 20260101, ["2026-01-01"], {"d": 1}, ""])
def test_malformed_dates_are_400(world, campus, counsellor, value):
    application_id = opened(world)
    response = fire_vae(counsellor, application_id, "submit_feasibility", date=value)
    assert response.status_code == 400, response.content
    assert "date" in response.json()["errors"]
    walk(counsellor, application_id, "submit_feasibility", "declare_admissible", "submit_validation_file")
    for body in ({}, {"date": None}, {"date": value}):
        response = fire_vae(counsellor, application_id, "schedule_jury", **body)
        assert response.status_code == 400, (body, response.content)
        assert "date" in response.json()["errors"]


# -- one request a year ---------------------------------------------------------------------------


def test_one_feasibility_request_per_certification_and_calendar_year(world, campus, counsellor):
    with time_machine.travel(dt.datetime(2026, 2, 2, 10, tzinfo=UTC), tick=False):
        first = opened(world)
        walk(counsellor, first, "submit_feasibility", "declare_not_admissible")
    with time_machine.travel(dt.datetime(2026, 9, 15, 10, tzinfo=UTC), tick=False):
        response = open_vae(counsellor, world.followed)
        assert response.status_code == 201, response.json()
        second = response.json()
        blocked = options(second)["submit_feasibility"]
        assert blocked["allowed"] is False
        assert [reason["code"] for reason in blocked["reasons"]] == ["vae_request_already_this_year"]
        assert "2026" in blocked["reasons"][0]["message"]
        listed = counsellor.get("/api/v1/vae-applications/?state=project").json()["results"]
        assert [row["id"] for row in listed] == [second["id"]]
        assert options(listed[0])["submit_feasibility"]["reasons"][0]["code"] == "vae_request_already_this_year"

        response = fire_vae(counsellor, second["id"], "submit_feasibility")
        assert response.status_code == 409, response.json()
        body = response.json()
        assert (body["code"], body["transition"]) == ("transition_not_allowed", "submit_feasibility")
        assert [reason["code"] for reason in body["reasons"]] == ["vae_request_already_this_year"]
        assert VaeApplication.objects.get(pk=second["id"]).state == "project"
    # The next calendar year, the same application may be submitted.
    with time_machine.travel(dt.datetime(2027, 1, 4, 10, tzinfo=UTC), tick=False):
        assert options(counsellor.get(f"/api/v1/vae-applications/{second['id']}/").json())["submit_feasibility"][
            "allowed"
        ]
        body = walk(counsellor, second["id"], "submit_feasibility")
        assert (body["state"], body["request_year"], body["feasibility_submitted_on"]) == (
            "feasibility_submitted",
            2027,
            "2027-01-04",
        )


def test_the_year_is_that_of_the_date_given(world, campus, counsellor):
    """Recorded in January for a file filed in December: December's year counts."""
    with time_machine.travel(dt.datetime(2025, 12, 1, 10, tzinfo=UTC), tick=False):
        first = opened(world)
    with time_machine.travel(dt.datetime(2026, 1, 5, 10, tzinfo=UTC), tick=False):
        body = walk(counsellor, first, ("submit_feasibility", {"date": "2025-12-20"}), "declare_not_admissible")
        assert body["request_year"] == 2025
        second = opened(world)
        assert options(counsellor.get(f"/api/v1/vae-applications/{second}/").json())["submit_feasibility"]["allowed"]
        body = walk(counsellor, second, "submit_feasibility")
        assert body["request_year"] == 2026


def test_another_certification_is_another_request(world, campus, counsellor):
    from trainings.models import Certification, CertificationBloc

    other = Certification.objects.create(code="DEAES", title="Diplôme d'État d'AES")
    CertificationBloc.objects.create(certification=other, number=1, label="Bloc 1")
    first = opened(world)
    walk(counsellor, first, "submit_feasibility")
    second = opened(world, certification="DEAES")
    assert walk(counsellor, second, "submit_feasibility")["request_year"] == world.ges.today().year


def test_two_open_applications_for_one_certification_are_refused(world, campus, counsellor, client_for):
    first = opened(world)
    for steps in ([], ["submit_feasibility", "declare_admissible"]):
        walk(counsellor, first, *steps)
        response = open_vae(counsellor, world.followed)
        assert response.status_code == 400, response.json()
        assert response.json()["code"] == "vae_already_open"
        assert "certification" in response.json()["errors"]
    to_partial = ["submit_validation_file", ("schedule_jury", {"date": world.ges.today().isoformat()})]
    walk(counsellor, first, *to_partial, ("validate_partial", {"validated_blocs": [2]}))
    assert open_vae(counsellor, world.followed).json()["code"] == "vae_already_open"  # partial is not final
    # Another person is not concerned.
    assert open_vae(client_for(world.manager), world.unfollowed).status_code == 201
    assert VaeApplication.objects.filter(parcours=world.followed).count() == 1


def test_no_new_vae_towards_a_certification_already_obtained(world, campus, counsellor):
    first = opened(world)
    walk(
        counsellor,
        first,
        "submit_feasibility",
        "declare_admissible",
        "submit_validation_file",
        ("schedule_jury", {"date": world.ges.today().isoformat()}),
        "validate_full",
    )
    response = open_vae(counsellor, world.followed)
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "certification_already_validated"
    assert response.json()["errors"] == {
        "certification": ["Cette personne a déjà obtenu cette certification par la VAE."]
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"certification": "XYZ"}, "certification"),
        ({"certification": None}, "certification"),
        ({"certification": 1}, "certification"),
        ({"certification": ["DEAS"]}, "certification"),
        ({"certification": "DE\x00AS"}, "certification"),  # PostgreSQL text cannot hold NUL: a 500 once
        ({"parcours": "abc"}, "parcours"),
        ({"parcours": None}, "parcours"),
        ({"parcours": 10**30}, "parcours"),
        ({"parcours": -3}, "parcours"),
        ({"parcours": 987654321}, "parcours"),
        ({"certifier": "x" * 201}, "certifier"),
    ],
)
def test_create_validates_its_input(world, campus, counsellor, body, field):
    payload = {"parcours": world.followed.pk, "certification": "DEAS", **body}
    response = counsellor.post("/api/v1/vae-applications/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not VaeApplication.objects.exists()


def test_no_vae_for_a_parcours_out_of_scope_or_closed(world, campus, counsellor, client_for):
    for parcours in (world.unfollowed, world.foreign):
        response = open_vae(counsellor, parcours)
        assert response.status_code == 400
        assert "n'existe pas" in response.json()["errors"]["parcours"][0]
    for role in ("trainer", "employer_contact", "analyst"):
        assert open_vae(client_for(getattr(world, role)), world.followed).status_code == 400
    counsellor.post(
        f"/api/v1/parcours/{world.followed.pk}/transitions/exit/",
        {"exit_reason": "chomage", "exit_date": world.ges.today().isoformat()},
        format="json",
    )
    response = open_vae(counsellor, world.followed)
    assert response.status_code == 400
    assert response.json()["code"] == "parcours_closed"
    assert not VaeApplication.objects.exists()


# -- experience ------------------------------------------------------------------------------


def complete_mission(world, parcours, establishment, hours, *, kind="mission", start_in_days=7):
    placement = make_placement(
        actor=world.counsellor, parcours=parcours, establishment=establishment, kind=kind, start_in_days=start_in_days
    )
    fire_placement(placement, world.employer_contact, "confirm")
    fire_placement(placement, world.employer_contact, "start")
    fire_placement(placement, world.employer_contact, "complete", hours_worked=Decimal(hours), assessment="Bien.")
    return placement


def test_experience_counts_the_hours_of_completed_missions_against_1607(world, campus, counsellor):
    establishment = EstablishmentFactory(employer=world.employer)
    application_id = opened(world)

    def experience():
        detail = counsellor.get(f"/api/v1/vae-applications/{application_id}/").json()["experience"]
        listed = counsellor.get("/api/v1/vae-applications/").json()["results"][0]["experience"]
        assert listed == detail
        return detail

    assert experience() == {"hours": "0.00", "required_hours": 1607, "percent": 0}
    complete_mission(world, world.followed, establishment, "800.50")
    assert experience() == {"hours": "800.50", "required_hours": 1607, "percent": 49}
    # A PMSMP, a running mission and another parcours' mission do not count.
    complete_mission(world, world.followed, establishment, "70", kind="pmsmp", start_in_days=60)
    running = make_placement(
        actor=world.counsellor, parcours=world.followed, establishment=establishment, kind="mission", start_in_days=90
    )
    fire_placement(running, world.employer_contact, "confirm")
    fire_placement(running, world.employer_contact, "start")
    assert experience()["hours"] == "800.50"
    complete_mission(world, world.followed, establishment, "806.50", start_in_days=120)
    assert experience() == {"hours": "1607.00", "required_hours": 1607, "percent": 100}
    complete_mission(world, world.followed, establishment, "1000", start_in_days=150)
    assert experience() == {"hours": "2607.00", "required_hours": 1607, "percent": 100}  # capped


def test_experience_is_the_parcours_own(world, campus, client_for):
    establishment = EstablishmentFactory(employer=world.employer)
    manager = client_for(world.manager)
    mine = open_vae(manager, world.followed).json()["id"]
    theirs = open_vae(manager, world.unfollowed).json()["id"]
    placement = make_placement(
        actor=world.counsellor2, parcours=world.unfollowed, establishment=establishment, kind="mission"
    )
    fire_placement(placement, world.employer_contact, "confirm")
    fire_placement(placement, world.employer_contact, "start")
    fire_placement(placement, world.employer_contact, "complete", hours_worked=Decimal("321.25"), assessment="Bien.")
    assert manager.get(f"/api/v1/vae-applications/{theirs}/").json()["experience"]["hours"] == "321.25"
    assert manager.get(f"/api/v1/vae-applications/{theirs}/").json()["experience"]["percent"] == 19
    assert manager.get(f"/api/v1/vae-applications/{mine}/").json()["experience"]["hours"] == "0.00"


def test_a_project_can_be_dated_within_the_parcours(world, campus, counsellor):
    """Recording a VAE already under way: the project starts between the entry and today, and the
    following steps may then be dated from it."""
    entry, today = world.followed.entry_date, world.ges.today()
    for day in (entry - dt.timedelta(days=1), today + dt.timedelta(days=1), "hier"):
        response = open_vae(counsellor, world.followed, date=str(day))
        assert response.status_code == 400, response.json()
        assert "date" in response.json()["errors"]
    assert not VaeApplication.objects.exists()
    response = open_vae(counsellor, world.followed, date=entry.isoformat())
    assert response.status_code == 201, response.json()
    application_id = response.json()["id"]
    assert response.json()["steps"][0]["effective_date"] == entry.isoformat()
    before = (entry - dt.timedelta(days=1)).isoformat()
    assert fire_vae(counsellor, application_id, "submit_feasibility", date=before).status_code == 400
    body = walk(
        counsellor, application_id, ("submit_feasibility", {"date": (entry + dt.timedelta(days=3)).isoformat()})
    )
    assert body["feasibility_submitted_on"] == (entry + dt.timedelta(days=3)).isoformat()
