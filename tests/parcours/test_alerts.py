"""Alerts, computed in SQL for the caseload and for one parcours, under a frozen clock: each rule
flags what it should, and only that, on the structure's own calendar (Réunion is 3 hours ahead of
Paris in winter), and the action it names clears it."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from parcours.alerts import ALERT_CODES, alert_rules
from parcours.models import Appointment, FollowUp, Parcours
from tests.factories import EstablishmentFactory, fire_placement, make_parcours, make_placement

pytestmark = pytest.mark.django_db

# Friday 27 November 2026, 22:00 in Paris: already Saturday 28 at 01:00 in Réunion.
NOW = dt.datetime(2026, 11, 27, 21, 0, tzinfo=dt.UTC)
PARIS, REUNION = zoneinfo.ZoneInfo("Europe/Paris"), zoneinfo.ZoneInfo("Indian/Reunion")


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def alerts(client, parcours) -> dict[str, dict]:
    body = client.get(f"/api/v1/parcours/{parcours.pk}/").json()
    return {alert["code"]: alert for alert in body["alerts"]}


def fresh(world, structure=None, *, entry_days_ago=10, **kwargs) -> Parcours:
    structure = structure or world.ges
    actor = world.counsellor if structure == world.ges else world.other_counsellor
    return make_parcours(actor=actor, structure=structure, entry_days_ago=entry_days_ago, **kwargs)


def follow_up(parcours, author, at: dt.datetime) -> None:
    FollowUp.objects.create(parcours=parcours, created_by=author, kind="interview", occurred_at=at, duration_minutes=30)


def test_every_registered_rule_is_in_the_api_enum():
    assert set(alert_rules()) == set(ALERT_CODES)


def test_no_follow_up_for_30_days_and_logging_one_clears_it(world, client_for, clock):
    client = client_for(world.counsellor)
    quiet = fresh(world, entry_days_ago=40)
    new = fresh(world, entry_days_ago=20)
    assert alerts(client, quiet)["no_follow_up"]["due_date"] == "2026-11-17"  # entry + 30 days
    assert "no_follow_up" not in alerts(client, new)
    follow_up(quiet, world.counsellor, dt.datetime(2026, 10, 28, 10, 0, tzinfo=PARIS))  # 30 days ago
    assert alerts(client, quiet)["no_follow_up"]["due_date"] == "2026-11-27"
    response = client.post(
        "/api/v1/follow-ups/",
        {"parcours": quiet.pk, "kind": "call", "occurred_at": "2026-11-27T18:00", "duration_minutes": 15},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert "no_follow_up" not in alerts(client, quiet)


def test_no_follow_up_across_the_time_zone_boundary(world, client_for, clock):
    """Same local date and hour of the last interview; at this instant Réunion is on the 28th and
    Paris still on the 27th: only the Réunion parcours has gone 30 days without a follow-up."""
    lyon, reunion = fresh(world, entry_days_ago=60), fresh(world, world.aci, entry_days_ago=60)
    follow_up(lyon, world.counsellor, dt.datetime(2026, 10, 29, 10, 0, tzinfo=PARIS))
    follow_up(reunion, world.other_counsellor, dt.datetime(2026, 10, 29, 10, 0, tzinfo=REUNION))
    assert "no_follow_up" not in alerts(client_for(world.counsellor), lyon)
    assert alerts(client_for(world.other_counsellor), reunion)["no_follow_up"]["due_date"] == "2026-11-28"
    codes = {
        row["id"]: row["alerts"] for row in client_for(world.other_manager).get("/api/v1/parcours/").json()["results"]
    }
    assert [alert["code"] for alert in codes[reunion.pk]] == ["no_follow_up"]


def test_pass_iae_ending_within_90_days(world, client_for, clock):
    client = client_for(world.counsellor)
    soon, later = fresh(world), fresh(world)
    for parcours, days in ((soon, 89), (later, 91)):
        parcours.person.pass_iae_start = dt.date(2025, 1, 1)
        parcours.person.pass_iae_end = dt.date(2026, 11, 27) + dt.timedelta(days=days)
        parcours.person.save()
    alert = alerts(client, soon)["pass_iae_ending"]
    assert (alert["severity"], alert["due_date"]) == ("high", "2027-02-24")
    assert alert["action"].startswith("Demander la prolongation")
    assert "pass_iae_ending" not in alerts(client, later)


def test_pmsmp_ending_within_3_days_without_assessment(world, client_for, clock):
    client = client_for(world.counsellor)
    establishment = EstablishmentFactory(employer=world.employer)
    ending, later = fresh(world), fresh(world)
    for parcours, start_in_days in ((ending, -11), (later, -5)):
        placement = make_placement(
            actor=world.counsellor, parcours=parcours, establishment=establishment, start_in_days=start_in_days
        )
        fire_placement(placement, world.employer_contact, "confirm", "start")
    assert alerts(client, ending)["pmsmp_ending"]["due_date"] == "2026-11-29"  # started 16/11, 14 days
    assert "pmsmp_ending" not in alerts(client, later)


def test_placement_unanswered_for_more_than_3_working_days(world, client_for):
    establishment = EstablishmentFactory(employer=world.employer)
    waiting, recent = fresh(world), fresh(world)
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=PARIS), tick=False):  # Monday
        make_placement(actor=world.counsellor, parcours=waiting, establishment=establishment, start_in_days=20)
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS), tick=False):  # Tuesday
        make_placement(actor=world.counsellor, parcours=recent, establishment=establishment, start_in_days=20)
    client = client_for(world.counsellor)
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 0, tzinfo=PARIS), tick=False):  # Friday
        # Monday's proposal has waited Tuesday, Wednesday and Thursday: more than 3 working days.
        assert alerts(client, waiting)["placement_unanswered"]["due_date"] == "2026-11-27"
        assert "placement_unanswered" not in alerts(client, recent)  # Tuesday's: due on Monday 30
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0, tzinfo=PARIS), tick=False):
        assert alerts(client, recent)["placement_unanswered"]["due_date"] == "2026-11-30"
        placement = waiting.placements.get()
        fire_placement(placement, world.employer_contact, "confirm")
        assert "placement_unanswered" not in alerts(client, waiting)


def test_parcours_reaching_24_months(world, client_for, clock):
    client = client_for(world.counsellor)
    old = fresh(world, entry_days_ago=720)  # entered 07/12/2024: 24 months on 07/12/2026, within 30 days
    younger = fresh(world, entry_days_ago=650)
    assert alerts(client, old)["parcours_24_months"]["due_date"] == "2026-12-07"
    assert "parcours_24_months" not in alerts(client, younger)


def test_missed_appointment_until_a_follow_up_is_logged(world, client_for, clock):
    client = client_for(world.counsellor)
    parcours = fresh(world)
    follow_up(parcours, world.counsellor, dt.datetime(2026, 11, 20, 9, 0, tzinfo=PARIS))
    Appointment.objects.create(
        parcours=parcours,
        created_by=world.counsellor,
        kind="interview",
        starts_at=dt.datetime(2026, 11, 26, 14, 0, tzinfo=PARIS),
        attendance="no_show",
    )
    assert alerts(client, parcours)["appointment_missed"]["due_date"] == "2026-11-26"
    follow_up(parcours, world.counsellor, dt.datetime(2026, 11, 27, 11, 0, tzinfo=PARIS))
    assert "appointment_missed" not in alerts(client, parcours)


def test_overdue_action_until_it_is_updated(world, client_for, clock):
    client = client_for(world.counsellor)
    parcours = fresh(world)
    body = {"parcours": parcours.pk, "title": "Dossier CAF", "due_date": "2026-11-26", "owner": world.counsellor.pk}
    action = client.post("/api/v1/actions/", body, format="json").json()
    assert alerts(client, parcours)["action_overdue"]["due_date"] == "2026-11-26"
    client.patch(f"/api/v1/actions/{action['id']}/", {"status": "done", "version": 1}, format="json")
    assert "action_overdue" not in alerts(client, parcours)


def test_the_caseload_filters_and_counts_by_alert(world, client_for, clock):
    client = client_for(world.counsellor)
    quiet = fresh(world, entry_days_ago=40)
    follow_up(world.followed, world.counsellor, dt.datetime(2026, 11, 20, 9, 0, tzinfo=PARIS))
    listed = client.get("/api/v1/parcours/", {"alert": "no_follow_up"}).json()
    assert [row["id"] for row in listed["results"]] == [quiet.pk]
    counts = client.get("/api/v1/parcours/alert-counts/").json()
    assert counts["by_code"]["no_follow_up"] == 1 and counts["total"] == 1
    assert set(counts["by_code"]) == set(ALERT_CODES)
    assert client.get("/api/v1/parcours/", {"alert": "nonsense"}).status_code == 400


def test_several_alerts_filter_and_count_each_in_the_users_scope(world, client_for, clock):
    """Alerts come back from SQL as one bit mask per row: each code keeps its own bit in the
    filter (any of the codes asked for) and in the counts (a parcours with two alerts counts once
    in the total)."""
    client = client_for(world.counsellor)
    quiet = fresh(world, entry_days_ago=40)  # no follow-up
    both = fresh(world, entry_days_ago=40)  # no follow-up and an overdue action
    both.actions.create(
        title="Dossier CAF", due_date=dt.date(2026, 11, 20), owner=world.counsellor, created_by=world.counsellor
    )
    overdue = fresh(world)
    follow_up(overdue, world.counsellor, dt.datetime(2026, 11, 20, 9, 0, tzinfo=PARIS))
    overdue.actions.create(
        title="CV", due_date=dt.date(2026, 11, 2), owner=world.counsellor, created_by=world.counsellor
    )
    fresh(world, world.aci, entry_days_ago=40)  # quiet too, but another counsellor's
    follow_up(world.followed, world.counsellor, dt.datetime(2026, 11, 20, 9, 0, tzinfo=PARIS))

    def listed(*codes):
        body = client.get("/api/v1/parcours/", {"alert": list(codes), "page_size": 100}).json()
        return {row["id"] for row in body["results"]}

    assert listed("no_follow_up") == {quiet.pk, both.pk}
    assert listed("action_overdue") == {both.pk, overdue.pk}
    assert listed("no_follow_up", "action_overdue") == {quiet.pk, both.pk, overdue.pk}
    row = next(r for r in client.get("/api/v1/parcours/", {"page_size": 100}).json()["results"] if r["id"] == both.pk)
    assert [alert["code"] for alert in row["alerts"]] == ["no_follow_up", "action_overdue"]
    counts = client.get("/api/v1/parcours/alert-counts/").json()
    assert counts["by_code"]["no_follow_up"] == 2 and counts["by_code"]["action_overdue"] == 2
    assert counts["total"] == len(listed(*ALERT_CODES))
    assert counts["total"] >= 3
    # The counts follow the list's filters.
    narrowed = client.get("/api/v1/parcours/alert-counts/", {"alert": ["action_overdue"]}).json()
    assert narrowed["total"] == 2 and narrowed["by_code"]["action_overdue"] == 2


def test_each_fact_is_read_once_per_row_in_the_alert_mask(world, clock):
    """The rules read their facts from one derived table per row: however many rules and time
    zones, the follow-ups' subquery appears once for the mask and once for the fact shown."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from parcours.selectors import parcours_page

    fresh(world, entry_days_ago=40)
    with CaptureQueriesContext(connection) as queries:
        parcours_page(user=world.counsellor, ids=[world.followed.pk])
    page = next(q["sql"] for q in queries.captured_queries if "parcours_followup" in q["sql"])
    assert page.count("parcours_followup") == 2
    assert page.count("parcours_appointment") == 2


def test_a_closed_parcours_has_no_alert(world, client_for, clock):
    client = client_for(world.counsellor)
    quiet = fresh(world, entry_days_ago=40)
    response = client.post(
        f"/api/v1/parcours/{quiet.pk}/transitions/exit/",
        {"exit_reason": "chomage", "exit_date": "2026-11-27"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert alerts(client, quiet) == {}


@pytest.mark.django_db
def test_the_alert_conditions_have_one_branch_per_time_zone_not_per_structure(world):
    from parcours.alerts import structure_zones
    from tests.factories import OrganisationFactory

    # The world's two structures plus three more: five structures, two zones.
    for name in ("ACI Lyon Est", "ACI Saint-Pierre", "ACI Villeurbanne"):
        zone = "Indian/Reunion" if "Saint" in name else "Europe/Paris"
        OrganisationFactory(name=name, structure_type="ACI", time_zone=zone)
    assert sorted(structure_zones()) == ["Europe/Paris", "Indian/Reunion"]


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_jit_is_off_for_the_app():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
