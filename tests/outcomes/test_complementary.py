"""Complementary suppression: when one structure's figure is hidden from an analyst and the total
is shown, another structure's figure is hidden too, so that the total minus the others does not
give the hidden one back."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import (
    EstablishmentFactory,
    OrganisationFactory,
    fire_placement,
    make_parcours,
    make_placement,
    member,
)
from tests.outcomes.dataset import extend_world
from tests.outcomes.test_exports import exit_parcours
from tests.trainings.conftest import make_session
from trainings.models import Certification, Enrolment, Training, VaeApplication

pytestmark = pytest.mark.django_db

HIDDEN = {"value": None, "suppressed": True}


def _summary(client, **params):
    response = client.get("/api/v1/outcomes/summary/", {"from": "2020-01-01", **params})
    assert response.status_code == 200, response.json()
    body = response.json()
    return body["total"], {line["name"]: line["figures"] for line in body["structures"]}


def _add(world, structure, n):
    actor = world.counsellor if structure == world.ges else world.other_counsellor
    for _ in range(n):
        make_parcours(actor=actor, structure=structure)


def test_the_total_minus_the_other_structure_does_not_give_a_hidden_count_back(world, client_for):
    # GES: 2 (world) + 1 = 3 entries; ACI: 1 (world) + 6 = 7 entries; total 10.
    _add(world, world.ges, 1)
    _add(world, world.aci, 6)
    total, lines = _summary(client_for(world.analyst))
    assert total["entries"] == {"value": 10, "suppressed": False}
    assert lines["GES Rhône"]["entries"] == HIDDEN
    assert lines["ACI Réunion"]["entries"] == HIDDEN
    # The export lays out the same figures: no column gives 7 back.
    response = client_for(world.analyst).get("/api/v1/outcomes/export/", {"from": "2020-01-01", "file": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    entries = [line for line in text.splitlines() if line.startswith("Entrées;Entrées dans la période;")]
    assert entries == [
        "Entrées;Entrées dans la période;ACI Réunion;< 5",
        "Entrées;Entrées dans la période;GES Rhône;< 5",
        "Entrées;Entrées dans la période;Total;10",
    ]
    # Managers see their own structure unmasked.
    total, lines = _summary(client_for(world.manager))
    assert lines["GES Rhône"]["entries"] == {"value": 3, "suppressed": False}


def test_the_smallest_other_structure_is_hidden_and_the_rest_shown(world, client_for):
    extend_world(world)
    third = world.extra["third"]
    counsellor = member(third, "counsellor")
    for _ in range(9):
        make_parcours(actor=counsellor, structure=third)
    # GES 2 (hidden), ACI 1 + 5 = 6 (hidden as the complement), EI Loire 9 (shown), total 17.
    _add(world, world.aci, 5)
    empty = OrganisationFactory(name="EI Vide", structure_type="EI")
    empty.networks.add(world.network)
    total, lines = _summary(client_for(world.analyst))
    assert total["entries"] == {"value": 17, "suppressed": False}
    assert lines["GES Rhône"]["entries"] == HIDDEN
    assert lines["ACI Réunion"]["entries"] == HIDDEN
    assert lines["EI Loire"]["entries"] == {"value": 9, "suppressed": False}
    assert lines["EI Vide"]["entries"] == {"value": 0, "suppressed": False}


def test_two_hidden_structures_or_a_hidden_total_need_no_complement(world, client_for):
    # GES 2, ACI 1: both hidden, and the total (3) too.
    total, lines = _summary(client_for(world.analyst))
    assert total["entries"] == HIDDEN
    assert lines["GES Rhône"]["entries"] == HIDDEN
    assert lines["ACI Réunion"]["entries"] == HIDDEN
    # GES 2 + 5 = 7, ACI 1: ACI hidden, the total 8 shown, so GES is hidden with it.
    _add(world, world.ges, 5)
    total, lines = _summary(client_for(world.analyst))
    assert total["entries"] == {"value": 8, "suppressed": False}
    assert lines["GES Rhône"]["entries"] == HIDDEN
    assert lines["ACI Réunion"]["entries"] == HIDDEN


def test_one_hidden_category_among_the_counted_exits_gets_a_companion(world, client_for):
    for _ in range(6):
        exit_parcours(
            make_parcours(actor=world.counsellor, structure=world.ges),
            world.counsellor,
            category="emploi_durable",
            days_ago=1,
        )
    exit_parcours(
        make_parcours(actor=world.counsellor, structure=world.ges),
        world.counsellor,
        category="emploi_transition",
        days_ago=1,
    )
    total, lines = _summary(client_for(world.analyst))
    for figures in (total, lines["GES Rhône"]):
        by_code = {c["code"]: c["count"] for c in figures["exits_by_category"]}
        assert figures["counted_exits"] == {"value": 7, "suppressed": False}
        assert by_code["emploi_transition"] == HIDDEN
        # 7 counted exits minus 6 durable would give the one transition back.
        assert by_code["emploi_durable"] == HIDDEN
    # The manager sees them all.
    total, _ = _summary(client_for(world.manager))
    assert {c["code"]: c["count"]["value"] for c in total["exits_by_category"]}["emploi_durable"] == 6


def test_one_hidden_month_among_shown_ones_gets_a_companion(world, client_for):
    # The world's 3 parcours entered 60 days ago; 6 more enter today: 9 in the period, shown in the summary.
    for _ in range(6):
        make_parcours(actor=world.counsellor, structure=world.ges, entry_days_ago=0)
    today = timezone.localdate()
    params = {"from": (today - dt.timedelta(days=100)).replace(day=1).isoformat(), "to": today.isoformat()}
    summary = client_for(world.analyst).get("/api/v1/outcomes/summary/", params).json()
    assert summary["total"]["entries"] == {"value": 9, "suppressed": False}
    body = client_for(world.analyst).get("/api/v1/outcomes/timeseries/", params).json()
    entries = [month["entries"] for month in body["months"]]
    assert entries.count(HIDDEN) == 2  # the 3 and, with it, the 6
    assert all(entry == HIDDEN or entry == {"value": 0, "suppressed": False} for entry in entries)
    manager = client_for(world.manager).get("/api/v1/outcomes/timeseries/", params).json()
    assert sorted(month["entries"]["value"] for month in manager["months"])[-2:] == [2, 6]


def test_one_hidden_vae_state_among_shown_applications_gets_a_companion(world, client_for):
    deas = Certification.objects.get(code="DEAS")
    for state in ["validated_full"] * 5 + ["refused"]:
        parcours = make_parcours(actor=world.counsellor, structure=world.ges)
        VaeApplication.objects.create(
            parcours=parcours, person=parcours.person, certification=deas, state=state, created_by=world.counsellor
        )
    body = client_for(world.analyst).get("/api/v1/outcomes/vae/", {"from": "2020-01-01"}).json()
    assert body["applications"] == {"value": 6, "suppressed": False}
    by_state = {row["state"]: row["count"] for row in body["by_state"]}
    assert by_state["refused"] == HIDDEN
    assert by_state["validated_full"] == HIDDEN  # else 6 - 5 gives the refusal back
    assert body["validated_full"] == HIDDEN
    assert by_state["project"] == {"value": 0, "suppressed": False}
    manager = client_for(world.manager).get("/api/v1/outcomes/vae/", {"from": "2020-01-01"}).json()
    assert manager["validated_full"] == {"value": 5, "suppressed": False}


def _leaves(node):
    if isinstance(node, dict):
        if "suppressed" in node:
            yield node
        else:
            for value in node.values():
                yield from _leaves(value)
    elif isinstance(node, list):
        for item in node:
            yield from _leaves(item)


def test_a_rate_does_not_give_back_a_count_hidden_as_a_companion(world, client_for):
    extend_world(world)
    third = world.extra["third"]
    counsellor = member(third, "counsellor")

    def exits(structure, actor, category, n):
        for _ in range(n):
            exit_parcours(make_parcours(actor=actor, structure=structure), actor, category=category, days_ago=1)

    exits(world.aci, world.other_counsellor, "emploi_durable", 1)  # hidden
    exits(world.ges, world.counsellor, "emploi_durable", 6)
    exits(third, counsellor, "emploi_durable", 5)  # the smallest other: hidden as the companion
    exits(third, counsellor, "autre_sortie", 20)
    total, lines = _summary(client_for(world.analyst))
    loire = lines["EI Loire"]
    assert loire["exits_by_category"][0]["count"] == HIDDEN
    # Its durable rate would say 5 / 25: hidden with the count it is made of.
    assert loire["durable_employment_rate"]["suppressed"] is True
    for figures in (total, *lines.values()):
        durable, *_ = figures["exits_by_category"]
        if durable["count"]["suppressed"] or figures["counted_exits"]["suppressed"]:
            assert figures["durable_employment_rate"]["suppressed"] is True
        # Shown counted exits never have exactly one hidden category under them (20 + ? = 25).
        counted = [c["count"]["suppressed"] for c in figures["exits_by_category"] if c["counted"]]
        if not figures["counted_exits"]["suppressed"]:
            assert counted.count(True) != 1
    # Every figure of the total that is shown has zero or at least two hidden structures under it.
    columns = [list(_leaves(figures)) for figures in lines.values()]
    for index, leaf in enumerate(_leaves(total)):
        if not leaf["suppressed"]:
            assert sum(column[index]["suppressed"] for column in columns) != 1, index


def test_the_dynamic_rate_does_not_give_back_a_hidden_number_of_other_exits(world, client_for):
    # ACI: 15 counted exits, 12 of them dynamic (8 durable, 4 in transition), 3 « autres sorties »:
    # 80 % of 15 is 12, and 15 - 12 would give the hidden 3 back.
    def exits(category, n):
        for _ in range(n):
            parcours = make_parcours(actor=world.other_counsellor, structure=world.aci)
            exit_parcours(parcours, world.other_counsellor, category=category, days_ago=1)

    exits("emploi_durable", 8)
    exits("emploi_transition", 4)
    exits("autre_sortie", 3)
    _, lines = _summary(client_for(world.analyst))
    aci = lines["ACI Réunion"]
    others = next(c for c in aci["exits_by_category"] if c["code"] == "autre_sortie")
    assert others["count"] == HIDDEN
    assert aci["counted_exits"] == {"value": 15, "suppressed": False}
    assert aci["dynamic_exit_rate"]["suppressed"] is True
    # The manager of the structure is not an analyst: everything shown.
    _, lines = _summary(client_for(world.other_manager))
    assert lines["ACI Réunion"]["dynamic_exit_rate"]["numerator"] == 12


def test_a_completion_rate_does_not_give_back_a_hidden_number_of_drop_outs(world, client_for):
    deas = Certification.objects.get(code="DEAS")
    training = Training.objects.create(title="DEAS", certification=deas, duration_hours=1540)
    session = make_session(training=training, training_body=world.training_body, start_in_days=-30)
    for index in range(12):
        parcours = make_parcours(actor=world.counsellor, structure=world.ges)
        Enrolment.objects.create(
            parcours=parcours,
            session=session,
            state="completed" if index < 10 else "dropped",
            result="passed" if index < 10 else "",
            applied_by=world.counsellor,
        )
    body = client_for(world.analyst).get("/api/v1/outcomes/trainings/", {"from": "2020-01-01"}).json()
    assert body["completed"] == {"value": 10, "suppressed": False}
    assert body["dropped"] == HIDDEN
    # 10 / 12 would say 2 dropped out.
    assert body["completion_rate"] == {"value": None, "numerator": None, "denominator": None, "suppressed": True}
    trainer = client_for(world.trainer).get("/api/v1/outcomes/trainings/", {"from": "2020-01-01"}).json()
    assert trainer["completion_rate"]["denominator"] == 12


def test_a_confirmation_rate_does_not_give_back_a_hidden_number_of_refusals(world, client_for):
    establishment = EstablishmentFactory(employer=world.employer)
    for index in range(12):
        parcours = make_parcours(actor=world.counsellor, structure=world.ges)
        placement = make_placement(actor=world.counsellor, parcours=parcours, establishment=establishment)
        if index < 10:
            fire_placement(placement, world.employer_contact, "confirm")
        else:
            fire_placement(placement, world.employer_contact, "decline", decline_reason="Poste pourvu")
    period = {"from": "2020-01-01", "to": (timezone.localdate() + dt.timedelta(days=60)).isoformat()}
    body = client_for(world.analyst).get("/api/v1/outcomes/placements/", period).json()
    assert body["confirmed"] == {"value": 10, "suppressed": False}
    assert body["declined"] == HIDDEN
    assert body["confirmation_rate"]["suppressed"] is True
    assert body["confirmation_rate"]["denominator"] is None


def test_the_months_do_not_add_up_to_a_total_the_summary_hides(world, client_for):
    extend_world(world)
    third = world.extra["third"]
    counsellor = member(third, "counsellor")
    for structure, actor, category, n in [
        (world.aci, world.other_counsellor, "emploi_durable", 1),
        (world.ges, world.counsellor, "emploi_durable", 6),
        (third, counsellor, "emploi_durable", 5),
        (third, counsellor, "autre_sortie", 20),
    ]:
        for _ in range(n):
            exit_parcours(make_parcours(actor=actor, structure=structure), actor, category=category, days_ago=1)
    client = client_for(world.analyst)
    total, _ = _summary(client)
    params = {"from": "2020-01-01"}
    months = client.get("/api/v1/outcomes/timeseries/", params).json()["months"]
    for index, category in enumerate(total["exits_by_category"]):
        cells = [month["exits"][index]["count"] for month in months]
        hidden = sum(cell["suppressed"] for cell in cells)
        if category["count"]["suppressed"]:
            # The summary hides this total (« Autres sorties »: 20, hidden with the EI Loire's): a month is too.
            assert hidden >= 1 or all(cell["value"] == 0 for cell in cells), category["code"]
        else:
            assert hidden != 1, category["code"]
    assert next(c for c in total["exits_by_category"] if c["code"] == "autre_sortie")["count"] == HIDDEN
