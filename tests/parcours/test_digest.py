"""The daily alert digest (``manage.py daily --only alert_digest``), under a frozen clock: each
counsellor gets one message listing the new alerts of the parcours they follow, never one per
alert; a second run the same day sends nothing; an alert that clears and comes back is announced
again; the notification preferences switch it off."""

import datetime as dt
import zoneinfo
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification, NotificationPreference
from parcours.models import Action, AlertNotice, Appointment, ExitReason, FollowUp, Parcours
from parcours.services import parcours_fire_transition
from tests.factories import make_parcours, make_person

pytestmark = pytest.mark.django_db

# Friday 27 November 2026, 09:00 in Paris, 12:00 in Réunion.
NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)
PARIS, REUNION = zoneinfo.ZoneInfo("Europe/Paris"), zoneinfo.ZoneInfo("Indian/Reunion")


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def scene(clock, world):
    """The World's three parcours, seen yesterday: no alert on them."""
    for parcours in (world.followed, world.unfollowed, world.foreign):
        follow_up(parcours, NOW - dt.timedelta(days=1))
    return world


@pytest.fixture
def run(mailoutbox, django_capture_on_commit_callbacks):
    def run() -> str:
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("daily", "--only", "alert_digest", stdout=out)
        return out.getvalue()

    return run


def follow_up(parcours, at: dt.datetime) -> FollowUp:
    return FollowUp.objects.create(
        parcours=parcours, created_by=parcours.referent, kind="call", occurred_at=at, duration_minutes=15
    )


def quiet(world, *, structure=None, entry_days_ago=10, actor=None, **kwargs) -> Parcours:
    """A parcours with no alert (entered 10 days ago, PASS IAE far from its end)."""
    structure = structure or world.ges
    actor = actor or (world.counsellor if structure == world.ges else world.other_counsellor)
    today = structure.today()
    person = make_person(
        actor=actor,
        structure=structure,
        pass_iae_start=today - dt.timedelta(days=entry_days_ago),
        pass_iae_end=today + dt.timedelta(days=500),
        **kwargs,
    )
    return make_parcours(actor=actor, structure=structure, person=person, entry_days_ago=entry_days_ago)


def overdue_action(parcours, days=2) -> Action:
    return Action.objects.create(
        parcours=parcours,
        created_by=parcours.referent,
        owner=parcours.referent,
        title="Déposer le dossier de mutuelle",
        due_date=parcours.structure.today() - dt.timedelta(days=days),
    )


def pass_ending(parcours, in_days=60) -> None:
    person = parcours.person
    person.pass_iae_end = parcours.structure.today() + dt.timedelta(days=in_days)
    person.save(update_fields=["pass_iae_end"])


def to(mailoutbox, user) -> list:
    return [message for message in mailoutbox if message.to == [user.email]]


def notices() -> set[tuple[int, str]]:
    return set(AlertNotice.objects.values_list("parcours_id", "code"))


def test_one_digest_per_counsellor_listing_all_their_new_alerts(scene, run, mailoutbox):
    world = scene
    silent = quiet(world, entry_days_ago=40, first_name="Awa", last_name="Bah")  # no follow-up for 40 days
    overdue_action(silent)
    ending = quiet(world, first_name="Zoé", last_name="Martin")
    pass_ending(ending)

    output = run()

    assert output.strip() == (
        "alert_digest : 3 nouvelle(s) alerte(s), 1 récapitulatif(s) envoyé(s), 0 alerte(s) levée(s)"
    )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [world.counsellor.email]
    assert message.subject == "Récapitulatif quotidien : 3 nouvelles alertes"
    body = message.body
    # Grouped by person, in name order, each alert with its due date and what to do.
    assert body.index("Awa Bah") < body.index("Aucun suivi depuis 30 jours") < body.index("Zoé Martin")
    assert "- Aucun suivi depuis 30 jours (échéance : 17/11/2026). À faire : Faire un entretien" in body
    assert "- Une action du plan est en retard (échéance : 25/11/2026)." in body
    assert "- Le PASS IAE se termine dans moins de 90 jours (échéance : 26/01/2027)." in body
    assert body.count("\n- ") == 3
    assert "Déposer le dossier" not in body  # the action's title stays on the parcours page
    assert body.rstrip().endswith("préférences de notification : http://localhost:8000/mes-notifications")
    row = Notification.objects.get(user=world.counsellor)
    assert (row.kind, row.title, row.link) == ("alert_digest", message.subject, "/accueil")
    assert row.body in body
    assert Notification.objects.count() == 1
    assert notices() == {
        (silent.pk, "no_follow_up"),
        (silent.pk, "action_overdue"),
        (ending.pk, "pass_iae_ending"),
    }

    # A second run the same day finds nothing new.
    assert "0 nouvelle(s) alerte(s), 0 récapitulatif(s)" in run()
    assert len(mailoutbox) == 1
    assert Notification.objects.count() == 1


