"""Each role through HTTP: what it may count, what it is refused, and the filters it may use."""

import pytest
from rest_framework.test import APIClient

from parcours.models import Parcours
from tests.factories import ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/outcomes/"
PERIOD = {"from": "2020-01-01"}


def _entries(client, **params):
    response = client.get(f"{BASE}summary/", {**PERIOD, **params})
    assert response.status_code == 200, response.json()
    return response.json()


def test_counsellor_counts_the_parcours_they_follow_or_co_follow(world, client_for):
    assert _entries(client_for(world.counsellor))["total"]["entries"]["value"] == 1
    world.unfollowed.co_referents.add(world.counsellor)
    body = _entries(client_for(world.counsellor))
    assert body["total"]["entries"]["value"] == 2
    assert body["structures"] == []


def test_manager_counts_their_structure_only(world, client_for):
    body = _entries(client_for(world.manager))
    assert body["total"]["entries"]["value"] == 2
    assert [line["name"] for line in body["structures"]] == ["GES Rhône"]
    body = _entries(client_for(world.other_manager))
    assert body["total"]["entries"] == {"value": 1, "suppressed": False}


def test_manager_filters_by_referent_and_programme(world, client_for):
    client = client_for(world.manager)
    assert _entries(client, referent=world.counsellor2.pk)["total"]["entries"]["value"] == 1
    assert _entries(client, programme=world.programme.pk)["total"]["entries"]["value"] == 1


def test_analyst_sees_member_structures_side_by_side_and_in_total_suppressed(world, client_for):
    body = _entries(client_for(world.analyst))
    assert [line["name"] for line in body["structures"]] == ["ACI Réunion", "GES Rhône"]
    assert body["total"]["entries"] == {"value": None, "suppressed": True}
    assert body["structures"][0]["figures"]["entries"] == {"value": None, "suppressed": True}
    zero = body["total"]["exits_by_category"][0]["count"]
    assert zero == {"value": 0, "suppressed": False}


@pytest.mark.parametrize(
    ("role", "params", "field"),
    [
        ("analyst", {"referent": "counsellor"}, "referent"),
        ("manager", {"structure": "aci"}, "structure"),
        ("counsellor", {"structure": "aci"}, "structure"),
        ("manager", {"programme": "foreign_programme"}, "programme"),
        ("manager", {"referent": "other_counsellor"}, "referent"),
        ("analyst", {"region": "Bretagne"}, "region"),
        ("manager", {"from": "2026-02-01", "to": "2026-01-01"}, "from"),
        ("manager", {"from": "2010-01-01", "to": "2026-01-01"}, "from"),
        ("manager", {"to": "hier"}, "to"),
        ("manager", {"structure": "x"}, "structure"),
    ],
)
def test_bad_or_out_of_scope_filters_are_400_on_the_field(world, client_for, role, params, field):
    world.extra["foreign_programme"] = ProgrammeFactory(structure=world.aci)
    values = {}
    for name, value in params.items():
        target = getattr(world, value, None) or world.extra.get(value)
        values[name] = target.pk if target is not None else value
    for endpoint in ("summary", "timeseries", "funnel", "vae"):
        response = client_for(getattr(world, role)).get(f"{BASE}{endpoint}/", values)
        assert response.status_code == 400, (endpoint, response.json())
        assert field in response.json()["errors"]


def test_partners_reach_only_their_own_figures(world, client_for):
    employer = client_for(world.employer_contact)
    trainer = client_for(world.trainer)
    for endpoint in ("summary", "timeseries", "funnel", "vae"):
        assert employer.get(f"{BASE}{endpoint}/").status_code == 403
        assert trainer.get(f"{BASE}{endpoint}/").status_code == 403
    assert employer.get(f"{BASE}placements/").status_code == 200
    assert employer.get(f"{BASE}trainings/").status_code == 403
    assert trainer.get(f"{BASE}trainings/").status_code == 200
    assert trainer.get(f"{BASE}placements/").status_code == 403


def test_no_role_is_403_and_anonymous_401(world, client_for):
    assert client_for(UserFactory()).get(f"{BASE}summary/").status_code == 403
    assert APIClient().get(f"{BASE}summary/").status_code == 401


def test_default_period_is_this_year_to_today(world, client_for):
    from django.utils import timezone

    body = client_for(world.manager).get(f"{BASE}summary/").json()
    today = timezone.localdate()
    assert body["filters"] == {
        "from": f"{today.year}-01-01",
        "to": today.isoformat(),
        "structure": [],
        "programme": None,
        "referent": None,
        "region": None,
    }
    assert Parcours.objects.count() == 3
