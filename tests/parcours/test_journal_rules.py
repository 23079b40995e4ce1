"""The follow-up journal through HTTP, model by model: create, read, list with its filters, PATCH,
and every field rule; stale edits are 409 and change nothing; follow-ups go on after the exit."""

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from organisations.services import membership_create
from parcours import journal
from parcours.models import Action, Appointment, Barrier, BarrierChange, BarrierType, FollowUp

pytestmark = pytest.mark.django_db

RESOURCES = {"follow-ups": FollowUp, "barriers": Barrier, "actions": Action, "appointments": Appointment}
# One field each resource's PATCH changes, with a valid new value.
EDITS = {
    "follow-ups": ("note", "Point sur les démarches"),
    "barriers": ("status", "in_progress"),
    "actions": ("status", "in_progress"),
    "appointments": ("place", "Salle 2"),
}


def local(parcours, days: int = 0, hours: int = 0) -> str:
    """A naive ISO date-time, ``days`` and ``hours`` from now in the parcours' structure's zone."""
    now = timezone.localtime(timezone=parcours.structure.tz).replace(tzinfo=None, microsecond=0)
    return (now + dt.timedelta(days=days, hours=hours)).isoformat()


def payload(resource: str, parcours, **overrides) -> dict:
    """A valid creation body for ``resource`` on ``parcours``."""
    today = parcours.structure.today()
    body = {
        "follow-ups": {"kind": "interview", "occurred_at": local(parcours, days=-1), "duration_minutes": 45},
        "barriers": {"type": "logement", "identified_on": today.isoformat()},
        "actions": {"title": "Refaire le CV", "due_date": (today + dt.timedelta(days=7)).isoformat()},
        "appointments": {"kind": "interview", "starts_at": local(parcours, days=3)},
    }[resource]
    if resource == "actions":
        body["owner"] = parcours.referent_id
    return {"parcours": parcours.pk, **body, **overrides}


def make_entry(resource: str, parcours, actor=None, **overrides):
    """An entry created through the service (fast setup), with payload()'s values."""
    actor = actor or parcours.referent
    body = payload(resource, parcours, **overrides)
    body.pop("parcours")
    model = RESOURCES[resource]
    if resource == "follow-ups":
        body["occurred_at"] = timezone.make_aware(dt.datetime.fromisoformat(body["occurred_at"]), parcours.structure.tz)
    elif resource == "appointments":
        body["starts_at"] = timezone.make_aware(dt.datetime.fromisoformat(body["starts_at"]), parcours.structure.tz)
    elif resource == "barriers":
        body["type"] = BarrierType.objects.get(code=body["type"])
        body["identified_on"] = dt.date.fromisoformat(body["identified_on"])
    elif resource == "actions":
        body["due_date"] = dt.date.fromisoformat(body["due_date"])
        body["owner"] = parcours.referent if body["owner"] == parcours.referent_id else body["owner"]
    return journal.journal_create(actor=actor, model=model, parcours=parcours, **body)


def post(client, resource: str, body: dict):
    return client.post(f"/api/v1/{resource}/", body, format="json")


def patch(client, resource: str, entry_id: int, body: dict):
    return client.patch(f"/api/v1/{resource}/{entry_id}/", body, format="json")


def created(client, resource: str, body: dict) -> dict:
    response = post(client, resource, body)
    assert response.status_code == 201, response.json()
    return response.json()


def error_code(response, status: int = 400) -> str:
    assert response.status_code == status, response.content
    return response.json()["code"]