def test_each_counsellor_gets_their_own_co_referents_too_managers_not(scene, run, mailoutbox):
    world = scene
    mine = quiet(world, entry_days_ago=40, last_name="Mienne")
    theirs = quiet(world, actor=world.counsellor2, entry_days_ago=40, last_name="Sienne")
    shared = quiet(world, actor=world.counsellor2, last_name="Partagée")
    shared.co_referents.add(world.counsellor)  # followers are read from the parcours, not the permissions
    overdue_action(shared)
    foreign = quiet(world, structure=world.aci, entry_days_ago=40, last_name="Lointaine")

    run()

    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [world.counsellor.email, world.counsellor2.email, world.other_counsellor.email]
    )
    (first,) = to(mailoutbox, world.counsellor)
    assert "Mienne" in first.body and "Partagée" in first.body and "Sienne" not in first.body
    (second,) = to(mailoutbox, world.counsellor2)
    assert "Sienne" in second.body and "Partagée" in second.body and "Mienne" not in second.body
    (third,) = to(mailoutbox, world.other_counsellor)
    assert "Lointaine" in third.body and "Mienne" not in third.body
    assert not Notification.objects.filter(user__in=[world.manager, world.other_manager]).exists()
    assert len(notices()) == 4
    assert {parcours for parcours, _ in notices()} == {mine.pk, theirs.pk, shared.pk, foreign.pk}


def test_a_co_referent_who_left_the_structure_is_not_told(scene, run, mailoutbox):
    world = scene
    shared = quiet(world, entry_days_ago=40)
    shared.co_referents.add(world.other_counsellor)  # a counsellor of the ACI only
    run()
    assert [message.to for message in mailoutbox] == [[world.counsellor.email]]


def test_next_day_only_the_newly_raised_alerts(scene, clock, run, mailoutbox):
    world = scene
    old = quiet(world, entry_days_ago=40, last_name="Ancienne")
    soon = quiet(world, last_name="Nouvelle")
    overdue_action(soon, days=0)  # due today: late tomorrow
    run()
    assert len(mailoutbox) == 1 and "Nouvelle" not in mailoutbox[0].body

    clock.move_to(NOW + dt.timedelta(days=1))
    assert "1 nouvelle(s) alerte(s), 1 récapitulatif(s)" in run()
    assert len(mailoutbox) == 2
    body = mailoutbox[1].body
    assert mailoutbox[1].subject == "Récapitulatif quotidien : 1 nouvelle alerte"
    assert "Nouvelle" in body and "Une action du plan est en retard" in body
    assert "Ancienne" not in body and "Aucun suivi" not in body
    assert notices() == {(old.pk, "no_follow_up"), (soon.pk, "action_overdue")}


def test_an_alert_that_clears_and_comes_back_is_announced_again(scene, clock, run, mailoutbox):
    world = scene
    parcours = quiet(world, last_name="Revenue")
    follow_up(parcours, NOW - dt.timedelta(days=3))
    Appointment.objects.create(
        parcours=parcours,
        created_by=world.counsellor,
        kind="interview",
        starts_at=NOW - dt.timedelta(days=2),
        attendance="no_show",
    )
    run()
    assert notices() == {(parcours.pk, "appointment_missed")}

    clock.move_to(NOW + dt.timedelta(days=1))
    follow_up(parcours, NOW + dt.timedelta(hours=20))  # called back: the alert clears
    assert "0 nouvelle(s) alerte(s), 0 récapitulatif(s) envoyé(s), 1 alerte(s) levée(s)" in run()
    assert notices() == set()

    clock.move_to(NOW + dt.timedelta(days=3))
    Appointment.objects.create(
        parcours=parcours,
        created_by=world.counsellor,
        kind="interview",
        starts_at=NOW + dt.timedelta(days=2, hours=2),
        attendance="no_show",
    )
    run()
    assert len(mailoutbox) == 2
    assert "Un rendez-vous a été manqué (échéance : 29/11/2026)" in mailoutbox[1].body
    assert notices() == {(parcours.pk, "appointment_missed")}


