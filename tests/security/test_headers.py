"""Security headers on the web app's page, the API and the API docs (in every environment; HSTS,
HTTPS and secure cookies in production: tests/deploy/test_production_smoke.py)."""

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response) -> dict[str, str]:
    directives = [part.strip() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {name: value for name, _, value in (directive.partition(" ") for directive in directives)}


def assert_security_headers(response):
    assert policy(response) == STRICT
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def test_the_web_app_page(client, settings, tmp_path):
    settings.FRONTEND_DIST = tmp_path
    (tmp_path / "index.html").write_text("<!doctype html><title>Tremplin</title><div id=root></div>")
    response = client.get("/portefeuille")
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize("url", ["/api/v1/me/", "/api/v1/nope/", "/api/schema/"])
def test_api_answers_anonymous(client, url):
    assert_security_headers(client.get(url))


def test_api_answers_authenticated_and_login_errors(world):
    from rest_framework.test import APIClient

    client = APIClient()
    assert_security_headers(client.post("/api/v1/auth/token/", {"email": "x@example.test", "password": "x"}))
    token = client.post("/api/v1/auth/token/", {"email": world.manager.email, "password": PASSWORD}).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/v1/parcours/")
    assert response.status_code == 200
    assert_security_headers(response)


def test_the_admin(client):
    assert_security_headers(client.get("/admin/login/"))


def test_the_api_docs_may_load_swagger_ui_from_its_cdn_but_no_inline_script(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == "'self' https://cdn.jsdelivr.net"
    assert directives["style-src"] == "'self' 'unsafe-inline' https://cdn.jsdelivr.net"
    assert directives["img-src"] == "'self' data: https://cdn.jsdelivr.net"
    assert directives["connect-src"] == "'self'"
    page = response.content.decode()
    assert "<script>" not in page  # the start-up script is served from this URL
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