# -- every model: create, read, list, PATCH ---------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES)
def test_create_read_list_and_patch(world, client_for, resource):
    client = client_for(world.counsellor)
    body = created(client, resource, payload(resource, world.followed))
    assert body["parcours"] == world.followed.pk
    assert body["version"] == 1
    assert body["created_by"]["id"] == world.counsellor.pk
    assert body["created_at"].endswith("+01:00") or body["created_at"].endswith("+02:00")

    read = client.get(f"/api/v1/{resource}/{body['id']}/")
    assert read.status_code == 200
    assert read.json() == body

    listed = client.get(f"/api/v1/{resource}/", {"parcours": world.followed.pk}).json()
    assert listed["count"] == 1
    assert listed["results"] == [body]
    assert client.get(f"/api/v1/{resource}/", {"parcours": world.unfollowed.pk}).json()["count"] == 0

    field, value = EDITS[resource]
    response = patch(client, resource, body["id"], {field: value, "version": 1})
    assert response.status_code == 200, response.json()
    assert response.json()[field] == value
    assert response.json()["version"] == 2
    assert getattr(RESOURCES[resource].objects.get(pk=body["id"]), field) == value

    # PUT and DELETE are not offered: an entry is corrected, never wiped.
    assert client.put(f"/api/v1/{resource}/{body['id']}/", body, format="json").status_code == 405
    assert client.delete(f"/api/v1/{resource}/{body['id']}/").status_code == 405


@pytest.mark.parametrize("resource", RESOURCES)
def test_manager_creates_and_edits_structure_wide(world, client_for, resource):
    client = client_for(world.manager)
    for parcours in (world.followed, world.unfollowed):
        body = created(client, resource, payload(resource, parcours))
        assert body["created_by"]["id"] == world.manager.pk
        field, value = EDITS[resource]
        assert patch(client, resource, body["id"], {field: value, "version": 1}).status_code == 200
    assert client.get(f"/api/v1/{resource}/").json()["count"] == 2


@pytest.mark.parametrize("resource", RESOURCES)
def test_parcours_filter_and_ordering(world, client_for, resource):
    first = make_entry(resource, world.followed)
    second = make_entry(resource, world.unfollowed, **({"type": "mobilite"} if resource == "barriers" else {}))
    client = client_for(world.manager)
    ids = lambda params: [row["id"] for row in client.get(f"/api/v1/{resource}/", params).json()["results"]]  # noqa: E731
    assert sorted(ids({})) == sorted([first.pk, second.pk])
    assert ids({"parcours": world.followed.pk}) == [first.pk]
    assert ids({"parcours": world.unfollowed.pk}) == [second.pk]
    assert ids({"parcours": world.foreign.pk}) == []  # out of scope: an empty list, no disclosure
    assert ids({"parcours": 10**12}) == []


# -- follow-ups -------------------------------------------------------------------------------


def test_follow_up_kinds_and_kind_filter(world, client_for):
    client = client_for(world.counsellor)
    for kind in ("interview", "workshop", "visit", "call"):
        body = created(client, "follow-ups", payload("follow-ups", world.followed, kind=kind))
        assert body["kind"] == kind
        assert body["kind_label"] == FollowUp.Kind(kind).label
    response = post(client, "follow-ups", payload("follow-ups", world.followed, kind="meeting"))
    assert "kind" in response.json()["errors"]
    assert error_code(response) == "invalid"
    rows = client.get("/api/v1/follow-ups/", {"kind": "call"}).json()["results"]
    assert [row["kind"] for row in rows] == ["call"]
    assert client.get("/api/v1/follow-ups/", {"kind": "meeting"}).status_code == 400


def test_follow_up_is_never_in_the_future(world, client_for):
    client = client_for(world.counsellor)
    response = post(
        client, "follow-ups", payload("follow-ups", world.followed, occurred_at=local(world.followed, hours=2))
    )
    assert error_code(response) == "follow_up_in_future"
    assert response.json()["errors"] == {"occurred_at": [response.json()["message"]]}
    body = created(client, "follow-ups", payload("follow-ups", world.followed, occurred_at=local(world.followed)))
    response = patch(client, "follow-ups", body["id"], {"occurred_at": local(world.followed, days=1), "version": 1})
    assert error_code(response) == "follow_up_in_future"
    assert FollowUp.objects.get(pk=body["id"]).version == 1
    assert FollowUp.objects.count() == 1


