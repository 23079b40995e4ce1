"""Login lockout (django-axes): per e-mail and client address, the same answer for every e-mail,
reset on success, over after the cool-off; and no account enumeration in the login answers."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import override_settings
from django.test.client import RequestFactory
from rest_framework.test import APIClient

from audit.models import AuditEntry, Event
from tests.factories import PASSWORD
from tremplin.security import client_ip

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
SESSION = "/api/v1/auth/login/"
LOGIN_URLS = pytest.mark.parametrize("url", [TOKEN, SESSION])
LIMIT = 5  # AXES_FAILURE_LIMIT's default


def attempt(client, url, email, password="wrong-password"):
    return client.post(url, {"email": email, "password": password}, format="json")


def client_from(address: str) -> APIClient:
    return APIClient(REMOTE_ADDR=address)


def test_settings():
    from django.conf import settings

    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_RESET_ON_SUCCESS is True
    assert settings.AUTHENTICATION_BACKENDS[0] == "tremplin.security.AxesBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


@LOGIN_URLS
def test_locked_out_after_the_failure_limit_even_with_the_right_password(world, url):
    client = client_from("10.0.0.1")
    email = world.counsellor.email
    answers = [attempt(client, url, email) for _ in range(LIMIT)]
    assert [answer.status_code for answer in answers] == [400] * (LIMIT - 1) + [429]
    locked = answers[-1]
    assert locked.json() == {
        "code": "locked_out",
        "message": "Trop de tentatives de connexion échouées. "
        "Réessayez dans 15 minutes ou contactez votre administrateur.",
    }
    assert locked["Retry-After"] == "900"
    assert locked["Content-Type"] == "application/json"

    right = attempt(client, url, email, PASSWORD)
    assert right.status_code == 429
    assert right.content == locked.content
    # The e-mail's case does not start a new count.
    assert attempt(client, url, email.upper(), PASSWORD).status_code == 429
    # Every attempt is still in the audit trail as a failed login.
    assert AuditEntry.objects.filter(event=Event.LOGIN_FAILED).count() == LIMIT + 2


@LOGIN_URLS
def test_the_lockout_answer_is_the_same_for_an_unknown_account(world, url):
    known = [attempt(client_from("10.0.0.1"), url, world.counsellor.email) for _ in range(LIMIT + 1)]
    unknown = [attempt(client_from("10.0.0.2"), url, "nobody@example.test") for _ in range(LIMIT + 1)]
    assert [a.status_code for a in known] == [a.status_code for a in unknown] == [400] * (LIMIT - 1) + [429] * 2
    for mine, theirs in zip(known, unknown, strict=True):
        assert mine.content == theirs.content


@LOGIN_URLS
def test_a_lockout_holds_for_one_address_only(world, url):
    for _ in range(LIMIT):
        attempt(client_from("10.0.0.1"), url, world.manager.email)
    assert attempt(client_from("10.0.0.1"), url, world.manager.email, PASSWORD).status_code == 429
    assert attempt(client_from("10.0.0.9"), url, world.manager.email, PASSWORD).status_code == 200
    # ... and for one e-mail only: the same address may still log another user in.
    assert attempt(client_from("10.0.0.1"), url, world.counsellor.email, PASSWORD).status_code == 200


def test_x_forwarded_for_is_ignored_unless_trusted(world):
    """Outside production a client cannot pick a new address per attempt with the header."""
    client = APIClient()
    for n in range(LIMIT):
        client.post(
            TOKEN, {"email": world.manager.email, "password": "x"}, format="json", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}"
        )
    response = client.post(
        TOKEN, {"email": world.manager.email, "password": PASSWORD}, format="json", HTTP_X_FORWARDED_FOR="9.9.9.9"
    )
    assert response.status_code == 429


def test_the_login_throttle_ignores_x_forwarded_for_unless_trusted():
    """DRF's per-address "login" rate: not escaped by writing a new X-Forwarded-For each time."""
    client = APIClient()
    codes = [
        client.post(
            TOKEN,
            {"email": f"guess{n}@example.test", "password": "x"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}",
        ).status_code
        for n in range(11)
    ]
    assert codes == [400] * 10 + [429]


def test_client_address_behind_the_proxy():
    request = RequestFactory().post("/", REMOTE_ADDR="172.18.0.3", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    with override_settings(AUDIT_TRUST_X_FORWARDED_FOR=False):
        assert client_ip(request) == "172.18.0.3"
    with override_settings(AUDIT_TRUST_X_FORWARDED_FOR=True):
        # nginx appends the address it saw: the last hop, not what the client wrote before it.
        assert client_ip(request) == "203.0.113.7"


@LOGIN_URLS
def test_a_successful_login_resets_the_count(world, url):
    client = client_from("10.0.0.1")
    for _ in range(LIMIT - 1):
        assert attempt(client, url, world.manager.email).status_code == 400
    assert attempt(client_from("10.0.0.1"), url, world.manager.email, PASSWORD).status_code == 200
    assert not AccessAttempt.objects.exists()
    client = client_from("10.0.0.1")
    for _ in range(LIMIT - 1):
        assert attempt(client, url, world.manager.email).status_code == 400
    assert attempt(client, url, world.manager.email, PASSWORD).status_code == 200


@LOGIN_URLS
def test_the_lockout_ends_after_the_cool_off(world, url):
    client = client_from("10.0.0.1")
    for _ in range(LIMIT):
        attempt(client, url, world.manager.email)
    assert attempt(client, url, world.manager.email, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    assert attempt(client, url, world.manager.email, PASSWORD).status_code == 200


def test_the_admin_login_is_locked_out_too_with_a_json_answer(world, client):
    world.manager.is_staff = True
    world.manager.save(update_fields=["is_staff"])
    form = {"username": world.manager.email, "password": "wrong", "next": "/admin/"}
    answers = [client.post("/admin/login/", form) for _ in range(LIMIT)]
    assert [answer.status_code for answer in answers] == [200] * (LIMIT - 1) + [429]
    assert answers[-1]["Content-Type"] == "application/json"
    assert answers[-1].json()["code"] == "locked_out"
    response = client.post("/admin/login/", {**form, "password": PASSWORD})
    assert response.status_code == 429


@LOGIN_URLS
def test_unknown_email_and_wrong_password_get_byte_identical_answers(world, url):
    wrong = attempt(client_from("10.0.0.1"), url, world.counsellor.email)
    unknown = attempt(client_from("10.0.0.1"), url, "nobody@example.test")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.content == unknown.content
    assert wrong.json()["errors"] == {"non_field_errors": ["E-mail ou mot de passe incorrect."]}


def test_an_inactive_account_gets_the_wrong_password_answer(world):
    world.manager.is_active = False
    world.manager.save(update_fields=["is_active"])
    inactive = attempt(client_from("10.0.0.1"), TOKEN, world.manager.email, PASSWORD)
    unknown = attempt(client_from("10.0.0.1"), TOKEN, "nobody@example.test")
    assert inactive.status_code == 400
    assert inactive.content == unknown.content


def test_a_revoked_token_is_refused(world):
    client = APIClient()
    token = attempt(client, TOKEN, world.manager.email, PASSWORD).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/me/").status_code == 200
    assert client.delete(TOKEN).status_code == 204
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert client.delete(TOKEN).status_code == 401
    # A new login gives a new token; the old one stays dead.
    fresh = attempt(APIClient(), TOKEN, world.manager.email, PASSWORD).json()["token"]
    assert fresh != token
