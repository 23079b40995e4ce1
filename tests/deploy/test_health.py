"""/healthz: no login, plain HTTP, 200 when every database answers, 503 otherwise."""

from unittest import mock

from django.db import OperationalError, connections, router

from parcours.models import Parcours
from tremplin import routers
from tremplin.routers import REPLICA, ReplicaRouter


def test_healthz_answers_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "databases": {"default": "ok"}}
    assert "no-cache" in response["Cache-Control"]
    assert client.post("/healthz").status_code == 405


def test_healthz_is_503_when_the_database_does_not_answer(client, db, caplog):
    def refuse():
        raise OperationalError("connection refused")

    with mock.patch.object(connections["default"], "cursor", refuse):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "databases": {"default": "unavailable"}}
    assert "connection refused" not in response.content.decode()  # details go to the log only
    assert "does not answer" in caplog.text


def test_without_a_replica_the_router_leaves_everything_to_default(db):
    assert REPLICA not in connections.settings
    token = routers._replica_reads.set(True)
    try:
        assert ReplicaRouter().db_for_read(Parcours) is None
        assert router.db_for_read(Parcours) == "default"
    finally:
        routers._replica_reads.reset(token)
    assert ReplicaRouter().allow_migrate("default", "parcours") is None
    assert ReplicaRouter().allow_migrate(REPLICA, "parcours") is False
    assert ReplicaRouter().db_for_write(Parcours) == "default"