@pytest.mark.parametrize("minutes, status", [(0, 400), (1, 201), (45, 201), (720, 201), (721, 400), (-5, 400)])
def test_follow_up_duration_is_1_to_720_minutes(world, client_for, minutes, status):
    response = post(
        client_for(world.counsellor), "follow-ups", payload("follow-ups", world.followed, duration_minutes=minutes)
    )
    assert response.status_code == status, response.json()
    if status == 400:
        assert "duration_minutes" in response.json()["errors"]


def test_follow_up_duration_on_patch(world, client_for):
    entry = make_entry("follow-ups", world.followed)
    client = client_for(world.counsellor)
    assert patch(client, "follow-ups", entry.pk, {"duration_minutes": 721, "version": 1}).status_code == 400
    response = patch(client, "follow-ups", entry.pk, {"duration_minutes": 720, "version": 1})
    assert response.json()["duration_minutes"] == 720


def test_follow_up_note_is_bounded(world, client_for):
    client = client_for(world.counsellor)
    response = post(client, "follow-ups", payload("follow-ups", world.followed, note="x" * 10001))
    assert "note" in response.json()["errors"]
    assert created(client, "follow-ups", payload("follow-ups", world.followed, note="x" * 10000))["note"]


# -- barriers ---------------------------------------------------------------------------------


def test_barrier_types_are_the_reference_list(world, client_for):
    path = Path(settings.FIXTURES_DIR) / "reference" / "freins.csv"
    with path.open(encoding="utf-8") as handle:
        rows = {row["code"]: row["label"] for row in csv.DictReader(handle)}
    for user in (world.counsellor, world.manager, world.other_counsellor):
        body = client_for(user).get("/api/v1/barrier-types/").json()
        assert {row["code"]: row["label"] for row in body} == rows
    client = client_for(world.counsellor)
    for code in rows:
        body = created(client, "barriers", payload("barriers", world.followed, type=code))
        assert body["type_label"] == rows[code]


def test_unknown_or_retired_barrier_type_is_refused(world, client_for):
    client = client_for(world.counsellor)
    response = post(client, "barriers", payload("barriers", world.followed, type="permis"))
    assert "type" in response.json()["errors"]
    BarrierType.objects.create(code="ancien", label="Ancien code", is_active=False)
    response = post(client, "barriers", payload("barriers", world.followed, type="ancien"))
    assert error_code(response) == "barrier_type_inactive"
    assert "type" in response.json()["errors"]
    assert "ancien" not in [row["code"] for row in client.get("/api/v1/barrier-types/").json()]
    assert not Barrier.objects.exists()
    assert not BarrierChange.objects.exists()


def test_a_barrier_cannot_be_moved_to_a_retired_type_but_stays_editable_once_its_type_retires(world, client_for):
    client = client_for(world.counsellor)
    body = created(client, "barriers", payload("barriers", world.followed, type="logement"))
    BarrierType.objects.create(code="ancien", label="Ancien code", is_active=False)
    response = patch(client, "barriers", body["id"], {"type": "ancien", "version": 1})
    assert error_code(response) == "barrier_type_inactive"
    assert Barrier.objects.get(pk=body["id"]).type_id == "logement"
    BarrierType.objects.filter(code="logement").update(is_active=False)
    response = patch(client, "barriers", body["id"], {"status": "in_progress", "version": 1})
    assert response.status_code == 200, response.json()
    response = patch(client, "barriers", body["id"], {"type": "logement", "status": "identified", "version": 2})
    assert response.status_code == 200, response.json()  # unchanged type: still fine


