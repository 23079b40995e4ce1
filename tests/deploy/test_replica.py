"""The read replica: the dashboards read from it, nothing else does.

No second server is needed to prove the routing: the "replica" alias is added for this module as a
test mirror of "default" (what settings.py does when DATABASE_REPLICA_URL is set), i.e. a second
connection to the same test database, whose queries are captured apart from the primary's. The
tests are transactional: rows are committed, so the second connection sees them."""

import copy

import pytest
from django.db import connections, router
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from parcours.models import Parcours
from tremplin.routers import REPLICA

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    # Module scope: set up before the per-test database fixture, which checks the aliases it allows.
    settings_dict = copy.deepcopy(connections["default"].settings_dict)
    settings_dict["TEST"]["MIRROR"] = "default"
    connections.settings[REPLICA] = settings_dict  # the same dict as settings.DATABASES
    try:
        yield
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.fixture
def replica():
    return connections[REPLICA]


def test_healthz_checks_the_replica_too(client):
    assert client.get("/healthz").json() == {"status": "ok", "databases": {"default": "ok", "replica": "ok"}}


def _token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_outcome_views_read_from_the_replica_after_authenticating_on_the_primary(replica, world):
    client = _token_client(world.manager)
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(replica) as on_replica:
        response = client.get("/api/v1/outcomes/summary/")
    assert response.status_code == 200, response.content
    assert response.json()["structures"] or response.json()["figures"]
    assert on_replica.captured_queries, "the dashboard read nothing from the replica"
    # The token is checked on the primary (a replica may not have it yet), and that is all it reads.
    assert primary.captured_queries
    assert all("authtoken_token" in query["sql"] for query in primary.captured_queries), primary.captured_queries
    assert not any("authtoken_token" in query["sql"] for query in on_replica.captured_queries)
    # The request is over: reads are back on the primary.
    assert router.db_for_read(Parcours) == "default"


def test_a_streamed_export_reads_from_the_replica_while_it_is_sent(replica, world):
    client = _token_client(world.manager)
    response = client.get("/api/v1/outcomes/parcours-export/", {"file": "csv"})
    assert response.status_code == 200
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(replica) as on_replica:
        body = b"".join(response.streaming_content)
    assert body
    assert on_replica.captured_queries
    assert not primary.captured_queries
    assert router.db_for_read(Parcours) == "default"


def test_other_endpoints_never_touch_the_replica(replica, world):
    client = _token_client(world.counsellor)
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(replica) as on_replica:
        assert client.get("/api/v1/parcours/").status_code == 200
        assert client.get("/api/v1/me/").status_code == 200
    assert primary.captured_queries
    assert not on_replica.captured_queries
