"""Races on real concurrent PostgreSQL connections: one winner, one clean refusal, one log row."""

import datetime as dt
import threading
import time

import pytest
from django.db import connections

from parcours import hooks
from parcours.models import Parcours, PhaseTransition
from tests.conftest import api_client_for
from tests.factories import World, make_person

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(*requests):
    """Run the callables at the same instant, each on its own thread (so its own connection)."""
    barrier = threading.Barrier(len(requests))
    results: list = [None] * len(requests)

    def run(index, request):
        try:
            barrier.wait()
            results[index] = request()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_concurrent_exits_one_wins_the_other_gets_409():
    world = World.build()
    parcours = world.followed
    today = world.ges.today().isoformat()

    def slow_closer(*, parcours, actor, exit_date):
        time.sleep(0.3)  # hold the row lock so the other request surely waits on it
        return []

    def exit_as(user, reason):
        client = api_client_for(user)
        return client.post(
            f"/api/v1/parcours/{parcours.pk}/transitions/exit/",
            {"exit_reason": reason, "exit_date": today},
            format="json",
        )

    hooks.register_exit_closer(slow_closer)
    try:
        first, second = race(lambda: exit_as(world.counsellor, "chomage"), lambda: exit_as(world.manager, "inactif"))
    finally:
        hooks.unregister_exit_closer(slow_closer)

    statuses = sorted([first.status_code, second.status_code])
    assert statuses == [200, 409], (first.json(), second.json())
    loser = first if first.status_code == 409 else second
    assert loser.json()["code"] == "transition_not_allowed"
    assert PhaseTransition.objects.filter(parcours=parcours, name="exit").count() == 1
    winner_reason = (first if first.status_code == 200 else second).json()["exit_reason"]["code"]
    assert Parcours.objects.get(pk=parcours.pk).exit_reason_id == winner_reason


def test_two_concurrent_openings_for_one_person_one_wins_the_other_gets_400():
    world = World.build()
    person = make_person(actor=world.manager, structure=world.ges)
    entry = (world.ges.today() - dt.timedelta(days=1)).isoformat()

    def open_as(user):
        return api_client_for(user).post(
            "/api/v1/parcours/",
            {"person": person.pk, "entry_date": entry, "referent": world.counsellor.pk},
            format="json",
        )

    first, second = race(lambda: open_as(world.manager), lambda: open_as(world.manager))
    assert sorted([first.status_code, second.status_code]) == [201, 400], (first.json(), second.json())
    loser = first if first.status_code == 400 else second
    assert loser.json()["code"] == "open_parcours_exists"
    assert Parcours.objects.filter(person=person).count() == 1