def test_one_open_barrier_per_type_and_parcours(world, client_for):
    client = client_for(world.counsellor)
    first = created(client, "barriers", payload("barriers", world.followed, type="mobilite"))
    response = post(client, "barriers", payload("barriers", world.followed, type="mobilite"))
    assert error_code(response) == "barrier_already_open"
    assert "type" in response.json()["errors"]
    assert Barrier.objects.count() == 1
    assert BarrierChange.objects.count() == 1
    # In progress is still open.
    assert patch(client, "barriers", first["id"], {"status": "in_progress", "version": 1}).status_code == 200
    assert error_code(post(client, "barriers", payload("barriers", world.followed, type="mobilite"))) == (
        "barrier_already_open"
    )
    # Another type, or the same type on another parcours, is fine.
    created(client, "barriers", payload("barriers", world.followed, type="logement"))
    created(client_for(world.manager), "barriers", payload("barriers", world.unfollowed, type="mobilite"))
    # Once resolved, the type can be opened again.
    assert patch(client, "barriers", first["id"], {"status": "resolved", "version": 2}).status_code == 200
    second = created(client, "barriers", payload("barriers", world.followed, type="mobilite"))
    # ... and then the resolved one cannot be reopened while the new one is open.
    response = patch(client, "barriers", first["id"], {"status": "identified", "version": 3})
    assert error_code(response) == "barrier_already_open"
    assert Barrier.objects.get(pk=first["id"]).status == "resolved"
    assert Barrier.objects.get(pk=first["id"]).version == 3
    # Nor can another barrier be switched to a type already open.
    other = created(client, "barriers", payload("barriers", world.followed, type="justice"))
    response = patch(client, "barriers", other["id"], {"type": "mobilite", "version": 1})
    assert error_code(response) == "barrier_already_open"
    assert Barrier.objects.get(pk=other["id"]).type_id == "justice"
    assert second["status"] == "identified"


def test_resolved_on_is_the_structures_today_and_cleared_on_reopening(world, client_for):
    # Réunion: its today may already be tomorrow in Paris.
    client = client_for(world.other_counsellor)
    identified = world.aci.today() - dt.timedelta(days=10)
    body = created(client, "barriers", payload("barriers", world.foreign, identified_on=identified.isoformat()))
    assert body["resolved_on"] is None
    response = patch(client, "barriers", body["id"], {"status": "resolved", "version": 1})
    assert response.json()["resolved_on"] == world.aci.today().isoformat()
    assert response.json()["status_label"] == "Levé"
    response = patch(client, "barriers", body["id"], {"status": "in_progress", "version": 2})
    assert response.json()["resolved_on"] is None
    assert Barrier.objects.get(pk=body["id"]).resolved_on is None
    # A resolved_on sent with an open status is dropped.
    response = patch(
        client, "barriers", body["id"], {"resolved_on": identified.isoformat(), "status": "identified", "version": 3}
    )
    assert response.json()["resolved_on"] is None
    # A date given with the resolution is kept.
    given = identified + dt.timedelta(days=2)
    response = patch(
        client, "barriers", body["id"], {"status": "resolved", "resolved_on": given.isoformat(), "version": 4}
    )
    assert response.json()["resolved_on"] == given.isoformat()


def test_barrier_created_resolved_gets_todays_date(world, client_for):
    body = created(client_for(world.counsellor), "barriers", payload("barriers", world.followed, status="resolved"))
    assert body["resolved_on"] == world.ges.today().isoformat()