def test_preferences_switch_the_digest_off(scene, run, mailoutbox, client_for):
    world = scene
    quiet(world, entry_days_ago=40)
    quiet(world, actor=world.counsellor2, entry_days_ago=40)
    client = client_for(world.counsellor)
    preferences = client.get("/api/v1/notifications/preferences/").json()
    assert preferences["alert_digest"] == {"email": True, "in_app": True}
    response = client.patch("/api/v1/notifications/preferences/", {"alert_digest": {"email": False}}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["alert_digest"] == {"email": False, "in_app": True}
    NotificationPreference.objects.create(user=world.counsellor2, kind="alert_digest", email=False, in_app=False)

    run()

    assert mailoutbox == []
    assert list(Notification.objects.values_list("user", "kind")) == [(world.counsellor.pk, "alert_digest")]
    assert len(notices()) == 2  # announced all the same: switching back on does not replay them


def test_inactive_users_and_exited_parcours_get_nothing(scene, run, mailoutbox):
    world = scene
    quiet(world, actor=world.counsellor2, entry_days_ago=40)
    world.counsellor2.is_active = False
    world.counsellor2.save(update_fields=["is_active"])
    leaving = quiet(world, entry_days_ago=40)
    run()
    assert [message.to for message in mailoutbox] == [[world.counsellor.email]]
    assert not Notification.objects.filter(user=world.counsellor2).exists()

    parcours_fire_transition(
        actor=world.counsellor,
        parcours=leaving,
        name="exit",
        data={"exit_reason": ExitReason.objects.get(code="chomage"), "exit_date": world.ges.today()},
    )
    exited = quiet(world, entry_days_ago=40)
    parcours_fire_transition(
        actor=world.counsellor,
        parcours=exited,
        name="exit",
        data={"exit_reason": ExitReason.objects.get(code="chomage"), "exit_date": world.ges.today()},
    )
    assert "0 nouvelle(s) alerte(s), 0 récapitulatif(s) envoyé(s), 1 alerte(s) levée(s)" in run()
    assert len(mailoutbox) == 1
    assert not AlertNotice.objects.filter(parcours__in=[leaving, exited]).exists()


def test_reunion_alert_turns_at_reunion_midnight(world, run, mailoutbox):
    """The same local hour of the last call in Lyon and in Réunion; at 20:00 UTC on 27/11 it is
    already 28/11 in Réunion, and only the Réunion parcours has gone 30 days without a follow-up."""
    with time_machine.travel(dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC), tick=False) as clock:
        for parcours in (world.followed, world.unfollowed, world.foreign):
            follow_up(parcours, NOW - dt.timedelta(days=1))
        lyon = quiet(world, entry_days_ago=60)
        reunion = quiet(world, structure=world.aci, entry_days_ago=60)
        follow_up(lyon, dt.datetime(2026, 10, 29, 10, 0, tzinfo=PARIS))
        follow_up(reunion, dt.datetime(2026, 10, 29, 10, 0, tzinfo=REUNION))

        clock.move_to(dt.datetime(2026, 11, 27, 19, 59, tzinfo=dt.UTC))  # 23:59 in Réunion
        run()
        assert mailoutbox == []

        clock.move_to(dt.datetime(2026, 11, 27, 20, 0, tzinfo=dt.UTC))  # midnight in Réunion
        run()
        assert [message.to for message in mailoutbox] == [[world.other_counsellor.email]]
        assert "Aucun suivi depuis 30 jours (échéance : 28/11/2026)" in mailoutbox[0].body
        assert notices() == {(reunion.pk, "no_follow_up")}

        clock.move_to(dt.datetime(2026, 11, 27, 23, 0, tzinfo=dt.UTC))  # midnight in Paris
        run()
        assert [message.to for message in mailoutbox][1:] == [[world.counsellor.email]]
        assert notices() == {(reunion.pk, "no_follow_up"), (lyon.pk, "no_follow_up")}


def test_the_job_costs_the_same_queries_for_5_or_20_parcours(scene, run, mailoutbox):
    world = scene
    overdue_action(world.unfollowed)  # counsellor2's one alert
    alerting: list[Parcours] = []

    def queries_with(count: int) -> int:
        while len(alerting) < count:
            alerting.append(quiet(world))
            overdue_action(alerting[-1])
        AlertNotice.objects.all().delete()  # every alert is new again
        with CaptureQueriesContext(connection) as captured:
            run()
        return len(captured)

    small, large = queries_with(5), queries_with(20)
    assert small == large, (small, large)
    assert small <= 15, small
    assert len(mailoutbox) == 4  # two runs, two counsellors each
    assert to(mailoutbox, world.counsellor)[-1].body.count("\n- ") == 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_one_digest(mailoutbox):
    from parcours.digest import alert_digest
    from tests.factories import World
    from tests.parcours.test_concurrency import race

    with time_machine.travel(NOW, tick=False):
        world = World.build()
        for parcours in (world.followed, world.unfollowed, world.foreign):
            follow_up(parcours, NOW - dt.timedelta(days=1))
        quiet(world, entry_days_ago=40)
        first, second = race(lambda: alert_digest(now=NOW), lambda: alert_digest(now=NOW))
    assert sorted([first, second]) == [
        "0 nouvelle(s) alerte(s), 0 récapitulatif(s) envoyé(s), 0 alerte(s) levée(s)",
        "1 nouvelle(s) alerte(s), 1 récapitulatif(s) envoyé(s), 0 alerte(s) levée(s)",
    ]
    assert Notification.objects.count() == 1 and AlertNotice.objects.count() == 1
    assert [message.to for message in mailoutbox] == [[world.counsellor.email]]
