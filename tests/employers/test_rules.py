"""Every proposal rule, through HTTP as a counsellor: one refusal each, with its code and field."""

import datetime as dt
from decimal import Decimal

import pytest

from employers.models import Placement
from employers.rules import pmsmp_last_day
from parcours import hooks
from parcours.models import Parcours
from tests.employers.conftest import propose
from tests.factories import (
    EstablishmentFactory,
    OrganisationFactory,
    fire_placement,
    make_parcours,
    make_placement,
    member,
)
from tremplin.dates import add_months

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat


def pmsmp(start, end, purpose="discover", **extra):
    return {"kind": "pmsmp", "purpose": purpose, "start_date": str(start), "end_date": str(end), **extra}


def mission(start, end, **extra):
    body = {"kind": "mission", "position": "Agent de service hospitalier", "weekly_hours": "35"}
    return {**body, "start_date": str(start), "end_date": str(end), **extra}


def assert_refused(response, code, field):
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == code
    assert list(response.json()["errors"]) == [field]


@pytest.fixture
def client(world, client_for):
    return client_for(world.counsellor)


# -- dates arithmetic ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "last"),
    [
        ("2030-03-10", "2030-04-09"),
        ("2030-01-01", "2030-01-31"),
        ("2030-01-31", "2030-02-27"),  # 31 Jan + 1 month = 28 Feb (clamped), minus a day
        ("2032-01-30", "2032-02-28"),  # leap year: 29 Feb, minus a day
        ("2030-12-15", "2031-01-14"),
    ],
)
def test_pmsmp_last_day_is_one_month_date_to_date(start, last):
    assert pmsmp_last_day(D(start)) == D(last)


def test_add_months_goes_back_across_years():
    assert add_months(D("2030-02-28"), -12) == D("2029-02-28")
    assert add_months(D("2032-02-29"), -12) == D("2031-02-28")


# -- common -------------------------------------------------------------------------------------


def test_dates_are_required(world, hosts, client):
    assert_refused(
        propose(client, world.followed, hosts.establishment, kind="pmsmp", purpose="discover"),
        "dates_required",
        "start_date",
    )
    body = mission("2030-01-01", "2030-01-02")
    del body["end_date"]
    assert_refused(propose(client, world.followed, hosts.establishment, **body), "dates_required", "end_date")


def test_end_before_start_is_refused(world, hosts, client):
    response = propose(client, world.followed, hosts.establishment, **pmsmp("2030-01-10", "2030-01-09"))
    assert_refused(response, "dates_ordered", "end_date")


def test_a_closed_parcours_takes_no_placement(world, hosts, client):
    client.post(
        f"/api/v1/parcours/{world.followed.pk}/transitions/exit/",
        {"exit_reason": "chomage", "exit_date": world.ges.today().isoformat()},
        format="json",
    )
    response = propose(client, world.followed, hosts.establishment, **pmsmp("2030-01-01", "2030-01-10"))
    assert_refused(response, "parcours_closed", "parcours")


@pytest.mark.parametrize("establishment", [0, 987654, "abc"])
def test_the_establishment_must_exist(world, client, establishment):
    body = {"parcours": world.followed.pk, "establishment": establishment, **pmsmp("2030-01-01", "2030-01-10")}
    response = client.post("/api/v1/placements/", body, format="json")
    assert_refused(response, "invalid", "establishment")


def test_the_kind_must_be_known(world, hosts, client):
    response = propose(client, world.followed, hosts.establishment, **pmsmp("2030-01-01", "2030-01-10", kind="cdd"))
    assert_refused(response, "invalid", "kind")


# -- PMSMP --------------------------------------------------------------------------------------


@pytest.mark.parametrize("purpose", ["", "discover,recruit", "training"])
def test_pmsmp_has_exactly_one_known_purpose(world, hosts, client, purpose):
    response = propose(client, world.followed, hosts.establishment, **pmsmp("2030-01-01", "2030-01-10", purpose))
    assert_refused(response, "pmsmp_purpose", "purpose")


@pytest.mark.parametrize("purpose", ["discover", "confirm", "recruit"])
def test_each_purpose_is_accepted(world, hosts, client, purpose):
    response = propose(client, world.followed, hosts.establishment, **pmsmp("2030-01-01", "2030-01-10", purpose))
    assert response.status_code == 201
    assert response.json()["purpose"] == purpose


