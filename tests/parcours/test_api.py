"""Persons and parcours through HTTP: creation rules, stale writes, filters, and query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parcours.models import Parcours, PhaseTransition
from tests.factories import make_parcours, make_person

pytestmark = pytest.mark.django_db


# -- persons --------------------------------------------------------------------------------------


def test_counsellor_registers_a_person_then_opens_their_parcours(world, client_for):
    client = client_for(world.counsellor)
    response = client.post(
        "/api/v1/persons/",
        {
            "first_name": "Fatou",
            "last_name": "Diallo",
            "birth_date": "1990-04-02",
            "phone": "06 11 22 33 44",
            "pass_iae_number": "999991234567",
            "pass_iae_start": "2026-01-01",
            "pass_iae_end": "2027-12-31",
            "eligibility": ["rsa", "qpv", "rsa"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    person = response.json()
    assert person["structure"] == world.ges.pk
    assert person["eligibility"] == ["qpv", "rsa"]
    assert person["version"] == 1
    # Visible to its author before any parcours exists, and to the structure's managers.
    assert client.get(f"/api/v1/persons/{person['id']}/").status_code == 200
    assert client_for(world.manager).get(f"/api/v1/persons/{person['id']}/").status_code == 200
    assert client_for(world.counsellor2).get(f"/api/v1/persons/{person['id']}/").status_code == 404

    entry = (world.ges.today() - dt.timedelta(days=3)).isoformat()
    response = client.post(
        "/api/v1/parcours/",
        {
            "person": person["id"],
            "entry_date": entry,
            "programme": world.programme.pk,
            "comment": "Orientée par France Travail",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["phase"], body["entry_date"], body["referent"]["id"]) == ("entry", entry, world.counsellor.pk)
    assert body["programme"]["name"] == "Parcours EHPAD"
    assert body["structure"] == {
        "id": world.ges.pk,
        "name": world.ges.name,
        "kind": "structure",
        "time_zone": "Europe/Paris",
    }
    assert [(o["name"], o["allowed"]) for o in body["available_transitions"]] == [
        ("start_immersion", False),
        ("start_interim", False),
        ("start_training", False),
        ("exit", True),
    ]
    assert body["hours_worked"] == "0.00"
    assert PhaseTransition.objects.get(parcours_id=body["id"]).comment == "Orientée par France Travail"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"last_name": "Sans prénom"}, "first_name"),
        ({"first_name": "A", "last_name": "B", "pass_iae_number": "12AB"}, "pass_iae_number"),
        (
            {"first_name": "A", "last_name": "B", "pass_iae_start": "2026-05-01", "pass_iae_end": "2026-01-01"},
            "pass_iae_end",
        ),
        ({"first_name": "A", "last_name": "B", "eligibility": ["licorne"]}, "eligibility"),
        ({"first_name": "A", "last_name": "B", "phone": "abc"}, "phone"),
        ({"first_name": "A", "last_name": "B", "birth_date": "2026-13-45"}, "birth_date"),
    ],
)
def test_invalid_person_is_a_400_with_field_errors(world, client_for, payload, field):
    response = client_for(world.counsellor).post("/api/v1/persons/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()


def test_person_structure_must_be_one_of_the_users(world, client_for):
    response = client_for(world.counsellor).post(
        "/api/v1/persons/", {"first_name": "A", "last_name": "B", "structure": world.aci.pk}, format="json"
    )
    assert response.status_code == 400
    assert "structure" in response.json()["errors"]


def test_roles_outside_structures_cannot_register_persons(world, client_for):
    for user in (world.employer_contact, world.trainer, world.analyst):
        response = client_for(user).post("/api/v1/persons/", {"first_name": "A", "last_name": "B"}, format="json")
        assert response.status_code == 400
        assert "structure" in response.json()["errors"]


def test_stale_person_update_is_a_409_and_changes_nothing(world, client_for):
    person = world.followed.person
    url = f"/api/v1/persons/{person.pk}/"
    first = client_for(world.counsellor).patch(url, {"city": "Vénissieux", "version": 1}, format="json")
    assert first.status_code == 200
    assert first.json()["version"] == 2
    stale = client_for(world.manager).patch(url, {"city": "Bron", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_write"
    assert stale.json()["current_version"] == 2
    person.refresh_from_db()
    assert person.city == "Vénissieux"
    missing = client_for(world.manager).patch(url, {"city": "Bron"}, format="json")
    assert missing.status_code == 400
    assert "version" in missing.json()["errors"]


# -- parcours creation -----------------------------------------------------------------------------


def test_second_open_parcours_in_the_same_structure_is_refused(world, client_for):
    person = world.followed.person
    response = client_for(world.counsellor).post(
        "/api/v1/parcours/", {"person": person.pk, "entry_date": world.ges.today().isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "open_parcours_exists"
    assert "person" in response.json()["errors"]
    assert Parcours.objects.filter(person=person).count() == 1


def test_a_person_who_comes_back_after_exit_gets_a_new_parcours(world, client_for):
    client = client_for(world.counsellor)
    parcours = world.followed
    today = world.ges.today()
    client.post(
        f"/api/v1/parcours/{parcours.pk}/transitions/exit/",
        {"exit_reason": "chomage", "exit_date": today.isoformat()},
        format="json",
    )
    response = client.post(
        "/api/v1/parcours/", {"person": parcours.person_id, "entry_date": today.isoformat()}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["id"] != parcours.pk


def test_the_database_refuses_a_second_open_parcours_too(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Parcours.objects.create(
            person=world.followed.person, structure=world.ges, entry_date=world.ges.today(), referent=world.counsellor
        )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"entry_date": "FUTURE"}, "entry_date"),
        ({"entry_date": None}, "entry_date"),
        ({"referent": "OTHER"}, "referent"),  # counsellors open parcours for themselves
        ({"programme": "FOREIGN"}, "programme"),
        ({"person": "FOREIGN"}, "person"),
        ({"structure": "FOREIGN"}, "structure"),
    ],
)
def test_invalid_parcours_is_a_400_with_field_errors(world, client_for, change, field):
    from tests.factories import ProgrammeFactory

    person = make_person(actor=world.counsellor, structure=world.ges)
    values = {
        "FUTURE": (world.ges.today() + dt.timedelta(days=2)).isoformat(),
        "OTHER": world.counsellor2.pk,
        "FOREIGN": None,
    }
    payload = {"person": person.pk, "entry_date": world.ges.today().isoformat()}
    for key, value in change.items():
        if value == "FOREIGN":
            value = {
                "programme": ProgrammeFactory(structure=world.aci).pk,
                "person": world.foreign.person_id,
                "structure": world.aci.pk,
            }[key]
        else:
            value = values.get(value, value)
        if value is None:
            payload.pop(key, None)
        else:
            payload[key] = value
    response = client_for(world.counsellor).post("/api/v1/parcours/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()
    assert not Parcours.objects.filter(person=person).exists()


def test_manager_opens_a_parcours_for_a_counsellor(world, client_for):
    person = make_person(actor=world.manager, structure=world.ges)
    client = client_for(world.manager)
    payload = {"person": person.pk, "entry_date": world.ges.today().isoformat()}
    assert "referent" in client.post("/api/v1/parcours/", payload, format="json").json()["errors"]
    response = client.post("/api/v1/parcours/", {**payload, "referent": world.manager.pk}, format="json")
    assert response.status_code == 400  # the referent must be a counsellor of the structure
    response = client.post(
        "/api/v1/parcours/",
        {**payload, "referent": world.counsellor2.pk, "co_referents": [world.counsellor.pk]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert client_for(world.counsellor2).get(f"/api/v1/parcours/{response.json()['id']}/").status_code == 200
    assert client_for(world.counsellor).get(f"/api/v1/persons/{person.pk}/").status_code == 200


def test_stale_reassign_is_a_409(world, client_for):
    parcours = world.followed
    url = f"/api/v1/parcours/{parcours.pk}/reassign/"
    client = client_for(world.manager)
    assert client.post(url, {"referent": world.counsellor2.pk, "version": 1}, format="json").status_code == 200
    response = client.post(url, {"referent": world.counsellor.pk, "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "stale_write"
    parcours.refresh_from_db()
    assert parcours.referent == world.counsellor2


def test_reassign_to_someone_outside_the_structure_is_a_400(world, client_for):
    parcours = world.followed
    response = client_for(world.manager).post(
        f"/api/v1/parcours/{parcours.pk}/reassign/",
        {"referent": world.other_counsellor.pk, "version": parcours.version},
        format="json",
    )
    assert response.status_code == 400
    assert "referent" in response.json()["errors"]


# -- lists ------------------------------------------------------------------------------------------


def test_list_filters_search_and_ordering(world, client_for):
    walter = make_person(actor=world.counsellor, structure=world.ges, first_name="Walter", last_name="Zidane")
    make_parcours(actor=world.counsellor, structure=world.ges, person=walter, entry_days_ago=400)
    exited = make_parcours(actor=world.counsellor, structure=world.ges, entry_days_ago=10)
    client = client_for(world.manager)
    client.post(
        f"/api/v1/parcours/{exited.pk}/transitions/exit/",
        {"exit_reason": "chomage", "exit_date": world.ges.today().isoformat()},
        format="json",
    )

    def ids(query):
        response = client.get(f"/api/v1/parcours/?{query}")
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert set(ids("phase=exited")) == {exited.pk}
    assert exited.pk not in ids("phase=entry")
    assert set(ids("phase=entry&phase=exited")) >= {exited.pk, world.followed.pk}
    assert ids(f"programme={world.programme.pk}") == [world.followed.pk]
    assert world.unfollowed.pk not in ids(f"referent={world.counsellor.pk}")
    assert ids("search=zidan") == [walter.parcours.get().pk]
    assert ids("ordering=entry_date")[0] == walter.parcours.get().pk
    assert client.get("/api/v1/parcours/?phase=nowhere").status_code == 400


def test_list_is_paginated_with_a_bound(world, client_for):
    for _ in range(4):
        make_parcours(actor=world.counsellor, structure=world.ges)
    body = client_for(world.counsellor).get("/api/v1/parcours/?page_size=2").json()
    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert body["next"]
    assert len(client_for(world.counsellor).get("/api/v1/parcours/?page_size=1000").json()["results"]) == 5


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("url", ["/api/v1/parcours/", "/api/v1/persons/"])
def test_query_count_does_not_grow_with_page_size(world, client_for, url):
    for index in range(30):
        parcours = make_parcours(actor=world.counsellor, structure=world.ges)
        if index % 3 == 0:
            parcours.co_referents.add(world.counsellor2)
    client = client_for(world.manager)
    client.get(url)  # warm the per-process caches (content types) before counting
    small, response_small = count_queries(client, f"{url}?page_size=2")
    large, response_large = count_queries(client, f"{url}?page_size=30")
    assert len(response_small.json()["results"]) == 2
    assert len(response_large.json()["results"]) == 30
    assert small == large


def test_exit_reasons_are_listed_with_their_categories(world, client_for):
    body = client_for(world.analyst).get("/api/v1/exit-reasons/").json()
    assert len(body) == 22
    by_code = {row["code"]: row for row in body}
    assert by_code["cdi_inclusion"]["category"] == {
        "code": "emploi_durable",
        "label": "Emploi durable",
        "dynamic": True,
        "counted": True,
    }
    assert by_code["retraite"]["category"]["counted"] is False


def test_malformed_json_is_a_400_not_a_500(world, client_for):
    response = client_for(world.counsellor).post(
        f"/api/v1/parcours/{world.followed.pk}/transitions/exit/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_birth_date_cannot_be_in_the_future(world, client_for):
    tomorrow = (world.ges.today() + dt.timedelta(days=1)).isoformat()
    response = client_for(world.counsellor).post(
        "/api/v1/persons/", {"first_name": "A", "last_name": "B", "birth_date": tomorrow}, format="json"
    )
    assert response.status_code == 400
    assert "birth_date" in response.json()["errors"]


def test_datetimes_are_shown_in_the_structures_time_zone(world, client_for):
    client = client_for(world.other_manager)
    body = client.get(f"/api/v1/parcours/{world.foreign.pk}/").json()
    assert body["created_at"].endswith("+04:00")  # Indian/Reunion
    history = client.get(f"/api/v1/parcours/{world.foreign.pk}/transitions/").json()
    assert history[0]["occurred_at"].endswith("+04:00")
    person = client.get(f"/api/v1/persons/{world.foreign.person_id}/").json()
    assert person["created_at"].endswith("+04:00")
    paris = client_for(world.manager).get(f"/api/v1/parcours/{world.followed.pk}/").json()
    assert paris["created_at"][-6:] in {"+01:00", "+02:00"}


def test_ordering_has_a_stable_tie_breaker(world, client_for):
    for _ in range(6):
        make_parcours(actor=world.counsellor, structure=world.ges, entry_days_ago=5)  # same entry date
    client = client_for(world.manager)
    seen = []
    for page in (1, 2, 3, 4):
        body = client.get("/api/v1/parcours/", {"ordering": "entry_date", "page_size": 2, "page": page}).json()
        seen += [row["id"] for row in body["results"]]
    assert len(seen) == len(set(seen)) == 8