def test_resolved_on_is_never_before_identified_on(world, client_for):
    client = client_for(world.counsellor)
    today = world.ges.today()
    response = post(
        client,
        "barriers",
        payload(
            "barriers",
            world.followed,
            status="resolved",
            identified_on=today.isoformat(),
            resolved_on=(today - dt.timedelta(days=1)).isoformat(),
        ),
    )
    assert error_code(response) == "barrier_dates"
    assert "resolved_on" in response.json()["errors"]
    body = created(
        client,
        "barriers",
        payload("barriers", world.followed, identified_on=(today - dt.timedelta(days=5)).isoformat()),
    )
    assert patch(client, "barriers", body["id"], {"status": "resolved", "version": 1}).status_code == 200
    # Moving identified_on after the resolution is the same error.
    response = patch(
        client, "barriers", body["id"], {"identified_on": (today + dt.timedelta(days=1)).isoformat(), "version": 2}
    )
    assert error_code(response) == "barrier_dates"
    assert Barrier.objects.get(pk=body["id"]).identified_on == today - dt.timedelta(days=5)
    # Same day is fine.
    response = patch(client, "barriers", body["id"], {"identified_on": today.isoformat(), "version": 2})
    assert response.status_code == 200, response.json()


def test_support_by_is_cleared_when_support_is_internal(world, client_for):
    client = client_for(world.counsellor)
    body = created(client, "barriers", payload("barriers", world.followed, support="internal", support_by="Wimoov"))
    assert body["support_by"] == ""
    response = patch(client, "barriers", body["id"], {"support": "external", "support_by": "Wimoov", "version": 1})
    assert response.json()["support_by"] == "Wimoov"
    assert response.json()["support_label"] == "Externe (un partenaire)"
    response = patch(client, "barriers", body["id"], {"support": "internal", "version": 2})
    assert response.json()["support_by"] == ""
    assert Barrier.objects.get(pk=body["id"]).support_by == ""
    response = patch(client, "barriers", body["id"], {"support_by": "Mission locale", "version": 3})
    assert response.json()["support_by"] == ""  # still internal
    assert (
        "support" in post(client, "barriers", payload("barriers", world.followed, support="partner")).json()["errors"]
    )


def test_barrier_change_is_logged_on_creation_and_on_status_or_support_change_only(world, client_for):
    client = client_for(world.counsellor)
    body = created(client, "barriers", payload("barriers", world.followed, support="external", support_by="CCAS"))

    def log():
        return list(
            BarrierChange.objects.filter(barrier_id=body["id"])
            .order_by("pk")
            .values_list("actor_id", "previous_status", "status", "details")
        )

    me = world.counsellor.pk
    assert log() == [(me, "", "identified", {"support": "external", "support_by": "CCAS"})]
    edits = [
        ({"identified_on": (world.ges.today() - dt.timedelta(days=3)).isoformat()}, False),
        ({"status": "identified"}, False),  # same status
        ({"status": "in_progress"}, True),
        ({"support_by": "Secours populaire"}, True),
        ({"support": "internal"}, True),
        ({"support": "internal"}, False),
        ({"status": "resolved"}, True),
    ]
    version = 1
    for edit, logged in edits:
        before = len(log())
        response = patch(client, "barriers", body["id"], {**edit, "version": version})
        assert response.status_code == 200, response.json()
        version += 1
        assert len(log()) == before + logged, edit
    manager_edit = patch(
        client_for(world.manager), "barriers", body["id"], {"status": "in_progress", "version": version}
    )
    assert manager_edit.status_code == 200
    assert log()[1:] == [
        (me, "identified", "in_progress", {"support": "external", "support_by": "CCAS"}),
        (me, "in_progress", "in_progress", {"support": "external", "support_by": "Secours populaire"}),
        (me, "in_progress", "in_progress", {"support": "internal", "support_by": ""}),
        (me, "in_progress", "resolved", {"support": "internal", "support_by": ""}),
        (world.manager.pk, "resolved", "in_progress", {"support": "internal", "support_by": ""}),
    ]
    # A refused edit logs nothing.
    before = len(log())
    assert patch(client, "barriers", body["id"], {"status": "resolved", "version": 1}).status_code == 409
    assert len(log()) == before