def test_pmsmp_lasts_at_most_one_month_date_to_date(world, hosts, client):
    response = propose(client, world.followed, hosts.establishment, **pmsmp("2030-03-10", "2030-04-10"))
    assert_refused(response, "pmsmp_max_one_month", "end_date")
    response = propose(client, world.followed, hosts.establishment, **pmsmp("2030-03-10", "2030-04-09"))
    assert response.status_code == 201


def test_an_etti_cannot_prescribe_a_pmsmp_but_can_place_on_missions(world, hosts, client_for):
    etti = OrganisationFactory(name="ETTI Intérim Solidaire", structure_type="ETTI")
    counsellor = member(etti, "counsellor")
    parcours = make_parcours(actor=counsellor, structure=etti)
    client = client_for(counsellor)
    response = propose(client, parcours, hosts.establishment, **pmsmp("2030-01-01", "2030-01-10"))
    assert_refused(response, "pmsmp_etti_prescriber", "parcours")
    assert propose(client, parcours, hosts.establishment, **mission("2030-01-01", "2030-01-10")).status_code == 201


def test_pmsmp_is_renewable_once(world, hosts, client):
    first = propose(client, world.followed, hosts.establishment, **pmsmp("2030-01-01", "2030-01-14")).json()
    renewal = propose(
        client, world.followed, hosts.establishment, **pmsmp("2030-01-15", "2030-01-28", renewal_of=first["id"])
    )
    assert renewal.status_code == 201, renewal.json()
    assert renewal.json()["renewal_of"] == first["id"]

    again = propose(
        client, world.followed, hosts.establishment, **pmsmp("2030-02-01", "2030-02-05", renewal_of=first["id"])
    )
    assert_refused(again, "pmsmp_renewed_once", "renewal_of")
    chained = propose(
        client,
        world.followed,
        hosts.establishment,
        **pmsmp("2030-02-01", "2030-02-05", renewal_of=renewal.json()["id"]),
    )
    assert_refused(chained, "pmsmp_renewed_once", "renewal_of")


def test_a_renewal_is_of_a_pmsmp_of_the_same_parcours_at_the_same_establishment(world, hosts, client):
    first = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    a_mission = make_placement(
        actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment, kind="mission"
    )
    elsewhere = EstablishmentFactory(employer=world.employer)
    response = propose(client, world.followed, elsewhere, **pmsmp("2030-01-15", "2030-01-20", renewal_of=first.pk))
    assert_refused(response, "pmsmp_renewal_mismatch", "renewal_of")
    response = propose(
        client, world.followed, hosts.establishment, **pmsmp("2030-01-15", "2030-01-20", renewal_of=a_mission.pk)
    )
    assert_refused(response, "pmsmp_renewal_mismatch", "renewal_of")


def test_a_renewal_of_a_placement_out_of_scope_is_unknown(world, hosts, client_for):
    theirs = make_placement(actor=world.counsellor2, parcours=world.unfollowed, establishment=hosts.establishment)
    response = propose(
        client_for(world.counsellor),
        world.followed,
        hosts.establishment,
        **pmsmp("2030-01-15", "2030-01-20", renewal_of=theirs.pk),
    )
    assert_refused(response, "invalid", "renewal_of")


def test_at_most_two_pmsmp_per_twelve_months_at_the_same_host_employer(world, hosts, client):
    second_site = EstablishmentFactory(employer=world.employer, name="EHPAD Les Tilleuls — Villeurbanne")
    assert propose(client, world.followed, hosts.establishment, **pmsmp("2030-01-01", "2030-01-10")).status_code == 201
    assert propose(client, world.followed, hosts.establishment, **pmsmp("2030-04-01", "2030-04-10")).status_code == 201
    response = propose(client, world.followed, second_site, **pmsmp("2030-09-01", "2030-09-10"))
    assert_refused(response, "pmsmp_host_max_two", "establishment")
    # Another employer is another host; and 12 months after the first one, the count restarts.
    assert (
        propose(client, world.followed, hosts.other_establishment, **pmsmp("2030-09-01", "2030-09-10")).status_code
        == 201
    )
    assert propose(client, world.followed, second_site, **pmsmp("2031-01-11", "2031-01-20")).status_code == 201


