"""Journal date-times are read and shown in the structure's time zone, and bad input is always a
clear 400 (or 404 for an id in the URL), never a 500."""

import datetime as dt
import json

import pytest

from parcours.models import Appointment, FollowUp
from tests.parcours.test_journal_rules import EDITS, RESOURCES, local, make_entry, patch, payload, post

pytestmark = pytest.mark.django_db

UTC = dt.UTC


# -- time zones -------------------------------------------------------------------------------


def test_naive_date_time_is_read_in_the_structures_zone(world, client_for):
    client = client_for(world.other_counsellor)
    body = post(client, "follow-ups", payload("follow-ups", world.foreign, occurred_at="2026-11-20T10:30")).json()
    assert body["occurred_at"] == "2026-11-20T10:30:00+04:00"
    assert FollowUp.objects.get(pk=body["id"]).occurred_at == dt.datetime(2026, 11, 20, 6, 30, tzinfo=UTC)
    assert body["created_at"].endswith("+04:00")
    assert body["updated_at"].endswith("+04:00")
    # The same naive text in Paris is another instant.
    body = post(
        client_for(world.counsellor),
        "follow-ups",
        payload("follow-ups", world.followed, occurred_at="2026-11-20T10:30"),
    ).json()
    assert body["occurred_at"] == "2026-11-20T10:30:00+01:00"
    assert FollowUp.objects.get(pk=body["id"]).occurred_at == dt.datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    # Paris in summer time.
    body = post(
        client_for(world.counsellor),
        "follow-ups",
        payload("follow-ups", world.followed, occurred_at="2026-07-01T10:00"),
    ).json()
    assert body["occurred_at"] == "2026-07-01T10:00:00+02:00"


@pytest.mark.parametrize(
    "sent, stored",
    [
        ("2026-11-20T10:30:00+01:00", dt.datetime(2026, 11, 20, 9, 30, tzinfo=UTC)),
        ("2026-11-20T09:30:00Z", dt.datetime(2026, 11, 20, 9, 30, tzinfo=UTC)),
        ("2026-11-20T13:30:00+04:00", dt.datetime(2026, 11, 20, 9, 30, tzinfo=UTC)),
        ("2026-11-20T05:30:00-04:00", dt.datetime(2026, 11, 20, 9, 30, tzinfo=UTC)),
    ],
)
def test_a_date_time_with_an_offset_keeps_its_instant_and_is_shown_in_the_structures_zone(
    world, client_for, sent, stored
):
    client = client_for(world.other_counsellor)
    body = post(client, "follow-ups", payload("follow-ups", world.foreign, occurred_at=sent)).json()
    assert FollowUp.objects.get(pk=body["id"]).occurred_at == stored
    assert body["occurred_at"] == "2026-11-20T13:30:00+04:00"
    assert client.get(f"/api/v1/follow-ups/{body['id']}/").json()["occurred_at"] == "2026-11-20T13:30:00+04:00"
    # The Paris manager of another structure does not matter: the zone is the parcours' structure's.
    body = post(client_for(world.manager), "follow-ups", payload("follow-ups", world.followed, occurred_at=sent)).json()
    assert body["occurred_at"] == "2026-11-20T10:30:00+01:00"


def test_patch_reads_naive_date_times_in_the_entrys_structure_zone(world, client_for):
    client = client_for(world.other_counsellor)
    appointment = make_entry("appointments", world.foreign)
    response = patch(client, "appointments", appointment.pk, {"starts_at": "2027-01-05T14:00", "version": 1})
    assert response.json()["starts_at"] == "2027-01-05T14:00:00+04:00"
    assert Appointment.objects.get(pk=appointment.pk).starts_at == dt.datetime(2027, 1, 5, 10, 0, tzinfo=UTC)
    follow_up = make_entry("follow-ups", world.foreign)
    response = patch(client, "follow-ups", follow_up.pk, {"occurred_at": "2026-11-01T08:15", "version": 1})
    assert response.json()["occurred_at"] == "2026-11-01T08:15:00+04:00"
    # Listed in the zone too.
    rows = client.get("/api/v1/appointments/").json()["results"]
    assert rows[0]["starts_at"] == "2027-01-05T14:00:00+04:00"


def test_future_checks_use_the_structures_clock(world, client_for):
    # Réunion is 3 hours ahead of Paris in winter: its "now minus a minute" would be in the
    # future if it were read as a Paris time.
    client = client_for(world.other_counsellor)
    just_now = local(world.foreign, hours=0)
    response = post(client, "follow-ups", payload("follow-ups", world.foreign, occurred_at=just_now))
    assert response.status_code == 201, response.json()
    past = (dt.datetime.fromisoformat(just_now) - dt.timedelta(minutes=30)).isoformat()
    response = post(client, "appointments", payload("appointments", world.foreign, starts_at=past, attendance="seen"))
    assert response.status_code == 201, response.json()
    soon = (dt.datetime.fromisoformat(just_now) + dt.timedelta(minutes=30)).isoformat()
    response = post(client, "appointments", payload("appointments", world.foreign, starts_at=soon, attendance="seen"))
    assert response.json()["code"] == "attendance_in_future"


