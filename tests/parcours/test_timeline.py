"""GET /api/v1/parcours/{id}/timeline/: one stream of everything, newest first, paginated, for the
parcours' staff only, at a cost in queries that does not grow with the page size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EstablishmentFactory, fire_placement, make_placement
from tests.trainings import conftest as trainings
from tests.trainings.conftest import apply, fire_enrolment, fire_vae, open_vae

pytestmark = pytest.mark.django_db
campus = trainings.campus  # the trainings fixture, used here too


def timeline(client, parcours, **params):
    response = client.get(f"/api/v1/parcours/{parcours.pk}/timeline/", params)
    assert response.status_code == 200, response.json()
    return response.json()


@pytest.fixture
def busy(world, campus, client_for):
    """world.followed with an entry of every kind."""
    counsellor = client_for(world.counsellor)
    pk = world.followed.pk
    now = dt.datetime.now(dt.UTC)
    counsellor.post(
        "/api/v1/follow-ups/",
        {
            "parcours": pk,
            "kind": "call",
            "occurred_at": (now - dt.timedelta(hours=2)).isoformat(),
            "duration_minutes": 10,
        },
        format="json",
    )
    barrier = counsellor.post(
        "/api/v1/barriers/", {"parcours": pk, "type": "logement", "identified_on": "2026-01-05"}, format="json"
    ).json()
    counsellor.patch(f"/api/v1/barriers/{barrier['id']}/", {"status": "in_progress", "version": 1}, format="json")
    counsellor.post(
        "/api/v1/actions/",
        {"parcours": pk, "title": "Demande FSL", "due_date": "2027-01-10", "owner": world.counsellor.pk},
        format="json",
    )
    counsellor.post(
        "/api/v1/appointments/",
        {"parcours": pk, "kind": "interview", "starts_at": (now + dt.timedelta(days=3)).isoformat()},
        format="json",
    )
    placement = make_placement(
        actor=world.counsellor, parcours=world.followed, establishment=EstablishmentFactory(employer=world.employer)
    )
    fire_placement(placement, world.employer_contact, "confirm")
    enrolment = apply(counsellor, world.followed, campus.session).json()["id"]
    fire_enrolment(client_for(campus.trainer), enrolment, "accept")
    application = open_vae(counsellor, world.followed).json()["id"]
    fire_vae(counsellor, application, "submit_feasibility")


def test_every_kind_of_entry_newest_first(world, client_for, busy):
    body = timeline(client_for(world.counsellor), world.followed, page_size=100)
    types = [entry["type"] for entry in body["results"]]
    assert set(types) == {"phase", "follow_up", "barrier", "action", "appointment", "placement", "enrolment", "vae"}
    assert body["count"] == len(types) == 12
    ats = [entry["at"] for entry in body["results"]]
    assert ats == sorted(ats, reverse=True)
    assert body["results"][0]["type"] == "vae"  # the last thing done; the appointment in 3 days was planned before
    assert body["results"][-1]["type"] == "follow_up"  # the call logged as two hours ago
    assert body["results"][-2]["title"] == "Entrée dans le parcours"
    assert all(entry["at"].endswith(("+01:00", "+02:00")) for entry in body["results"])  # Europe/Paris
    barrier = [entry for entry in body["results"] if entry["type"] == "barrier"]
    assert [entry["details"]["status"] for entry in barrier] == ["in_progress", "identified"]
    enrolment = next(entry for entry in body["results"] if entry["type"] == "enrolment")
    assert enrolment["title"].endswith("acceptée") and enrolment["actor"] == world.trainer.get_full_name()


def test_pages_are_stable_and_complete(world, client_for, busy):
    client = client_for(world.counsellor)
    everything = [(e["type"], e["id"]) for e in timeline(client, world.followed, page_size=100)["results"]]
    paged = []
    for page in (1, 2, 3):
        paged += [(e["type"], e["id"]) for e in timeline(client, world.followed, page_size=5, page=page)["results"]]
    assert paged == everything


def test_queries_do_not_grow_with_the_page_size(world, client_for, busy):
    client = client_for(world.counsellor)
    timeline(client, world.followed)  # warm the caches

    def count(size):
        with CaptureQueriesContext(connection) as queries:
            timeline(client, world.followed, page_size=size)
        return len(queries)

    # Page of 1 holds one kind; a page of 100 holds all eight: one load per kind present.
    assert count(100) <= count(1) + 7


@pytest.mark.parametrize("role", ["counsellor2", "other_manager", "employer_contact", "trainer", "analyst"])
def test_only_the_parcours_staff_read_it(world, client_for, busy, role):
    response = client_for(getattr(world, role)).get(f"/api/v1/parcours/{world.followed.pk}/timeline/")
    assert response.status_code == 404
    assert timeline(client_for(world.manager), world.followed)["count"] == 12