def test_declined_and_cancelled_pmsmp_do_not_count(world, hosts, client):
    declined = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    fire_placement(declined, hosts.contact, "decline", decline_reason="Complet")
    cancelled = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    fire_placement(cancelled, world.counsellor, "cancel")
    make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    response = propose(client, world.followed, hosts.establishment, **pmsmp("2030-01-01", "2030-01-10"))
    assert response.status_code == 201, response.json()


def test_at_most_sixty_days_per_twelve_months_at_the_same_host_employer(world, hosts, client):
    assert propose(client, world.followed, hosts.establishment, **pmsmp("2030-01-01", "2030-01-31")).status_code == 201
    response = propose(client, world.followed, hosts.establishment, **pmsmp("2030-03-01", "2030-03-30"))
    assert_refused(response, "pmsmp_host_max_days", "end_date")
    assert "61" in response.json()["message"]
    assert propose(client, world.followed, hosts.establishment, **pmsmp("2030-03-01", "2030-03-29")).status_code == 201


# -- missions -----------------------------------------------------------------------------------


@pytest.mark.parametrize("position", ["", "   "])
def test_mission_requires_a_position(world, hosts, client, position):
    response = propose(
        client, world.followed, hosts.establishment, **mission("2030-01-01", "2030-01-10", position=position)
    )
    assert_refused(response, "mission_position_required", "position")


@pytest.mark.parametrize("hours", [None, "0", "-5", "48.5"])
def test_mission_requires_weekly_hours_between_0_and_48(world, hosts, client, hours):
    response = propose(
        client, world.followed, hosts.establishment, **mission("2030-01-01", "2030-01-10", weekly_hours=hours)
    )
    assert_refused(response, "mission_weekly_hours", "weekly_hours")


def test_mission_has_no_pmsmp_purpose(world, hosts, client):
    response = propose(
        client, world.followed, hosts.establishment, **mission("2030-01-01", "2030-01-10", purpose="discover")
    )
    assert_refused(response, "mission_purpose", "purpose")


def test_two_overlapping_missions_are_refused(world, hosts, client):
    first = propose(client, world.followed, hosts.establishment, **mission("2030-01-01", "2030-01-10")).json()
    response = propose(client, world.followed, hosts.other_establishment, **mission("2030-01-10", "2030-01-20"))
    assert_refused(response, "mission_overlap", "start_date")
    # Back to back is fine, and a cancelled mission frees its dates.
    assert (
        propose(client, world.followed, hosts.establishment, **mission("2030-01-11", "2030-01-20")).status_code == 201
    )
    fire_placement(Placement.objects.get(pk=first["id"]), world.counsellor, "cancel")
    assert (
        propose(client, world.followed, hosts.establishment, **mission("2030-01-01", "2030-01-10")).status_code == 201
    )


def test_overlapping_missions_of_different_parcours_are_fine(world, hosts, client_for):
    assert (
        propose(
            client_for(world.counsellor), world.followed, hosts.establishment, **mission("2030-01-01", "2030-01-10")
        ).status_code
        == 201
    )
    assert (
        propose(
            client_for(world.manager), world.unfollowed, hosts.establishment, **mission("2030-01-01", "2030-01-10")
        ).status_code
        == 201
    )


def test_mission_hours_add_up_per_parcours(world, hosts):
    assert hooks.fact(world.followed, "mission_hours") == 0
    for index, (hours, ending) in enumerate([("35", "complete"), ("70.5", "complete"), ("12", "interrupt")]):
        placement = make_placement(
            actor=world.counsellor,
            parcours=world.followed,
            establishment=hosts.establishment,
            kind="mission",
            start_in_days=30 * index,
        )
        fire_placement(placement, hosts.contact, "confirm", "start")
        fire_placement(placement, hosts.contact, ending, hours_worked=Decimal(hours), assessment="Bien")
    # A fresh instance: fact() caches its value on the instance it answers.
    assert Decimal(hooks.fact(Parcours.objects.get(pk=world.followed.pk), "mission_hours")) == Decimal("105.5")
    assert hooks.fact(Parcours.objects.get(pk=world.unfollowed.pk), "mission_hours") == 0
    annotated = Parcours.objects.annotate(**hooks.fact_annotations()).get(pk=world.followed.pk)
    assert Decimal(annotated.fact_mission_hours) == Decimal("105.5")