def test_barrier_status_filter(world, client_for):
    client = client_for(world.counsellor)
    ids = {}
    for code, status in (("logement", "identified"), ("mobilite", "in_progress"), ("justice", "resolved")):
        ids[status] = created(client, "barriers", payload("barriers", world.followed, type=code, status=status))["id"]

    def listed(*statuses):
        query = "&".join(f"status={status}" for status in statuses)
        return sorted(row["id"] for row in client.get(f"/api/v1/barriers/?{query}").json()["results"])

    assert listed("resolved") == [ids["resolved"]]
    assert listed("identified", "in_progress") == sorted([ids["identified"], ids["in_progress"]])
    assert client.get("/api/v1/barriers/?status=closed").status_code == 400


# -- actions ----------------------------------------------------------------------------------


def test_action_owner_is_staff_of_the_structure(world, client_for):
    client = client_for(world.counsellor)
    for owner in (world.counsellor, world.counsellor2, world.manager):
        body = created(client, "actions", payload("actions", world.followed, owner=owner.pk))
        assert body["owner_detail"]["id"] == owner.pk
    unknown = post(client, "actions", payload("actions", world.followed, owner=10**9)).json()
    # Users outside the structures where the counsellor works answer like an unknown id.
    for owner in (world.other_counsellor, world.other_manager, world.employer_contact, world.trainer, world.analyst):
        response = post(client, "actions", payload("actions", world.followed, owner=owner.pk))
        assert response.status_code == 400, owner
        assert response.json()["errors"]["owner"] == [
            message.replace(str(10**9), str(owner.pk)) for message in unknown["errors"]["owner"]
        ], owner
    body = created(client, "actions", payload("actions", world.followed))
    response = patch(client, "actions", body["id"], {"owner": world.other_manager.pk, "version": 1})
    assert "owner" in response.json()["errors"]
    # A counsellor working in both structures sees the other's staff, who may not own this action.
    membership_create(user=world.counsellor, organisation=world.aci, role="counsellor")
    response = patch(client, "actions", body["id"], {"owner": world.other_manager.pk, "version": 1})
    assert error_code(response) == "owner_not_staff"
    assert "owner" in response.json()["errors"]
    assert Action.objects.get(pk=body["id"]).owner == world.counsellor
    response = patch(client, "actions", body["id"], {"owner": world.manager.pk, "version": 1})
    assert response.json()["owner"] == world.manager.pk
    assert "owner" in post(client, "actions", payload("actions", world.followed, owner=10**9)).json()["errors"]
    without = payload("actions", world.followed)
    del without["owner"]
    assert "owner" in post(client, "actions", without).json()["errors"]


def test_an_action_whose_owner_has_left_can_still_be_closed(world, client_for):
    from organisations.models import Membership
    from organisations.services import membership_end

    client = client_for(world.counsellor)
    body = created(client, "actions", payload("actions", world.followed, owner=world.manager.pk))
    membership_end(membership=Membership.objects.get(user=world.manager, organisation=world.ges, role="manager"))
    response = patch(client, "actions", body["id"], {"status": "done", "version": 1})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "done"


def test_action_barrier_must_be_of_the_same_parcours(world, client_for):
    manager = client_for(world.manager)
    mine = make_entry("barriers", world.followed)
    theirs = make_entry("barriers", world.unfollowed)
    foreign = make_entry("barriers", world.foreign)
    for barrier in (theirs, foreign):
        response = post(manager, "actions", payload("actions", world.followed, barrier=barrier.pk))
        assert response.status_code == 400, response.json()
        assert "barrier" in response.json()["errors"]
    # Another structure's barrier answers like an unknown id; one of the manager's structure says why.
    unknown = post(manager, "actions", payload("actions", world.followed, barrier=10**9)).json()
    response = post(manager, "actions", payload("actions", world.followed, barrier=foreign.pk)).json()
    assert response["errors"]["barrier"] == [
        m.replace(str(10**9), str(foreign.pk)) for m in unknown["errors"]["barrier"]
    ]
    assert error_code(post(manager, "actions", payload("actions", world.followed, barrier=theirs.pk))) == (
        "barrier_elsewhere"
    )
    assert not Action.objects.exists()
    body = created(manager, "actions", payload("actions", world.followed, barrier=mine.pk))
    assert body["barrier"] == mine.pk
    response = patch(manager, "actions", body["id"], {"barrier": theirs.pk, "version": 1})
    assert error_code(response) == "barrier_elsewhere"
    assert Action.objects.get(pk=body["id"]).barrier == mine
    response = patch(manager, "actions", body["id"], {"barrier": None, "version": 1})
    assert response.json()["barrier"] is None


