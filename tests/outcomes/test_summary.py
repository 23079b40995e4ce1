"""The summary endpoint through HTTP: its shape, the period, the phases active at `to`."""

import datetime as dt

import pytest

from parcours.models import ExitReason
from parcours.services import parcours_fire_transition

pytestmark = pytest.mark.django_db

URL = "/api/v1/outcomes/summary/"


def _exit(parcours, actor, *, days_ago: int, category: str):
    reason = ExitReason.objects.filter(category_id=category).first()
    exit_date = parcours.structure.today() - dt.timedelta(days=days_ago)
    parcours_fire_transition(
        actor=actor, parcours=parcours, name="exit", data={"exit_date": exit_date, "exit_reason": reason}
    )


def test_manager_sees_total_and_one_line_per_structure(world, client_for):
    response = client_for(world.manager).get(URL, {"from": "2020-01-01"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [s["id"] for s in body["structures"]] == [world.ges.pk]
    total = body["total"]
    assert total["entries"] == {"value": 2, "suppressed": False}
    assert [c["code"] for c in total["exits_by_category"]] == [
        "emploi_durable",
        "emploi_transition",
        "sortie_positive",
        "autre_sortie",
        "retrait",
    ]
    assert {row["phase"]: row["count"]["value"] for row in total["active_by_phase"]}["entry"] == 2
    assert body["targets"] == {"dynamic_exit_rate": 0.6, "durable_employment_rate": 0.25}
    assert body["filters"]["from"] == "2020-01-01"


def test_counsellor_sees_own_caseload_without_structure_lines(world, client_for):
    body = client_for(world.counsellor).get(URL, {"from": "2020-01-01"}).json()
    assert body["structures"] == []
    assert body["total"]["entries"]["value"] == 1


def test_exit_counts_and_rates(world, client_for):
    _exit(world.followed, world.counsellor, days_ago=1, category="emploi_durable")
    _exit(world.unfollowed, world.counsellor2, days_ago=1, category="retrait")
    body = client_for(world.manager).get(URL, {"from": "2020-01-01"}).json()
    total = body["total"]
    assert total["counted_exits"]["value"] == 1
    assert total["durable_employment_rate"] == {"value": 1.0, "numerator": 1, "denominator": 1, "suppressed": False}
    assert total["length_days"]["mean"]["value"] == 59.0
    assert total["length_days"]["median"]["value"] == 59.0
