"""Who sees and writes the follow-up journal (DESIGN §5): the parcours' followers and the structure's
managers only. Everyone else gets empty lists, 404 on an entry and "does not exist" on creation;
reassigning moves access; lists cost the same number of queries whatever the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parcours.models import BarrierChange
from tests.factories import make_parcours
from tests.parcours.test_journal_rules import EDITS, RESOURCES, make_entry, patch, payload, post

pytestmark = pytest.mark.django_db

# Which of world.followed / unfollowed / foreign each role reaches.
VISIBLE = {
    "counsellor": {"followed"},
    "counsellor2": {"unfollowed"},
    "manager": {"followed", "unfollowed"},
    "other_counsellor": {"foreign"},
    "other_manager": {"foreign"},
    "employer_contact": set(),
    "trainer": set(),
    "analyst": set(),
}
PARCOURS = ("followed", "unfollowed", "foreign")


@pytest.mark.parametrize("role", VISIBLE)
@pytest.mark.parametrize("resource", RESOURCES)
def test_matrix_list_read_create_patch(world, client_for, resource, role):
    model = RESOURCES[resource]
    entries = {name: make_entry(resource, getattr(world, name)) for name in PARCOURS}
    client = client_for(getattr(world, role))
    visible = VISIBLE[role]

    listed = client.get(f"/api/v1/{resource}/").json()
    assert sorted(row["id"] for row in listed["results"]) == sorted(entries[name].pk for name in visible)
    for name in PARCOURS:
        filtered = client.get(f"/api/v1/{resource}/", {"parcours": getattr(world, name).pk}).json()
        assert [row["id"] for row in filtered["results"]] == ([entries[name].pk] if name in visible else [])

    field, value = EDITS[resource]
    for name, entry in entries.items():
        detail = client.get(f"/api/v1/{resource}/{entry.pk}/")
        response = patch(client, resource, entry.pk, {field: value, "version": 1})
        if name in visible:
            assert detail.status_code == 200
            assert response.status_code == 200, response.json()
            assert model.objects.get(pk=entry.pk).version == 2
        else:
            for refused in (detail, response):
                assert refused.status_code == 404
                assert refused.json() == {"code": "not_found", "message": "Introuvable."}
            assert model.objects.get(pk=entry.pk).version == 1

    for name in PARCOURS:
        parcours = getattr(world, name)
        body = payload(resource, parcours, **({"type": "mobilite"} if resource == "barriers" else {}))
        if resource == "actions":
            body["owner"] = parcours.referent_id
        response = post(client, resource, body)
        if name in visible:
            assert response.status_code == 201, response.json()
        else:
            assert response.status_code == 400, response.json()
            # The same answer as for an id that exists nowhere: out of scope is not disclosed.
            unknown = post(client, resource, {**body, "parcours": 10**12}).json()["errors"]["parcours"][0]
            assert response.json()["errors"]["parcours"] == [unknown.replace(str(10**12), str(parcours.pk))]
    assert model.objects.count() == 3 + len(visible)


@pytest.mark.parametrize("resource", RESOURCES)
def test_anonymous_is_refused(world, resource):
    from rest_framework.test import APIClient

    entry = make_entry(resource, world.followed)
    client = APIClient()
    assert client.get(f"/api/v1/{resource}/").status_code in {401, 403}
    assert client.get(f"/api/v1/{resource}/{entry.pk}/").status_code in {401, 403}
    assert post(client, resource, payload(resource, world.followed)).status_code in {401, 403}
    assert client.get("/api/v1/barrier-types/").status_code in {401, 403}


def reassign(client, parcours, **body):
    parcours.refresh_from_db()
    return client.post(
        f"/api/v1/parcours/{parcours.pk}/reassign/", {"version": parcours.version, **body}, format="json"
    )


@pytest.mark.parametrize("resource", RESOURCES)
def test_reassigning_the_parcours_moves_access_to_the_new_referent(world, client_for, resource):
    entry = make_entry(resource, world.followed)
    response = reassign(client_for(world.manager), world.followed, referent=world.counsellor2.pk, co_referents=[])
    assert response.status_code == 200, response.json()

    old, new = client_for(world.counsellor), client_for(world.counsellor2)
    assert old.get(f"/api/v1/{resource}/").json()["count"] == 0
    assert old.get(f"/api/v1/{resource}/{entry.pk}/").status_code == 404
    field, value = EDITS[resource]
    assert patch(old, resource, entry.pk, {field: value, "version": 1}).status_code == 404
    assert post(old, resource, payload(resource, world.followed, type="mobilite")).status_code == 400

    assert [row["id"] for row in new.get(f"/api/v1/{resource}/").json()["results"]] == [entry.pk]
    assert patch(new, resource, entry.pk, {field: value, "version": 1}).status_code == 200
    body = payload(resource, world.followed, **({"type": "mobilite"} if resource == "barriers" else {}))
    if resource == "actions":
        body["owner"] = world.counsellor.pk  # still staff of the structure: may own an action
    assert post(new, resource, body).status_code == 201


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_co_referent_reads_and_writes(world, client_for, resource):
    entry = make_entry(resource, world.followed)
    co = client_for(world.counsellor2)
    assert co.get(f"/api/v1/{resource}/{entry.pk}/").status_code == 404
    response = reassign(
        client_for(world.manager), world.followed, referent=world.counsellor.pk, co_referents=[world.counsellor2.pk]
    )
    assert response.status_code == 200, response.json()
    assert co.get(f"/api/v1/{resource}/{entry.pk}/").status_code == 200
    field, value = EDITS[resource]
    response = patch(co, resource, entry.pk, {field: value, "version": 1})
    assert response.status_code == 200, response.json()
    body = payload(resource, world.followed, **({"type": "mobilite"} if resource == "barriers" else {}))
    created = post(co, resource, body)
    assert created.status_code == 201, created.json()
    assert created.json()["created_by"]["id"] == world.counsellor2.pk
    # The referent still sees both entries, the co-referent's own parcours too.
    assert client_for(world.counsellor).get(f"/api/v1/{resource}/").json()["count"] == 2
    assert co.get(f"/api/v1/{resource}/").json()["count"] == 2
    # Dropped as co-referent: access goes.
    reassign(client_for(world.manager), world.followed, referent=world.counsellor.pk, co_referents=[])
    assert co.get(f"/api/v1/{resource}/{entry.pk}/").status_code == 404


def test_barrier_change_log_is_not_reachable_through_another_route(world, client_for):
    make_entry("barriers", world.followed)
    assert BarrierChange.objects.count() == 1
    for user in (world.counsellor2, world.employer_contact, world.trainer, world.analyst, world.other_manager):
        assert client_for(user).get("/api/v1/barriers/").json() == {
            "count": 0,
            "next": None,
            "previous": None,
            "results": [],
        }


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("role", ["counsellor", "manager"])
def test_query_count_does_not_grow_with_page_size(world, client_for, resource, role):
    codes = ["langue", "administratif", "logement", "mobilite", "sante", "justice", "finances", "disponibilite"]
    owners = [world.counsellor, world.counsellor2, world.manager]
    barriers = {}
    for index in range(30):
        parcours = world.followed if index % 2 else make_parcours(actor=world.counsellor, structure=world.ges)
        extra = {}
        if resource == "barriers":
            extra["type"] = codes[index % len(codes)] if parcours.pk != world.followed.pk else codes[index // 2 % 8]
            if parcours.pk == world.followed.pk and index // 2 >= 8:
                extra["status"] = "resolved"
        if resource == "actions":
            extra["owner"] = owners[index % 3]
            if parcours.pk not in barriers:
                barriers[parcours.pk] = make_entry("barriers", parcours, type=codes[index % 8])
            extra["barrier"] = barriers[parcours.pk]
        make_entry(resource, parcours, actor=world.counsellor if index % 3 else world.manager, **extra)
    client = client_for(getattr(world, role))
    url = f"/api/v1/{resource}/"
    client.get(url)  # warm the per-process caches (content types, permission ids)
    small, response_small = count_queries(client, f"{url}?page_size=2")
    large, response_large = count_queries(client, f"{url}?page_size=30")
    assert len(response_small.json()["results"]) == 2
    assert len(response_large.json()["results"]) == 30
    assert small == large
    filtered, response = count_queries(client, f"{url}?page_size=30&parcours={world.followed.pk}")
    assert response.json()["count"] == 15
    assert filtered == large