def test_action_statuses_and_status_filter(world, client_for):
    client = client_for(world.counsellor)
    body = created(client, "actions", payload("actions", world.followed))
    assert body["status"] == "planned"
    version = 1
    for status in ("in_progress", "standby", "done", "abandoned", "cancelled", "planned"):
        response = patch(client, "actions", body["id"], {"status": status, "version": version})
        assert response.json()["status"] == status
        assert response.json()["status_label"] == Action.Status(status).label
        version += 1
    assert "status" in patch(client, "actions", body["id"], {"status": "late", "version": version}).json()["errors"]
    other = created(client, "actions", payload("actions", world.followed, status="done"))
    rows = client.get("/api/v1/actions/?status=done&status=cancelled").json()["results"]
    assert [row["id"] for row in rows] == [other["id"]]
    assert client.get("/api/v1/actions/?status=late").status_code == 400


def test_action_title_and_due_date_are_required(world, client_for):
    client = client_for(world.counsellor)
    response = post(client, "actions", {"parcours": world.followed.pk, "owner": world.counsellor.pk})
    assert {"title", "due_date"} <= set(response.json()["errors"])
    assert "title" in post(client, "actions", payload("actions", world.followed, title="x" * 251)).json()["errors"]


# -- appointments -----------------------------------------------------------------------------


def test_attendance_is_refused_for_a_future_appointment(world, client_for):
    client = client_for(world.counsellor)
    response = post(client, "appointments", payload("appointments", world.followed, attendance="seen"))
    assert error_code(response) == "attendance_in_future"
    assert "attendance" in response.json()["errors"]
    future = created(client, "appointments", payload("appointments", world.followed))
    assert future["attendance"] == ""
    response = patch(client, "appointments", future["id"], {"attendance": "no_show", "version": 1})
    assert error_code(response) == "attendance_in_future"
    assert Appointment.objects.get(pk=future["id"]).attendance == ""
    past = created(
        client, "appointments", payload("appointments", world.followed, starts_at=local(world.followed, hours=-2))
    )
    for version, attendance in enumerate(("seen", "excused", "no_show", ""), start=1):
        response = patch(client, "appointments", past["id"], {"attendance": attendance, "version": version})
        assert response.json()["attendance"] == attendance
    response = patch(client, "appointments", past["id"], {"attendance": "late", "version": 5})
    assert "attendance" in response.json()["errors"]
    # Moving an attended appointment into the future is the same refusal.
    assert patch(client, "appointments", past["id"], {"attendance": "seen", "version": 5}).status_code == 200
    response = patch(client, "appointments", past["id"], {"starts_at": local(world.followed, days=2), "version": 6})
    assert error_code(response) == "attendance_in_future"


def test_appointment_kinds_and_attendance_filter(world, client_for):
    client = client_for(world.counsellor)
    for kind in ("interview", "workshop", "visit", "call", "partner"):
        body = created(client, "appointments", payload("appointments", world.followed, kind=kind))
        assert body["kind_label"] == Appointment.Kind(kind).label
    assert "kind" in post(client, "appointments", payload("appointments", world.followed, kind="x")).json()["errors"]
    missed = created(
        client,
        "appointments",
        payload("appointments", world.followed, starts_at=local(world.followed, days=-1), attendance="no_show"),
    )
    assert missed["attendance_label"] == "Absent·e sans prévenir"
    rows = client.get("/api/v1/appointments/?attendance=no_show").json()["results"]
    assert [row["id"] for row in rows] == [missed["id"]]
    assert client.get("/api/v1/appointments/?attendance=late").status_code == 400


