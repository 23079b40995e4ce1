"""The attendance sheet (feuille d'émargement): one day, every person accepted or in training,
saved all at once by the training body's trainers; nobody else sees it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEntry, Event
from tests.factories import make_parcours
from tests.trainings.conftest import apply, fire_enrolment, make_session
from trainings.models import AttendanceRecord, Enrolment, EnrolmentEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(world, campus, client_for):
    """world.followed accepted, world.unfollowed in training, in campus.session (started a week ago)."""
    manager, trainer = client_for(world.manager), client_for(campus.trainer)
    accepted = apply(manager, world.followed, campus.session).json()["id"]
    attending = apply(manager, world.unfollowed, campus.session).json()["id"]
    for enrolment in (accepted, attending):
        assert fire_enrolment(trainer, enrolment, "accept").status_code == 200
    assert fire_enrolment(trainer, attending, "attend").status_code == 200
    return {
        "accepted": accepted,
        "attending": attending,
        "url": f"/api/v1/training-sessions/{campus.session.pk}/attendance/",
    }


def put(client, url, date, *records):
    body = {"date": date.isoformat(), "records": [{"enrolment": e, "status": s} for e, s in records]}
    return client.put(url, body, format="json")


def test_the_trainer_takes_the_days_attendance(world, campus, client_for, sheet):
    trainer = client_for(campus.trainer)
    today = world.training_body.today()
    body = trainer.get(sheet["url"]).json()
    assert (body["date"], body["editable"]) == (today.isoformat(), True)
    assert {row["enrolment"]: (row["state"], row["status"], row["editable"]) for row in body["rows"]} == {
        sheet["accepted"]: ("accepted", None, True),
        sheet["attending"]: ("attending", None, True),
    }
    assert set(body["rows"][0]["person"]) == {"first_name", "last_name"}

    response = put(trainer, sheet["url"], today, (sheet["accepted"], "present"), (sheet["attending"], "absent"))
    assert response.status_code == 200, response.json()
    assert {row["enrolment"]: row["status"] for row in response.json()["rows"]} == {
        sheet["accepted"]: "present",
        sheet["attending"]: "absent",
    }
    # Present on the sheet is the entry into training, logged as the trainer's.
    assert Enrolment.objects.get(pk=sheet["accepted"]).state == "attending"
    attend = EnrolmentEvent.objects.get(enrolment_id=sheet["accepted"], name="attend")
    assert attend.actor == campus.trainer
    assert attend.comment == f"Présent·e le {today:%d/%m/%Y}"

    # Saving the day again corrects it, without a second line.
    assert put(trainer, sheet["url"], today, (sheet["attending"], "excused")).status_code == 200
    assert AttendanceRecord.objects.filter(date=today).count() == 2
    assert AttendanceRecord.objects.get(enrolment_id=sheet["attending"]).status == "excused"

    # Another day, then the counsellor reads the counts on the enrolment.
    yesterday = today - dt.timedelta(days=1)
    assert put(trainer, sheet["url"], yesterday, (sheet["attending"], "present")).status_code == 200
    rows = trainer.get(sheet["url"], {"date": yesterday.isoformat()}).json()["rows"]
    assert {row["enrolment"]: row["status"] for row in rows} == {sheet["accepted"]: None, sheet["attending"]: "present"}
    counts = client_for(world.counsellor2).get(f"/api/v1/enrolments/{sheet['attending']}/").json()["attendance"]
    assert counts == {"present": 1, "absent": 0, "excused": 1}


def test_one_bad_line_saves_nothing(world, campus, client_for, sheet):
    trainer = client_for(campus.trainer)
    applied_only = apply(
        client_for(world.manager), make_parcours(actor=world.counsellor, structure=world.ges), campus.session
    )
    elsewhere = apply(client_for(world.counsellor), world.followed, campus.other_session)
    today = world.training_body.today()
    for stranger in (applied_only.json()["id"], elsewhere.json()["id"], 10**12):
        response = put(trainer, sheet["url"], today, (sheet["accepted"], "present"), (stranger, "present"))
        assert response.status_code == 400, response.json()
        assert response.json()["code"] == "not_on_attendance_sheet"
        assert str(stranger) in response.json()["errors"]["records"][0]
    assert not AttendanceRecord.objects.exists()
    assert Enrolment.objects.get(pk=sheet["accepted"]).state == "accepted"  # the attend was rolled back too
    assert not EnrolmentEvent.objects.filter(name="attend", enrolment_id=sheet["accepted"]).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "date"),
        ({"date": "2026-13-01", "records": [{"enrolment": 1, "status": "present"}]}, "date"),
        ({"date": "2026-01-01", "records": []}, "records"),
        ({"date": "2026-01-01", "records": "present"}, "records"),
        ({"date": "2026-01-01", "records": [{"enrolment": "abc", "status": "present"}]}, "records"),
        ({"date": "2026-01-01", "records": [{"enrolment": 1, "status": "late"}]}, "records"),
        ({"date": "2026-01-01", "records": [{"enrolment": 1, "status": "present"}] * 2}, "records"),
    ],
)
def test_bad_sheets_are_400_with_the_field(world, campus, client_for, sheet, body, field):
    response = client_for(campus.trainer).put(sheet["url"], body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]


def test_the_sheet_is_kept_within_the_session_and_not_ahead(world, campus, client_for, sheet):
    trainer = client_for(campus.trainer)
    today = world.training_body.today()
    for day in (today + dt.timedelta(days=1), campus.session.start_date - dt.timedelta(days=1)):
        response = put(trainer, sheet["url"], day, (sheet["accepted"], "present"))
        assert response.status_code == 400, response.json()
        assert response.json()["code"] == "attendance_date"
        assert trainer.get(sheet["url"], {"date": day.isoformat()}).json()["editable"] is False
    assert trainer.get(sheet["url"], {"date": "soon"}).json()["errors"]["date"]
    later = make_session(training=campus.training, training_body=world.training_body, start_in_days=3)
    response = put(trainer, f"/api/v1/training-sessions/{later.pk}/attendance/", today, (sheet["accepted"], "present"))
    assert response.json()["errors"]["date"] == [
        f"La session commence le {later.start_date:%d/%m/%Y} : pas encore de feuille de présence."
    ]
    assert not AttendanceRecord.objects.exists()


def test_a_past_day_still_lists_who_has_since_left(world, campus, client_for, sheet):
    trainer = client_for(campus.trainer)
    yesterday = world.training_body.today() - dt.timedelta(days=1)
    assert put(trainer, sheet["url"], yesterday, (sheet["attending"], "present")).status_code == 200
    assert fire_enrolment(trainer, sheet["attending"], "drop").status_code == 200
    rows = {row["enrolment"]: row for row in trainer.get(sheet["url"], {"date": yesterday.isoformat()}).json()["rows"]}
    assert (rows[sheet["attending"]]["status"], rows[sheet["attending"]]["editable"]) == ("present", False)
    today_rows = trainer.get(sheet["url"]).json()["rows"]
    assert [row["enrolment"] for row in today_rows] == [sheet["accepted"]]
    response = put(trainer, sheet["url"], yesterday, (sheet["attending"], "absent"))
    assert response.status_code == 400  # a dropped enrolment is no longer on the sheet


@pytest.mark.parametrize("role", ["counsellor", "manager", "employer_contact", "analyst", "other_trainer"])
def test_only_the_training_bodys_trainers_see_the_sheet(world, campus, client_for, sheet, role):
    user = campus.other_trainer if role == "other_trainer" else getattr(world, role)
    client = client_for(user)
    assert client.get(sheet["url"]).status_code == 404
    today = world.training_body.today()
    assert put(client, sheet["url"], today, (sheet["accepted"], "present")).status_code == 404
    assert not AttendanceRecord.objects.exists()
    for bad in ("abc", "0", str(10**30)):
        assert client_for(campus.trainer).get(f"/api/v1/training-sessions/{bad}/attendance/").status_code == 404


def test_the_sheet_costs_the_same_queries_for_2_or_12_people(world, campus, client_for, sheet):
    trainer = client_for(campus.trainer)
    campus.session.capacity = 20
    campus.session.save()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert trainer.get(sheet["url"]).status_code == 200
        return len(queries)

    count()  # warm the per-process caches (permission ids...)
    before = count()
    for _ in range(10):
        parcours = make_parcours(actor=world.counsellor, structure=world.ges)
        enrolment = apply(client_for(world.counsellor), parcours, campus.session).json()["id"]
        assert fire_enrolment(trainer, enrolment, "accept").status_code == 200
    assert len(trainer.get(sheet["url"]).json()["rows"]) == 12
    assert count() == before


def test_an_attendance_sheet_is_recorded_per_enrolment_with_old_and_new_status(world, campus, client_for, sheet):
    trainer = client_for(campus.trainer)
    today = world.training_body.today()
    assert put(trainer, sheet["url"], today, (sheet["attending"], "absent")).status_code == 200
    assert put(trainer, sheet["url"], today, (sheet["attending"], "excused")).status_code == 200
    entries = list(
        AuditEntry.objects.filter(event=Event.UPDATE, additional_data__attendance_date=today.isoformat()).order_by("pk")
    )
    assert [e.changes["attendance"] for e in entries] == [[None, "absent"], ["absent", "excused"]]
    assert {(e.actor, e.parcours_id, e.object_pk) for e in entries} == {
        (campus.trainer, world.unfollowed.pk, str(sheet["attending"]))
    }
