"""The production settings without Docker: gunicorn and PostgreSQL, as the backend container runs.

gunicorn serves the pytest-django test database (transactional: the rows the test writes are
committed, so gunicorn sees them), with the replica configured as the same database."""

import http.client
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from tests.deploy.support import PRODUCTION_HOST, database_url_under_test, production_env

ROOT = Path(__file__).resolve().parents[2]
BACKEND = ROOT / "backend"
BIN = Path(sys.executable).parent
PASSWORD = "a-smoke-test-passw0rd"
INDEX = "<!doctype html><title>Tremplin (smoke)</title>"

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Http:
    def __init__(self, port: int):
        self.port = port

    def __call__(self, method: str, path: str, *, https=True, headers=None, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            sent = {"Host": PRODUCTION_HOST, **({"X-Forwarded-Proto": "https"} if https else {}), **(headers or {})}
            if body is not None:
                body = json.dumps(body)
                sent["Content-Type"] = "application/json"
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()


@pytest.fixture
def web_root(tmp_path):
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX)
    (dist / "assets" / "app-0123abcd.js").write_text("console.log('smoke');")
    return dist


@pytest.fixture
def env(tmp_path, web_root):
    url = database_url_under_test()
    return production_env(
        DATABASE_URL=url,
        DATABASE_REPLICA_URL=url,
        DB_CONN_MAX_AGE="0",
        STATIC_ROOT=str(tmp_path / "static"),
        FRONTEND_DIST=str(web_root),
    )


@pytest.fixture
def gunicorn(env, tmp_path):
    # As in the image: static files collected first (whitenoise reads them at start-up).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=BACKEND, env=env, check=True
    )
    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "tremplin.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=BACKEND,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        request = Http(port)
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log_path.read_text()
            try:
                if request("GET", "/healthz", https=False)[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer /healthz: " + log_path.read_text()
            time.sleep(0.3)
        yield request, port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_gunicorn_with_production_settings(gunicorn, world):
    request, port = gunicorn
    world.manager.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    world.manager.save(update_fields=["password"])

    # The health check: plain HTTP, no redirect, both databases.
    status, _, body = request("GET", "/healthz", https=False)
    assert status == 200
    assert json.loads(body) == {"status": "ok", "databases": {"default": "ok", "replica": "ok"}}

    # Plain HTTP is redirected to HTTPS; behind the proxy (X-Forwarded-Proto: https) the API answers.
    status, headers, _ = request("GET", "/api/v1/me/", https=False)
    assert status == 301
    assert headers["Location"] == f"https://{PRODUCTION_HOST}/api/v1/me/"
    status, headers, _ = request("GET", "/api/v1/me/")
    assert status in {401, 403}
    assert "max-age=" in headers["Strict-Transport-Security"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]

    # An unknown Host is refused.
    assert request("GET", "/api/v1/me/", headers={"Host": "evil.example"})[0] == 400

    # Token login, then the API as that user, and a dashboard (read from the replica).
    status, _, body = request("POST", "/api/v1/auth/token/", body={"email": world.manager.email, "password": PASSWORD})
    assert status == 200, body
    authorization = {"Authorization": f"Token {json.loads(body)['token']}"}
    status, _, body = request("GET", "/api/v1/me/", headers=authorization)
    assert status == 200
    assert json.loads(body)["email"] == world.manager.email
    status, _, body = request("GET", "/api/v1/outcomes/summary/", headers=authorization)
    assert status == 200, body

    # The lockout behind the proxy: by the address nginx appends to X-Forwarded-For (the last hop).
    attacker = {"X-Forwarded-For": "6.6.6.6, 203.0.113.7"}
    wrong = {"email": world.manager.email, "password": "wrong-password"}
    statuses = [request("POST", "/api/v1/auth/token/", headers=attacker, body=wrong)[0] for _ in range(5)]
    assert statuses == [400, 400, 400, 400, 429]
    right = {"email": world.manager.email, "password": PASSWORD}
    status, headers, body = request("POST", "/api/v1/auth/token/", headers=attacker, body=right)
    assert status == 429 and json.loads(body)["code"] == "locked_out", body
    assert headers["Retry-After"] == "900"
    other = {"X-Forwarded-For": "203.0.113.8"}
    assert request("POST", "/api/v1/auth/token/", headers=other, body=right)[0] == 200

    # The web app: index.html for a client-side route, with the CSRF cookie (secure); its assets.
    status, headers, body = request("GET", "/direction/import")
    assert status == 200
    assert body.decode() == INDEX
    assert "csrftoken=" in headers["Set-Cookie"] and "Secure" in headers["Set-Cookie"]
    assert request("GET", "/assets/app-0123abcd.js")[0] == 200
    # Django's own static files, collected and served by whitenoise.
    assert request("GET", "/static/admin/css/base.css")[0] == 200

    # The container's health check script, against this server.
    result = subprocess.run(
        [sys.executable, "-m", "tremplin.healthcheck", f"http://127.0.0.1:{port}/healthz"],
        cwd=BACKEND,
        env=production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean_with_the_compose_settings(env):
    """As tests/test_project.py, with the replica configured and the fail level at WARNING."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BACKEND,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
