"""CSRF on every session write: each unsafe operation of the API's schema, sent with a web session
but without the CSRF token, is refused with 403 ``csrf_failed`` before anything else happens."""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

UNSAFE = ("post", "put", "patch", "delete")
# Session cookies are not accepted there (TokenAuthentication only): no session write to protect.
# POST exchanges a password for a token in the body, DELETE revokes the token sent in the header.
TOKEN_ONLY = {("post", "/api/v1/auth/token/"), ("delete", "/api/v1/auth/token/")}


def unsafe_operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method, path)
        for path, operations in sorted(schema["paths"].items())
        for method in UNSAFE
        if method in operations
    ]


OPERATIONS = unsafe_operations()


def test_the_schema_lists_the_writes():
    assert len(OPERATIONS) >= 25
    assert ("post", "/api/v1/auth/login/") in OPERATIONS
    assert ("post", "/api/v1/auth/logout/") in OPERATIONS
    assert ("post", "/api/v1/parcours/{id}/transitions/{name}/") in OPERATIONS


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_session_writes_need_the_csrf_token(world, method, path):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.manager)
    url = re.sub(r"\{[^}]+\}", "1", path)
    response = getattr(client, method)(url, {}, format="json")
    if (method, path) in TOKEN_ONLY:
        assert response.status_code in {400, 401}, response.content
        return
    assert response.status_code == 403, (method, url, response.content)
    assert response.json() == {
        "code": "csrf_failed",
        "message": "Votre page a expiré (jeton de sécurité CSRF). Rechargez-la, puis réessayez.",
    }


def test_the_login_itself_needs_the_csrf_token_without_a_session(world):
    response = APIClient(enforce_csrf_checks=True).post(
        "/api/v1/auth/login/", {"email": world.manager.email, "password": "x"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"


def test_with_the_token_the_write_goes_through(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.manager)
    token = client.get("/api/v1/auth/csrf/").json()["csrf_token"]
    response = client.post("/api/v1/auth/logout/", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 204