def test_a_date_time_in_the_dst_gap_or_overlap_is_accepted(world, client_for):
    client = client_for(world.counsellor)
    gap = post(client, "follow-ups", payload("follow-ups", world.followed, occurred_at="2026-03-29T02:30"))
    assert gap.status_code == 201, gap.json()
    overlap = post(client, "follow-ups", payload("follow-ups", world.followed, occurred_at="2026-10-25T02:30"))
    assert overlap.status_code == 201, overlap.json()
    assert overlap.json()["occurred_at"].startswith("2026-10-25T02:30:00")


# -- bad input --------------------------------------------------------------------------------

HUGE = "HUGE"  # replaced by the JSON number 1e400, which Python reads as infinity
ODD_IDS = [HUGE, -1, 0, 1.7, 2**70, "abc", "", None, [], {}, True, "1; DROP TABLE x"]


def send(client, method, url, body):
    text = json.dumps(body).replace(f'"{HUGE}"', "1e400")
    return getattr(client, method)(url, text, content_type="application/json")


@pytest.mark.parametrize("value", ODD_IDS, ids=repr)
@pytest.mark.parametrize("resource", RESOURCES)
def test_odd_parcours_ids_are_400(world, client_for, resource, value):
    response = send(
        client_for(world.manager),
        "post",
        f"/api/v1/{resource}/",
        {**payload(resource, world.followed), "parcours": value},
    )
    assert response.status_code == 400, response.content
    assert "parcours" in response.json()["errors"]
    assert not RESOURCES[resource].objects.exists()


@pytest.mark.parametrize("value", ODD_IDS, ids=repr)
@pytest.mark.parametrize("field", ["owner", "barrier"])
def test_odd_action_ids_are_400(world, client_for, field, value):
    response = send(
        client_for(world.counsellor), "post", "/api/v1/actions/", payload("actions", world.followed, **{field: value})
    )
    if field == "barrier" and value in (None, ""):
        assert response.status_code == 201  # no barrier
    else:
        assert response.status_code == 400, response.content
        assert field in response.json()["errors"]


BAD_DATETIMES = [
    "abc",
    "",
    "2026-13-45T10:00",
    "2026-02-30T10:00",
    "2026-11-20T25:00",
    "2026-11-20T10:00+25:00",
    "2026-11-20T10:00+99:99",
    "0001-01-01T00:00",
    "0001-01-01T00:00+04:00",
    "9999-12-31T23:59",
    "9999-12-31T23:59-04:00",
    "1e400",
    HUGE,
    12345,
    None,
    [],
    {},
    True,
]


@pytest.mark.parametrize("value", BAD_DATETIMES, ids=repr)
@pytest.mark.parametrize("resource, field", [("follow-ups", "occurred_at"), ("appointments", "starts_at")])
def test_malformed_date_times_are_400(world, client_for, resource, field, value):
    client = client_for(world.other_counsellor)
    response = send(client, "post", f"/api/v1/{resource}/", payload(resource, world.foreign, **{field: value}))
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    entry = make_entry(resource, world.foreign)
    response = send(client, "patch", f"/api/v1/{resource}/{entry.pk}/", {field: value, "version": 1})
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


@pytest.mark.parametrize(
    "resource, field, value",
    [
        ("follow-ups", "duration_minutes", "abc"),
        ("follow-ups", "duration_minutes", HUGE),
        ("follow-ups", "duration_minutes", 2**70),
        ("follow-ups", "duration_minutes", 1.5),
        ("follow-ups", "duration_minutes", None),
        ("follow-ups", "kind", None),
        ("follow-ups", "kind", ["interview"]),
        ("follow-ups", "kind", 3),
        ("follow-ups", "note", None),
        ("follow-ups", "note", {"a": 1}),
        ("barriers", "type", None),
        ("barriers", "type", ""),
        ("barriers", "type", 12),
        ("barriers", "type", ["logement"]),
        ("barriers", "identified_on", "2026-02-30"),
        ("barriers", "identified_on", "demain"),
        ("barriers", "identified_on", None),
        ("barriers", "identified_on", 20261120),
        ("barriers", "status", "closed"),
        ("barriers", "support", None),
        ("barriers", "resolved_on", "2026-13-01"),
        ("barriers", "support_by", "x" * 201),
        ("actions", "title", ""),
        ("actions", "title", None),
        ("actions", "due_date", "2026-11-31"),
        ("actions", "due_date", HUGE),
        ("actions", "status", ["done"]),
        ("appointments", "kind", ""),
        ("appointments", "attendance", "present"),
        ("appointments", "attendance", None),
        ("appointments", "place", "x" * 201),
    ],
    ids=repr,
)
def test_wrong_types_are_400(world, client_for, resource, field, value):
    client = client_for(world.counsellor)
    response = send(client, "post", f"/api/v1/{resource}/", payload(resource, world.followed, **{field: value}))
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    entry = make_entry(resource, world.followed)
    response = send(client, "patch", f"/api/v1/{resource}/{entry.pk}/", {field: value, "version": 1})
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    entry.refresh_from_db()
    assert entry.version == 1


