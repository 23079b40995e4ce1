"""Entries and exits per month, the phase funnel, and query counts that do not grow with the data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parcours.models import ExitReason, PhaseTransition
from parcours.services import parcours_fire_transition
from tests.factories import OrganisationFactory, make_parcours
from tests.outcomes.dataset import extend_world, populate

pytestmark = pytest.mark.django_db

BASE = "/api/v1/outcomes/"


def test_timeseries_has_every_month_of_the_period_even_empty(world, client_for):
    today = world.ges.today()
    reason = ExitReason.objects.filter(category_id="emploi_durable").first()
    parcours_fire_transition(
        actor=world.counsellor,
        parcours=world.followed,
        name="exit",
        data={"exit_date": today, "exit_reason": reason},
    )
    start = dt.date(today.year - 1, 1, 1)
    body = client_for(world.manager).get(f"{BASE}timeseries/", {"from": start.isoformat()}).json()
    months = body["months"]
    assert len(months) == 12 + today.month
    assert months[0]["month"] == f"{today.year - 1}-01"
    by_month = {m["month"]: m for m in months}
    entry_month = world.followed.entry_date.strftime("%Y-%m")
    assert by_month[entry_month]["entries"]["value"] >= 1
    assert sum(m["entries"]["value"] for m in months) == 2
    exits = by_month[today.strftime("%Y-%m")]["exits"]
    assert exits[0]["code"] == "emploi_durable"
    assert exits[0]["count"] == {"value": 1, "suppressed": False}
    analyst = client_for(world.analyst).get(f"{BASE}timeseries/", {"from": start.isoformat()}).json()
    assert {"value": None, "suppressed": True} in [m["entries"] for m in analyst["months"]]


def test_funnel_counts_parcours_that_went_through_each_phase(world, client_for):
    today = world.ges.today()
    PhaseTransition.objects.create(
        parcours=world.followed, name="test", source="entry", target="immersion", effective_date=today
    )
    reason = ExitReason.objects.filter(category_id="emploi_durable").first()
    parcours_fire_transition(
        actor=world.counsellor2,
        parcours=world.unfollowed,
        name="exit",
        data={"exit_date": today, "exit_reason": reason},
    )
    body = client_for(world.manager).get(f"{BASE}funnel/", {"from": f"{today.year - 1}-01-01"}).json()
    phases = {row["phase"]: row["count"]["value"] for row in body["phases"]}
    assert body["entered"]["value"] == 2
    assert phases == {"entry": 2, "immersion": 1, "interim": 0, "training": 0, "vae": 0}
    assert body["exited"]["value"] == 1
    assert body["durable_employment"]["value"] == 1
    programme = client_for(world.manager).get(
        f"{BASE}funnel/", {"from": f"{today.year - 1}-01-01", "programme": world.programme.pk}
    )
    assert programme.json()["entered"]["value"] == 1


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200, response.json()
    return len(context.captured_queries)


@pytest.mark.parametrize("endpoint", ["summary", "timeseries", "funnel", "placements", "trainings", "vae"])
def test_query_count_does_not_depend_on_parcours_or_structures(world, client_for, endpoint):
    dataset = extend_world(world)
    url = f"{BASE}{endpoint}/"
    params = {"from": "2024-01-01", "to": (world.ges.today() - dt.timedelta(days=30)).isoformat()}
    analyst, manager = client_for(world.analyst), client_for(world.manager)
    for client in (analyst, manager):  # warms the caches: roles on the user object, the category order
        _queries(client, url, params)
    before = (_queries(analyst, url, params), _queries(manager, url, params))
    populate(dataset, seed=3, size=60, actor=world.manager)
    for index in range(4):
        OrganisationFactory(name=f"Membre {index}").networks.add(world.network)
        make_parcours(actor=world.other_counsellor, structure=world.aci)
    after = (_queries(analyst, url, params), _queries(manager, url, params))
    assert after == before
