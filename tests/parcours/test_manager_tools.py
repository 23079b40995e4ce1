"""Manager tools: the parcours with no referent or nobody has seen for N days, and reassigning
several at once, atomically, with their object permissions."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from organisations.services import membership_create
from parcours.models import FollowUp, Parcours
from tests.factories import make_parcours, member

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_no_follow_up_for_n_days(world, client_for):
    seen = make_parcours(actor=world.counsellor, structure=world.ges)
    FollowUp.objects.create(
        parcours=seen,
        created_by=world.counsellor,
        kind="call",
        occurred_at=timezone.now() - dt.timedelta(days=10),
        duration_minutes=10,
    )
    manager = client_for(world.manager)
    stale = ids(manager.get("/api/v1/parcours/", {"no_follow_up_days": 30}))
    assert seen.pk not in stale and {world.followed.pk, world.unfollowed.pk} <= stale
    assert seen.pk in ids(manager.get("/api/v1/parcours/", {"no_follow_up_days": 7}))
    assert manager.get("/api/v1/parcours/", {"no_follow_up_days": 0}).status_code == 400


def test_no_follow_up_counts_calendar_days_of_the_structures_own_calendar(world, client_for):
    """Friday 27 November 2026, 22:00 in Paris, is already Saturday 28 at 01:00 in Réunion: an
    interview on the 27th at 23:00 Réunion time (two hours ago) was yesterday there."""
    paris, reunion = zoneinfo.ZoneInfo("Europe/Paris"), zoneinfo.ZoneInfo("Indian/Reunion")
    with time_machine.travel(dt.datetime(2026, 11, 27, 21, 0, tzinfo=dt.UTC), tick=False):
        for parcours, author, at in (
            (world.followed, world.counsellor, dt.datetime(2026, 11, 27, 9, 0, tzinfo=paris)),
            (world.foreign, world.other_counsellor, dt.datetime(2026, 11, 27, 23, 0, tzinfo=reunion)),
        ):
            FollowUp.objects.create(
                parcours=parcours, created_by=author, kind="interview", occurred_at=at, duration_minutes=30
            )
        ges, aci = client_for(world.manager), client_for(world.other_manager)
        assert world.followed.pk not in ids(ges.get("/api/v1/parcours/", {"no_follow_up_days": 1}))
        assert world.foreign.pk in ids(aci.get("/api/v1/parcours/", {"no_follow_up_days": 1}))
        assert world.foreign.pk not in ids(aci.get("/api/v1/parcours/", {"no_follow_up_days": 2}))


def test_unassigned_are_those_whose_referent_no_longer_counsels_there(world, client_for):
    manager = client_for(world.manager)
    assert ids(manager.get("/api/v1/parcours/", {"unassigned": "true"})) == set()
    world.counsellor2.is_active = False
    world.counsellor2.save()
    assert ids(manager.get("/api/v1/parcours/", {"unassigned": "true"})) == {world.unfollowed.pk}
    assert world.unfollowed.pk not in ids(manager.get("/api/v1/parcours/", {"unassigned": "false"}))


def test_bulk_reassign_moves_every_parcours_and_their_permissions(world, client_for):
    newcomer = member(world.ges, "counsellor")
    other = make_parcours(actor=world.counsellor, structure=world.ges)
    response = client_for(world.manager).post(
        "/api/v1/parcours/reassign/",
        {"parcours": [world.followed.pk, other.pk], "referent": newcomer.pk},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert {row["referent"]["id"] for row in response.json()} == {newcomer.pk}
    assert ids(client_for(newcomer).get("/api/v1/parcours/")) == {world.followed.pk, other.pk}
    assert ids(client_for(world.counsellor).get("/api/v1/parcours/")) == set()


def test_bulk_reassign_is_all_or_nothing(world, client_for):
    """A counsellor of another structure cannot take the ACI's parcours: nothing moves."""
    newcomer = member(world.ges, "counsellor")
    membership_create(user=world.manager, organisation=world.aci, role="manager")  # sees both structures
    before = dict(Parcours.objects.values_list("pk", "referent_id"))
    response = client_for(world.manager).post(
        "/api/v1/parcours/reassign/",
        {"parcours": [world.followed.pk, world.foreign.pk], "referent": newcomer.pk},
        format="json",
    )
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "referent_not_counsellor"
    assert dict(Parcours.objects.values_list("pk", "referent_id")) == before


@pytest.mark.parametrize("role", ["counsellor", "employer_contact", "trainer", "analyst", "other_manager"])
def test_only_the_structures_managers_reassign(world, client_for, role):
    response = client_for(getattr(world, role)).post(
        "/api/v1/parcours/reassign/",
        {"parcours": [world.followed.pk], "referent": world.counsellor2.pk},
        format="json",
    )
    assert response.status_code in (400, 403), response.json()
    assert Parcours.objects.get(pk=world.followed.pk).referent == world.counsellor


@pytest.mark.parametrize("body", [{}, {"parcours": [], "referent": 1}, {"parcours": "x", "referent": 1}])
def test_bad_bulk_bodies_are_400(world, client_for, body):
    assert client_for(world.manager).post("/api/v1/parcours/reassign/", body, format="json").status_code == 400


def test_bulk_reassign_refuses_unknown_ids_and_big_batches_in_one_query(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    manager = client_for(world.manager)
    response = manager.post(
        "/api/v1/parcours/reassign/",
        {"parcours": [world.followed.pk, world.foreign.pk, 10**12], "referent": world.counsellor2.pk},
        format="json",
    )
    assert response.status_code == 400
    assert str(world.foreign.pk) in response.json()["errors"]["parcours"][0]
    with CaptureQueriesContext(connection) as queries:
        response = manager.post(
            "/api/v1/parcours/reassign/", {"parcours": list(range(1, 502)), "referent": 1}, format="json"
        )
    assert response.status_code == 400
    assert len(queries) < 10


def test_closed_parcours_are_not_listed_as_unassigned(world, client_for):
    manager = client_for(world.manager)
    response = client_for(world.counsellor2).post(
        f"/api/v1/parcours/{world.unfollowed.pk}/transitions/exit/",
        {"exit_reason": "chomage", "exit_date": world.ges.today().isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.json()
    world.counsellor2.is_active = False
    world.counsellor2.save()
    assert ids(manager.get("/api/v1/parcours/", {"unassigned": "true"})) == set()
