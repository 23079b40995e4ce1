"""Login by email, API tokens, and the current user's profile."""

import pytest
from rest_framework.test import APIClient

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_token_by_email_and_password_then_authenticated_calls(world):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"email": world.counsellor.email.upper(), "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/").json()
    assert me["email"] == world.counsellor.email
    assert me["memberships"] == [
        {
            "organisation": world.ges.pk,
            "organisation_name": world.ges.name,
            "organisation_kind": "structure",
            "role": "counsellor",
        }
    ]
    assert client.get("/api/v1/parcours/").json()["count"] == 1


def test_wrong_password_and_unknown_email_get_the_same_answer(world):
    client = APIClient()
    wrong = client.post("/api/v1/auth/token/", {"email": world.counsellor.email, "password": "nope"}, format="json")
    unknown = client.post("/api/v1/auth/token/", {"email": "nobody@example.test", "password": "nope"}, format="json")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "invalid"


def test_token_can_be_revoked(world):
    client = APIClient()
    token = client.post(
        "/api/v1/auth/token/", {"email": world.manager.email, "password": PASSWORD}, format="json"
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.delete("/api/v1/auth/token/").status_code == 204
    response = client.get("/api/v1/parcours/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/parcours/",
        "/api/v1/persons/",
        "/api/v1/exit-reasons/",
        "/api/v1/me/",
        "/api/v1/programmes/",
        "/api/v1/certifications/",
        "/api/v1/training-sessions/",
        "/api/v1/training-sessions/1/attendance/",
        "/api/v1/enrolments/",
        "/api/v1/vae-applications/",
    ],
)
def test_login_is_required_everywhere(url):
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_docs_and_schema_need_no_secret_but_exist(client):
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


def test_session_writes_require_csrf(world):
    client = APIClient(enforce_csrf_checks=True)
    client.login(email=world.counsellor.email, password=PASSWORD)
    response = client.post("/api/v1/persons/", {"first_name": "A", "last_name": "B"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert "CSRF" in response.json()["message"]


def test_token_endpoint_is_throttled(world):
    """Per address, over every e-mail (one e-mail per attempt: the per-e-mail lockout, tested in
    tests/security, stays out of the way)."""
    client = APIClient()
    codes = [
        client.post("/api/v1/auth/token/", {"email": f"guess{n}@example.test", "password": "bad"}, format="json")
        for n in range(11)
    ]
    assert [r.status_code for r in codes[:10]] == [400] * 10
    assert codes[10].status_code == 429
    assert codes[10].json()["code"] == "throttled"
