"""The web app's session auth: CSRF cookie, login, logout, idle expiry; and the SPA fallback."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_session_login_needs_the_csrf_token_then_works(world):
    client = APIClient(enforce_csrf_checks=True)
    body = {"email": world.manager.email, "password": PASSWORD}
    assert client.post("/api/v1/auth/login/", body, format="json").status_code == 403  # no CSRF cookie yet

    token = client.get("/api/v1/auth/csrf/").json()["csrf_token"]
    response = client.post("/api/v1/auth/login/", body, format="json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert response.json()["memberships"][0]["role"] == "manager"
    assert client.get("/api/v1/parcours/").json()["count"] == 2

    token = client.cookies["csrftoken"].value  # rotated at login
    assert client.post("/api/v1/auth/logout/", HTTP_X_CSRFTOKEN=token).status_code == 204
    assert client.get("/api/v1/parcours/").status_code == 401


def test_wrong_credentials_on_session_login(world):
    client = APIClient()
    response = client.post("/api/v1/auth/login/", {"email": world.manager.email, "password": "x"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == ["E-mail ou mot de passe incorrect."]


def test_sessions_expire_after_inactivity_and_each_request_renews_them():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_counsellors_are_listed_for_staff_only_within_their_structures(world, client_for):
    rows = client_for(world.manager).get("/api/v1/counsellors/").json()
    assert {row["id"] for row in rows} == {world.counsellor.pk, world.counsellor2.pk}
    assert rows[0]["structures"] == [world.ges.pk]
    assert client_for(world.analyst).get("/api/v1/counsellors/").json() == []
    assert client_for(world.employer_contact).get("/api/v1/counsellors/").json() == []


def test_client_side_routes_fall_back_to_the_web_app(client, tmp_path, settings):
    settings.FRONTEND_DIST = tmp_path
    assert client.get("/portefeuille").status_code == 503  # not built: says how to build it
    (tmp_path / "index.html").write_text("<!doctype html><title>Tremplin</title><div id=root></div>")
    for url in ("/", "/portefeuille?phase=entry", "/parcours/12", "/connexion"):
        response = client.get(url)
        assert response.status_code == 200
        assert b"<div id=root>" in response.content
        assert "csrftoken" in response.cookies
    assert client.get("/api/v1/nope/").json()["code"] == "not_found"
