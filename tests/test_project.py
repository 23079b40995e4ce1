"""Project-wide guarantees: migrations, schema, lint, production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(ROOT / "backend" / "manage.py")]


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_openapi_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = (tmp_path / "schema.yaml").read_text()
    assert "/api/v1/parcours/{id}/transitions/{name}/:" in schema
    assert "available_transitions" in schema


def test_ruff_is_clean():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "ruff"), "check", "--quiet", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def production_env(**extra):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' harness, never in deployment.
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        TREMPLIN_ENV="production",
        SECRET_KEY="k" * 20 + "-a-long-and-random-production-secret-value-for-the-check",
        ALLOWED_HOSTS="tremplin.example.org",
        DATABASE_URL=os.environ.get("DATABASE_URL", "sqlite:////tmp/tremplin-check.sqlite3"),
        STATIC_ROOT="/tmp/tremplin-static-check",
        **extra,
    )
    return env


def test_check_deploy_is_clean_in_production_mode():
    result = subprocess.run(
        [*MANAGE, "check", "--deploy", "--fail-level", "DEBUG"],
        env=production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    env.pop("SECRET_KEY")
    result = subprocess.run([*MANAGE, "check"], env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_defaults():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "fr-fr"
    assert settings.USE_TZ is True
    assert settings.AUTH_USER_MODEL == "organisations.User"


def test_committed_openapi_schema_is_current(tmp_path):
    """The web app's typed client is generated from frontend/openapi.json: it must match the API."""
    import json

    call_command("spectacular", "--format", "openapi-json", "--file", str(tmp_path / "schema.json"))
    committed = json.loads((ROOT / "frontend" / "openapi.json").read_text())
    assert committed == json.loads((tmp_path / "schema.json").read_text()), "run `make schema` and commit"


def test_schema_says_which_fields_some_roles_do_not_get(tmp_path):
    """Hosts and training bodies get no ``parcours``; a blank purpose or result is a real value:
    the typed client must not promise otherwise."""
    import json

    call_command("spectacular", "--format", "openapi-json", "--file", str(tmp_path / "schema.json"))
    schemas = json.loads((tmp_path / "schema.json").read_text())["components"]["schemas"]
    for name in ("Placement", "Enrolment"):
        assert "parcours" not in schemas[name]["required"], name
    blank = {"$ref": "#/components/schemas/BlankEnum"}
    assert blank in schemas["Enrolment"]["properties"]["result"]["oneOf"]
    assert blank in schemas["Placement"]["properties"]["purpose"]["oneOf"]
