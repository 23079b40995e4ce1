"""The daily command and the VAE rule "silence vaut acceptation" (DESIGN §4): a feasibility file
the certifier has not answered within 2 months is admissible; the system decides and logs it
without an actor; running the command again changes nothing."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from notifications.models import Notification
from tests.trainings.conftest import fire_vae, open_vae
from trainings.models import VaeApplication, VaeEvent

pytestmark = pytest.mark.django_db

SUBMITTED = dt.datetime(2026, 1, 12, 9, tzinfo=dt.UTC)  # feasibility filed on 12/01/2026


def at(day: dt.date, hour: int = 3):
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC), tick=False)


def daily(*args) -> str:
    out = StringIO()
    call_command("daily", *args, stdout=out)
    return out.getvalue()


def submitted(world, client, parcours=None, state_after=None):
    with time_machine.travel(SUBMITTED, tick=False):
        response = open_vae(client, parcours or world.followed)
        assert response.status_code == 201, response.json()
        application_id = response.json()["id"]
        response = fire_vae(client, application_id, "submit_feasibility", certifier="DREETS")
        assert response.status_code == 200, response.json()
        if state_after:
            assert fire_vae(client, application_id, state_after).status_code == 200
    return application_id


def state(application_id):
    return VaeApplication.objects.get(pk=application_id).state


def test_two_months_of_silence_make_the_feasibility_admissible(world, campus, client_for):
    counsellor = client_for(world.counsellor)
    application_id = submitted(world, counsellor)

    with at(dt.date(2026, 3, 11), hour=20):  # one day short of 2 months (still 11/03 in Paris)
        output = daily()
    assert "vae_silence_rule : 0 demande(s)" in output
    assert state(application_id) == "feasibility_submitted"
    assert not VaeEvent.objects.filter(application_id=application_id, name="declare_admissible").exists()

    with at(dt.date(2026, 3, 12)):
        output = daily()
    assert (
        "vae_silence_rule : 1 demande(s) de VAE déclarée(s) recevable(s) par silence du certificateur"
        in output.splitlines()
    )
    application = VaeApplication.objects.get(pk=application_id)
    assert (application.state, application.admissible_by_silence) == ("admissible", True)
    assert application.admissibility_decided_on == dt.date(2026, 3, 12)
    event = VaeEvent.objects.get(application=application, name="declare_admissible")
    assert event.actor is None
    assert event.details == {"rule": "silence_vaut_acceptation"}
    assert (event.source, event.target, event.effective_date) == (
        "feasibility_submitted",
        "admissible",
        dt.date(2026, 3, 12),
    )
    assert "2 mois" in event.comment
    # The referent is told.
    assert Notification.objects.filter(user=world.counsellor, kind="vae_admissible_by_silence").count() == 1

    # Read through the API: the step shows no actor, the flag is set, start_vae may rely on it.
    with at(dt.date(2026, 3, 12), hour=9):
        body = counsellor.get(f"/api/v1/vae-applications/{application_id}/").json()
    assert (body["state"], body["admissible_by_silence"]) == ("admissible", True)
    step = body["steps"][-1]
    assert (step["name"], step["actor"], step["details"]) == (
        "declare_admissible",
        None,
        {"rule": "silence_vaut_acceptation"},
    )

    # Run again, the same day and later: nothing more happens.
    counts = (
        VaeEvent.objects.count(),
        Notification.objects.count(),
        VaeApplication.objects.get(pk=application_id).version,
    )
    for day in (dt.date(2026, 3, 12), dt.date(2026, 6, 1)):
        with at(day):
            assert "vae_silence_rule : 0 demande(s)" in daily()
    assert (
        VaeEvent.objects.count(),
        Notification.objects.count(),
        VaeApplication.objects.get(pk=application_id).version,
    ) == counts
    assert VaeEvent.objects.filter(application_id=application_id, name="declare_admissible").count() == 1


def test_late_run_dates_the_decision_at_the_deadline(world, campus, client_for):
    application_id = submitted(world, client_for(world.counsellor))
    with at(dt.date(2026, 5, 2)):  # the job did not run for weeks
        daily("--only", "vae_silence_rule")
    application = VaeApplication.objects.get(pk=application_id)
    assert (application.state, application.admissibility_decided_on) == ("admissible", dt.date(2026, 3, 12))


def test_an_answer_before_the_deadline_is_left_alone(world, campus, client_for):
    manager = client_for(world.manager)
    refused = submitted(world, manager, state_after="declare_not_admissible")
    accepted = submitted(world, manager, parcours=world.unfollowed, state_after="declare_admissible")
    events = VaeEvent.objects.count()
    with at(dt.date(2026, 4, 1)):
        assert "0 demande(s)" in daily()
    assert (state(refused), state(accepted)) == ("not_admissible", "admissible")
    assert not VaeApplication.objects.filter(admissible_by_silence=True).exists()
    assert VaeEvent.objects.count() == events


def test_only_due_files_and_only_them_are_decided(world, campus, client_for):
    manager = client_for(world.manager)
    due = submitted(world, manager)
    with time_machine.travel(SUBMITTED + dt.timedelta(days=20), tick=False):
        response = open_vae(manager, world.unfollowed)
        later = response.json()["id"]
        assert fire_vae(manager, later, "submit_feasibility").status_code == 200
    project = open_vae(client_for(world.other_counsellor), world.foreign).json()["id"]
    with at(dt.date(2026, 3, 20)):
        assert "1 demande(s)" in daily()
    assert (state(due), state(later), state(project)) == ("admissible", "feasibility_submitted", "project")
    with at(dt.date(2026, 4, 1)):
        assert "1 demande(s)" in daily()
    assert state(later) == "admissible"


def test_the_deadline_follows_the_structure_calendar(world, campus, client_for):
    """Réunion is 3 hours ahead of Paris in winter: at 22:00 UTC on 11/03 it is already 12/03 there."""
    reunion = submitted(world, client_for(world.other_counsellor), parcours=world.foreign)
    lyon = submitted(world, client_for(world.counsellor))
    with at(dt.date(2026, 3, 11), hour=21):
        daily()
    assert (state(reunion), state(lyon)) == ("admissible", "feasibility_submitted")
    assert VaeApplication.objects.get(pk=reunion).admissibility_decided_on == dt.date(2026, 3, 12)


def test_month_end_deadline(world, campus, client_for):
    counsellor = client_for(world.counsellor)
    with time_machine.travel(dt.datetime(2025, 12, 31, 9, tzinfo=dt.UTC), tick=False):
        application_id = open_vae(counsellor, world.followed).json()["id"]
        assert fire_vae(counsellor, application_id, "submit_feasibility").status_code == 200
    with at(dt.date(2026, 2, 27)):
        daily()
    assert state(application_id) == "feasibility_submitted"
    with at(dt.date(2026, 2, 28)):
        daily()
    assert state(application_id) == "admissible"


def test_unknown_rule_is_a_command_error(world):
    with pytest.raises(CommandError, match="inconnue"):
        daily("--only", "unknown")
    with pytest.raises(CommandError):
        daily("--only", "vae_silence_rule", "--only", "nope")


def test_only_the_named_rule_runs(world, campus, client_for):
    submitted(world, client_for(world.counsellor))
    with at(dt.date(2026, 3, 12)):
        output = daily("--only", "vae_silence_rule")
    assert output.startswith("vae_silence_rule : 1 demande(s)")