@pytest.mark.parametrize("body", [[], "texte", 12, None, [{"version": 1}]], ids=repr)
@pytest.mark.parametrize("resource", RESOURCES)
def test_bodies_that_are_not_objects_are_400(world, client_for, resource, body):
    client = client_for(world.counsellor)
    entry = make_entry(resource, world.followed)
    assert send(client, "post", f"/api/v1/{resource}/", body).status_code == 400
    assert send(client, "patch", f"/api/v1/{resource}/{entry.pk}/", body).status_code == 400
    response = client.post(f"/api/v1/{resource}/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("version", [HUGE, 0, -1, 2**31, 2**70, 1.5, "abc", None, [], {}, True], ids=repr)
@pytest.mark.parametrize("resource", RESOURCES)
def test_odd_versions_are_400(world, client_for, resource, version):
    entry = make_entry(resource, world.followed)
    field, value = EDITS[resource]
    response = send(
        client_for(world.counsellor), "patch", f"/api/v1/{resource}/{entry.pk}/", {field: value, "version": version}
    )
    assert response.status_code in {400, 409}, response.content
    if response.status_code == 400:
        assert "version" in response.json()["errors"]
    entry.refresh_from_db()
    assert entry.version == 1


@pytest.mark.parametrize("entry_id", ["abc", "0", "-1", "1.5", "99999999999999999999999", "9223372036854775808", "%00"])
@pytest.mark.parametrize("resource", RESOURCES)
def test_unknown_ids_in_the_url_are_404(world, client_for, resource, entry_id):
    make_entry(resource, world.followed)
    client = client_for(world.manager)
    for response in (
        client.get(f"/api/v1/{resource}/{entry_id}/"),
        client.patch(f"/api/v1/{resource}/{entry_id}/", {"version": 1}, format="json"),
    ):
        assert response.status_code == 404, (entry_id, response.content)
        assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("resource", RESOURCES)
def test_an_id_that_never_existed_is_404(world, client_for, resource):
    entry = make_entry(resource, world.followed)
    client = client_for(world.manager)
    for entry_id in (entry.pk + 1000, 2**63 - 1):
        assert client.get(f"/api/v1/{resource}/{entry_id}/").status_code == 404
        assert client.patch(f"/api/v1/{resource}/{entry_id}/", {"version": 1}, format="json").status_code == 404


FILTERS = {
    "follow-ups": ["parcours", "kind"],
    "barriers": ["parcours", "status"],
    "actions": ["parcours", "status"],
    "appointments": ["parcours", "attendance"],
}


@pytest.mark.parametrize("value", ["abc", "1e20", "99999999999999999999999", "-4", "0", "1.5", "%00", "nowhere"])
@pytest.mark.parametrize("resource", RESOURCES)
def test_unknown_filter_values_are_400(world, client_for, resource, value):
    make_entry(resource, world.followed)
    client = client_for(world.manager)
    for name in FILTERS[resource]:
        response = client.get(f"/api/v1/{resource}/", {name: value})
        assert response.status_code == 400, (name, value, response.content)
        assert name in response.json()["errors"]
    for name in ("page", "page_size", "ordering", "search", "unknown"):
        response = client.get(f"/api/v1/{resource}/", {name: value})
        assert response.status_code in {200, 400, 404}, (name, value)
        assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("resource", RESOURCES)
def test_ordering_on_the_offered_fields(world, client_for, resource):
    make_entry(resource, world.followed)
    client = client_for(world.manager)
    fields = {
        "follow-ups": ["occurred_at", "-occurred_at"],
        "barriers": ["status", "-identified_on"],
        "actions": ["due_date", "-due_date"],
        "appointments": ["starts_at", "-starts_at"],
    }[resource]
    for ordering in fields:
        response = client.get(f"/api/v1/{resource}/", {"ordering": ordering})
        assert response.status_code == 200
        assert response.json()["count"] == 1


def test_barrier_types_ignores_query_parameters(world, client_for):
    response = client_for(world.counsellor).get("/api/v1/barrier-types/", {"page": "abc", "ordering": "x"})
    assert response.status_code == 200
    assert isinstance(response.json(), list)  # not paginated
