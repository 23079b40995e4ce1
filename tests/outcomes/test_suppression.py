"""Small counts (1 to 4) are hidden from network analysts, and so is any rate or mean built on one."""

import datetime as dt

import pytest

from outcomes import suppression
from parcours.models import ExitReason
from parcours.services import parcours_fire_transition
from tests.factories import make_parcours

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("n", "hidden"), [(0, False), (1, True), (4, True), (5, False), (120, False)])
def test_count(n, hidden):
    assert suppression.count(n, suppress=True) == (
        {"value": None, "suppressed": True} if hidden else {"value": n, "suppressed": False}
    )
    assert suppression.count(n, suppress=False) == {"value": n, "suppressed": False}


def test_rate_is_hidden_when_its_numerator_or_denominator_is():
    hidden = {"value": None, "numerator": None, "denominator": None, "suppressed": True}
    assert suppression.rate(3, 40, suppress=True) == hidden
    assert suppression.rate(0, 4, suppress=True) == hidden
    assert suppression.rate(0, 0, suppress=True) == {
        "value": None,
        "numerator": 0,
        "denominator": 0,
        "suppressed": False,
    }
    assert suppression.rate(5, 20, suppress=True)["value"] == 0.25
    assert suppression.rate(3, 4, suppress=False)["value"] == 0.75


def test_stat_over_fewer_than_five_is_hidden():
    assert suppression.stat(12.0, 4, suppress=True) == {"value": None, "suppressed": True}
    assert suppression.stat(12.0, 5, suppress=True) == {"value": 12.0, "suppressed": False}
    assert suppression.stat(None, 0, suppress=True) == {"value": None, "suppressed": False}


def _exit(parcours, actor, category):
    reason = ExitReason.objects.filter(category_id=category).first()
    data = {"exit_date": parcours.structure.today() - dt.timedelta(days=1), "exit_reason": reason}
    parcours_fire_transition(actor=actor, parcours=parcours, name="exit", data=data)


def test_analyst_sees_five_and_more_and_the_total_adds_raw_counts_before_suppressing(world, client_for):
    # GES: 2 + 3 = 5 entries; ACI: 1 + 3 = 4 entries; total 9.
    for _ in range(3):
        make_parcours(actor=world.counsellor, structure=world.ges)
        make_parcours(actor=world.other_counsellor, structure=world.aci)
    ges_parcours = list(world.ges.parcours.all())
    for parcours in ges_parcours[:4]:
        _exit(
            parcours, world.counsellor if parcours.referent == world.counsellor else parcours.referent, "emploi_durable"
        )
    _exit(ges_parcours[4], ges_parcours[4].referent, "autre_sortie")
    body = client_for(world.analyst).get("/api/v1/outcomes/summary/", {"from": "2020-01-01"}).json()
    lines = {line["name"]: line["figures"] for line in body["structures"]}
    # GES's 5 is hidden too: else the total (9) minus GES (5) would give ACI's 4 back.
    assert lines["GES Rhône"]["entries"] == {"value": None, "suppressed": True}
    assert lines["ACI Réunion"]["entries"] == {"value": None, "suppressed": True}
    assert body["total"]["entries"] == {"value": 9, "suppressed": False}
    ges = lines["GES Rhône"]
    assert ges["counted_exits"] == {"value": 5, "suppressed": False}
    assert ges["exits_by_category"][0]["count"] == {"value": None, "suppressed": True}  # 4 durable
    assert ges["durable_employment_rate"]["suppressed"] is True
    assert ges["dynamic_exit_rate"]["suppressed"] is True
    assert ges["length_days"]["mean"] == {"value": 59.0, "suppressed": False}
    assert body["total"]["length_days"]["median"] == {"value": 59.0, "suppressed": False}
    # The manager of the GES sees the same figures unmasked.
    body = client_for(world.manager).get("/api/v1/outcomes/summary/", {"from": "2020-01-01"}).json()
    assert body["total"]["durable_employment_rate"] == {
        "value": 0.8,
        "numerator": 4,
        "denominator": 5,
        "suppressed": False,
    }