# -- stale edits ------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES)
def test_stale_edit_is_409_and_changes_nothing(world, client_for, resource):
    entry = make_entry(resource, world.followed)
    client = client_for(world.counsellor)
    field, value = EDITS[resource]
    assert patch(client, resource, entry.pk, {field: value, "version": 1}).status_code == 200
    before = client.get(f"/api/v1/{resource}/{entry.pk}/").json()
    changes = BarrierChange.objects.count()
    other = {"note": "Autre", "status": "done" if resource == "actions" else "resolved", "place": "Ailleurs"}
    for version in (1, 3, 99):
        response = patch(client_for(world.manager), resource, entry.pk, {field: other[field], "version": version})
        assert response.status_code == 409
        assert response.json()["code"] == "stale_write"
        assert response.json()["current_version"] == 2
        assert response.json()["message"]
    assert client.get(f"/api/v1/{resource}/{entry.pk}/").json() == before
    assert BarrierChange.objects.count() == changes


@pytest.mark.parametrize("resource", RESOURCES)
def test_patch_without_version_is_400(world, client_for, resource):
    entry = make_entry(resource, world.followed)
    field, value = EDITS[resource]
    client = client_for(world.counsellor)
    for body in ({field: value}, {field: value, "version": None}, {field: value, "version": "un"}, {}):
        response = patch(client, resource, entry.pk, body)
        assert response.status_code == 400, body
        assert "version" in response.json()["errors"]
    entry.refresh_from_db()
    assert entry.version == 1
    assert getattr(entry, field) != value


@pytest.mark.parametrize("resource", RESOURCES)
def test_parcours_cannot_be_moved_by_patch(world, client_for, resource):
    entry = make_entry(resource, world.followed)
    field, value = EDITS[resource]
    response = patch(
        client_for(world.manager), resource, entry.pk, {"parcours": world.unfollowed.pk, field: value, "version": 1}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["parcours"] == world.followed.pk
    entry.refresh_from_db()
    assert entry.parcours_id == world.followed.pk
    assert client_for(world.counsellor2).get(f"/api/v1/{resource}/{entry.pk}/").status_code == 404


@pytest.mark.parametrize("resource", RESOURCES)
def test_read_only_fields_are_ignored_on_patch(world, client_for, resource):
    entry = make_entry(resource, world.followed)
    response = patch(
        client_for(world.counsellor),
        resource,
        entry.pk,
        {"created_by": world.manager.pk, "created_at": "2020-01-01T00:00:00Z", "id": 10**6, "version": 1},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["id"] == entry.pk
    assert response.json()["created_by"]["id"] == world.counsellor.pk
    assert response.json()["version"] == 2


# -- after the exit ---------------------------------------------------------------------------


def test_follow_ups_go_on_after_the_exit(world, client_for):
    client = client_for(world.counsellor)
    parcours = world.followed
    response = client.post(
        f"/api/v1/parcours/{parcours.pk}/transitions/exit/",
        {"exit_reason": "chomage", "exit_date": world.ges.today().isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["phase"] == "exited"
    body = created(client, "follow-ups", payload("follow-ups", parcours, occurred_at=local(parcours), kind="call"))
    assert patch(client, "follow-ups", body["id"], {"note": "Six mois après", "version": 1}).status_code == 200
    for resource in ("barriers", "actions", "appointments"):
        created(client, resource, payload(resource, parcours))
    assert client.get("/api/v1/follow-ups/", {"parcours": parcours.pk}).json()["count"] == 1
    assert client_for(world.manager).get("/api/v1/follow-ups/", {"parcours": parcours.pk}).json()["count"] == 1
