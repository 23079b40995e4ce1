"""The audit trail through HTTP: reads and writes of a person's file, logins, append-only, and
the managers' view of it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from audit.models import AuditEntry, Event
from audit.registration import MASK
from parcours.models import FollowUp
from tests.parcours.test_import import csv_bytes, row, upload

pytestmark = pytest.mark.django_db

URL = "/api/v1/audit-entries/"


def _entries(**filters):
    return list(AuditEntry.objects.filter(**filters).order_by("pk"))


def test_a_write_records_actor_fields_old_and_new_values_and_request_id(world, client_for):
    person = world.followed.person
    response = client_for(world.counsellor).patch(
        f"/api/v1/persons/{person.pk}/",
        {"version": person.version, "last_name": "Nouveau-Nom", "pass_iae_end": "2027-06-30"},
        format="json",
        HTTP_X_REQUEST_ID="req-test-0001",
    )
    assert response.status_code == 200, response.json()
    assert response["X-Request-ID"] == "req-test-0001"
    [entry] = _entries(event=Event.UPDATE, person=person)
    assert entry.actor == world.counsellor
    assert entry.cid == "req-test-0001"
    assert entry.structure_id == world.ges.pk
    # Dates and codes as they are; identity masked (anonymisation must be able to forget it).
    assert entry.changes["pass_iae_end"][1] == "2027-06-30"
    assert entry.changes["last_name"] == [MASK, MASK]
    assert "Nouveau" not in str(entry.changes) and "Nouveau" not in entry.object_repr


def test_a_reassignment_records_the_old_and_new_referent(world, client_for):
    parcours = world.followed
    response = client_for(world.manager).post(
        f"/api/v1/parcours/{parcours.pk}/reassign/",
        {"referent": world.counsellor2.pk, "version": parcours.version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    [entry] = _entries(event=Event.UPDATE, parcours=parcours, content_type__model="parcours")
    assert entry.actor == world.manager
    assert entry.changes["referent"] == [world.counsellor.pk, world.counsellor2.pk]
    assert entry.cid and entry.cid == response["X-Request-ID"]


def test_a_journal_entry_is_recorded_with_its_note_masked(world, client_for):
    response = client_for(world.counsellor).post(
        "/api/v1/follow-ups/",
        {
            "parcours": world.followed.pk,
            "kind": "interview",
            "occurred_at": "2026-11-20T10:00:00+01:00",
            "duration_minutes": 30,
            "note": "Entretien sur la recherche de logement",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    [entry] = _entries(event=Event.CREATE, content_type__model="followup")
    assert (entry.parcours_id, entry.person_id) == (world.followed.pk, world.followed.person_id)
    assert entry.changes["note"][1] == MASK
    assert entry.changes["kind"][1] == "interview"


@pytest.mark.parametrize(
    ("path", "view"),
    [
        ("/api/v1/persons/{person}/", "person"),
        ("/api/v1/parcours/{parcours}/", "parcours"),
        ("/api/v1/parcours/{parcours}/timeline/", "timeline"),
    ],
)
def test_reads_of_a_file_are_recorded(world, client_for, path, view):
    parcours = world.followed
    url = path.format(person=parcours.person_id, parcours=parcours.pk)
    assert client_for(world.counsellor).get(url).status_code == 200
    [entry] = _entries(event=Event.READ)
    assert entry.actor == world.counsellor
    assert entry.person_id == parcours.person_id
    assert entry.additional_data == {"view": view}


def test_a_journal_page_records_one_read_per_parcours_shown(world, client_for):
    for day in (1, 2, 3):
        FollowUp.objects.create(
            parcours=world.followed,
            kind="call",
            occurred_at=dt.datetime(2026, 11, day, 10, tzinfo=dt.UTC),
            duration_minutes=10,
            created_by=world.counsellor,
        )
    response = client_for(world.manager).get("/api/v1/follow-ups/", {"parcours": world.followed.pk})
    assert response.status_code == 200
    [entry] = _entries(event=Event.READ)
    assert (entry.actor, entry.parcours_id) == (world.manager, world.followed.pk)


def test_out_of_scope_reads_are_404_and_record_nothing(world, client_for):
    response = client_for(world.other_counsellor).get(f"/api/v1/parcours/{world.followed.pk}/")
    assert response.status_code == 404
    assert not _entries(event=Event.READ)


def test_logins_failed_logins_and_logouts_are_recorded(world):
    world.counsellor.set_password("correct horse battery")
    world.counsellor.save()
    client = APIClient()
    bad = client.post("/api/v1/auth/token/", {"email": world.counsellor.email, "password": "wrong"}, format="json")
    unknown = client.post("/api/v1/auth/token/", {"email": "nobody@example.org", "password": "x"}, format="json")
    assert bad.status_code == unknown.status_code == 400
    assert bad.json() == unknown.json()
    good = client.post(
        "/api/v1/auth/token/", {"email": world.counsellor.email, "password": "correct horse battery"}, format="json"
    )
    assert good.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {good.json()['token']}")
    assert client.delete("/api/v1/auth/token/").status_code == 204
    logins = _entries(event__in=[Event.LOGIN, Event.LOGIN_FAILED, Event.LOGOUT])
    events = [(e.event, e.object_pk, (e.additional_data or {}).get("known_account")) for e in logins]
    assert events[:2] == [
        (Event.LOGIN_FAILED, str(world.counsellor.pk), True),
        (Event.LOGIN_FAILED, "", False),
    ]
    assert [e[0] for e in events[2:]] == [Event.LOGIN, Event.LOGOUT]
    assert "nobody" not in str([(e.additional_data, e.object_repr) for e in logins])


def test_the_trail_is_append_only(world, client_for):
    client_for(world.counsellor).get(f"/api/v1/parcours/{world.followed.pk}/")
    entry = AuditEntry.objects.get(event=Event.READ)
    entry.object_repr = "changed"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="changed")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    with pytest.raises(TypeError):  # the anonymisation path is closed too: the trail holds no identity
        AuditEntry.objects.all().anonymise(object_repr="")
    # Deleting what an entry is about leaves the entry as it was.
    assert AuditEntry.objects.get(event=Event.READ).object_repr != "changed"


def test_managers_see_who_looked_at_a_file_in_their_structure_only(world, client_for):
    client_for(world.counsellor).get(f"/api/v1/parcours/{world.followed.pk}/")
    client_for(world.other_counsellor).get(f"/api/v1/parcours/{world.foreign.pk}/")
    body = client_for(world.manager).get(URL, {"person": world.followed.person_id, "event": "read"}).json()
    assert [(row["actor"]["id"], row["parcours"], row["event"]) for row in body["results"]] == [
        (world.counsellor.pk, world.followed.pk, "read")
    ]
    # The other structure's reads are not in this manager's trail, and the reverse.
    assert client_for(world.manager).get(URL, {"person": world.foreign.person_id}).json()["results"] == []
    other = client_for(world.other_manager).get(URL).json()["results"]
    assert {row["structure"] for row in other} == {world.aci.pk}


@pytest.mark.parametrize("role", ["counsellor", "employer_contact", "trainer", "analyst"])
def test_only_managers_query_the_trail(world, client_for, role):
    response = client_for(getattr(world, role)).get(URL)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_the_trail_costs_the_same_queries_whatever_the_page_size(world, client_for):
    client = client_for(world.counsellor)
    for _ in range(30):
        client.get(f"/api/v1/parcours/{world.followed.pk}/")
    manager = client_for(world.manager)
    counts = []
    for size in (1, 30):
        with CaptureQueriesContext(connection) as queries:
            assert len(manager.get(URL, {"page_size": size}).json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_parcours_export_is_recorded_in_each_exported_file(world, client_for):
    response = client_for(world.manager).get("/api/v1/outcomes/parcours-export/", {"file": "csv", "from": "2020-01-01"})
    assert response.status_code == 200
    b"".join(response.streaming_content) if response.streaming else response.content  # read (and closed)
    exported = _entries(event=Event.EXPORT)
    assert {(e.parcours_id, e.person_id) for e in exported} == {
        (world.followed.pk, world.followed.person_id),
        (world.unfollowed.pk, world.unfollowed.person_id),
    }
    assert {e.actor for e in exported} == {world.manager}
    assert exported[0].additional_data["file"] == "parcours"
    # And the manager finds it in that person's trail.
    rows = client_for(world.manager).get(URL, {"person": world.followed.person_id, "event": "export"}).json()
    assert len(rows["results"]) == 1


def test_the_figures_export_is_recorded(world, client_for):
    response = client_for(world.manager).get("/api/v1/outcomes/export/", {"file": "xlsx"})
    assert response.status_code == 200
    b"".join(response.streaming_content) if response.streaming else response.content  # read (and closed)
    [entry] = _entries(event=Event.EXPORT)
    assert (entry.actor, entry.structure_id, entry.person_id) == (world.manager, world.ges.pk, None)
    assert entry.additional_data["file"] == "indicateurs"


def test_an_import_is_recorded_with_every_row_it_created(world, client_for):
    rows = [row(world, 1), row(world, 2)]
    dry = upload(client_for(world.manager), csv_bytes(rows), world.ges, dry_run=True)
    assert dry.status_code == 200 and not _entries(event=Event.IMPORT)
    response = upload(client_for(world.manager), csv_bytes(rows), world.ges, dry_run=False)
    assert response.status_code == 200, response.json()
    [summary] = _entries(event=Event.IMPORT)
    assert (summary.actor, summary.structure_id) == (world.manager, world.ges.pk)
    assert summary.additional_data == {"persons_created": 2, "persons_updated": 0, "parcours_created": 2}
    created = _entries(event=Event.CREATE, additional_data__source="import")
    assert sorted(e.content_type.model for e in created) == ["parcours", "parcours", "person", "person"]
    assert {e.actor for e in created} == {world.manager}
    assert all(e.person_id and e.structure_id == world.ges.pk for e in created)
    assert all(e.cid == summary.cid == response["X-Request-ID"] for e in created)


def test_managers_see_the_logins_of_their_structures_members_only(world, client_for):
    for user in (world.counsellor, world.other_counsellor):
        user.set_password("correct horse battery")
        user.save()
        client = APIClient()
        assert (
            client.post(
                "/api/v1/auth/token/", {"email": user.email, "password": "correct horse battery"}, format="json"
            ).status_code
            == 200
        )
        client.post("/api/v1/auth/token/", {"email": user.email, "password": "wrong"}, format="json")
    rows = client_for(world.manager).get(URL, {"event": ["login", "login_failed"]}).json()["results"]
    assert sorted((row["event"], row["object_id"]) for row in rows) == [
        ("login", str(world.counsellor.pk)),
        ("login_failed", str(world.counsellor.pk)),
    ]
