"""Retention: who is anonymised, what it removes, what it keeps (the indicators do not change),
the dry run, and what managers see coming due."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from audit.models import AuditEntry, Event
from parcours.models import Action, Barrier, BarrierType, ExitReason, FollowUp, Parcours, Person, PhaseTransition
from parcours.services import parcours_fire_transition
from privacy.retention import due_persons, retention_job
from tests.factories import make_parcours

pytestmark = pytest.mark.django_db

UTC = dt.UTC
PERIOD = {"from": "2023-01-01", "to": "2024-12-31"}  # whole months: figures must not move


def _at(year, month, day):
    return time_machine.travel(dt.datetime(year, month, day, 9, 30, tzinfo=UTC), tick=False)


def _file(world, *, entered: tuple, exited: tuple, category: str = "emploi_durable", note: str = "Note factuelle"):
    """A parcours entered and exited on those dates, with a follow-up, a barrier and an action."""
    with _at(*entered):
        parcours = make_parcours(
            actor=world.counsellor, structure=world.ges, programme=world.programme, entry_days_ago=0
        )
        person = parcours.person
        Person.objects.filter(pk=person.pk).update(email="jeanne@example.org", phone="0601020304", city="Lyon")
        FollowUp.objects.create(
            parcours=parcours,
            kind="interview",
            occurred_at=dt.datetime(*entered, 10, tzinfo=UTC),
            duration_minutes=45,
            note=note,
            created_by=world.counsellor,
        )
        Barrier.objects.create(
            parcours=parcours,
            type=BarrierType.objects.order_by("code").first(),
            support="external",
            support_by="Association du quartier",
            identified_on=dt.date(*entered),
            created_by=world.counsellor,
        )
        Action.objects.create(
            parcours=parcours,
            title="Appeler le bailleur",
            due_date=dt.date(*entered),
            owner=world.counsellor,
            created_by=world.counsellor,
        )
    with _at(*exited):
        parcours.refresh_from_db()
        parcours_fire_transition(
            actor=world.counsellor,
            parcours=parcours,
            name="exit",
            data={
                "exit_date": dt.date(*exited),
                "exit_reason": ExitReason.objects.filter(category_id=category).first(),
                "comment": "Sortie vers un CDI chez un employeur du quartier",
            },
        )
    parcours.refresh_from_db()
    return parcours


def _figures(client):
    bodies = []
    for path in ("summary", "timeseries", "funnel"):
        response = client.get(f"/api/v1/outcomes/{path}/", PERIOD)
        assert response.status_code == 200, response.json()
        body = response.json()
        body.pop("generated_at", None)
        bodies.append(body)
    return bodies


@pytest.fixture
def files(world):
    return {
        "due": _file(world, entered=(2023, 3, 14), exited=(2024, 5, 21)),
        "due_too": _file(world, entered=(2023, 6, 2), exited=(2024, 2, 9), category="retrait"),
        "recent_exit": _file(world, entered=(2024, 1, 8), exited=(2025, 6, 30)),
    }


def test_due_are_those_exited_long_ago_without_activity_since(world, files):
    with _at(2025, 9, 1):  # someone logs a follow-up on an old file: it is active again
        FollowUp.objects.create(
            parcours=files["due_too"],
            kind="call",
            occurred_at=dt.datetime(2025, 9, 1, 10, tzinfo=UTC),
            duration_minutes=5,
            created_by=world.counsellor,
        )
    due = list(due_persons(now=dt.datetime(2026, 11, 28, 12, tzinfo=UTC)))
    assert due == [files["due"].person]
    # Open parcours (the world's) are never due.
    assert world.followed.person not in due


def test_anonymisation_removes_identity_notes_and_free_text_and_keeps_the_figures(world, files, client_for):
    manager, analyst = client_for(world.manager), client_for(world.analyst)
    before = _figures(manager), _figures(analyst)
    parcours = files["due"]
    person_id = parcours.person_id

    summary = retention_job(now=dt.datetime(2026, 11, 28, 12, tzinfo=UTC))
    assert summary == "2 personne(s) anonymisée(s)"

    person = Person.objects.get(pk=person_id)
    assert (person.first_name, person.last_name, person.birth_date) == ("Personne", "anonymisée", None)
    assert (person.email, person.phone, person.city, person.pass_iae_number) == ("", "", "", "")
    assert person.anonymised_at is not None
    parcours.refresh_from_db()
    assert (parcours.entry_date, parcours.exit_date) == (dt.date(2023, 3, 1), dt.date(2024, 5, 1))
    assert parcours.length_days == (dt.date(2024, 5, 21) - dt.date(2023, 3, 14)).days
    assert parcours.exit_comment == ""
    assert parcours.exit_reason.category_id == "emploi_durable" and parcours.programme == world.programme
    assert FollowUp.objects.get(parcours=parcours).note == ""
    assert FollowUp.objects.get(parcours=parcours).occurred_at.day == 1
    assert Barrier.objects.get(parcours=parcours).support_by == ""
    assert Action.objects.get(parcours=parcours).title == ""
    exit_log = PhaseTransition.objects.get(parcours=parcours, name="exit")
    assert exit_log.comment == "" and exit_log.effective_date == dt.date(2024, 5, 1)
    # Nothing identifying is left anywhere about the person, the audit trail included.
    for text in ("jeanne@example.org", "0601020304", "Note factuelle", "Association du quartier", "bailleur"):
        assert not AuditEntry.objects.filter(changes__icontains=text).exists()
    [entry] = AuditEntry.objects.filter(event=Event.ANONYMISE, person_id=person_id)
    assert entry.actor is None and entry.structure_id == world.ges.pk

    # The dashboards give the same figures before and after, for a manager and an analyst.
    assert (_figures(manager), _figures(analyst)) == before
    # Run again: nothing more to do.
    assert retention_job(now=dt.datetime(2026, 11, 28, 12, tzinfo=UTC)) == "0 personne(s) anonymisée(s)"
    assert Parcours.objects.get(pk=files["recent_exit"].pk).exit_date == dt.date(2025, 6, 30)


def test_the_dry_run_lists_and_changes_nothing(world, files):
    out = io.StringIO()
    with _at(2026, 11, 28):
        call_command("daily", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "retention : 2 personne(s) seraient anonymisées" in text
    assert f"personne n° {files['due'].person_id} " in text and "dernière sortie le 21/05/2024" in text
    assert "alert_digest : pas de simulation possible, non lancée" in text
    assert not Person.objects.filter(anonymised_at__isnull=False).exists()
    assert not AuditEntry.objects.filter(event=Event.ANONYMISE).exists()


def test_the_daily_command_anonymises(world, files):
    out = io.StringIO()
    with _at(2026, 11, 28):
        call_command("daily", "--only", "retention", stdout=out)
    assert "retention : 2 personne(s) anonymisée(s)" in out.getvalue()
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 2


def test_managers_see_what_is_coming_due(world, files, client_for):
    with _at(2026, 11, 28):
        response = client_for(world.manager).get("/api/v1/retention/due/", {"within_days": 365})
    assert response.status_code == 200, response.json()
    rows = response.json()["results"]
    assert [row["person"]["id"] for row in rows] == [
        files["due_too"].person_id,
        files["due"].person_id,
        files["recent_exit"].person_id,
    ]
    assert rows[2]["due_on"] == "2027-06-30" and rows[2]["last_exit"] == "2025-06-30"
    with _at(2026, 11, 28):
        now_only = client_for(world.manager).get("/api/v1/retention/due/").json()["results"]
        other = client_for(world.other_manager).get("/api/v1/retention/due/", {"within_days": 365}).json()
    assert len(now_only) == 2
    assert other["results"] == []


@pytest.mark.parametrize("role", ["counsellor", "employer_contact", "trainer", "analyst"])
def test_only_managers_see_what_is_coming_due(world, client_for, role):
    assert client_for(getattr(world, role)).get("/api/v1/retention/due/").status_code == 403


def test_a_bad_horizon_is_a_400(world, client_for):
    response = client_for(world.manager).get("/api/v1/retention/due/", {"within_days": "demain"})
    assert response.status_code == 400
    assert "within_days" in response.json()["errors"]
