"""Helpers of the deployment tests: the test database as a URL, and production environments."""

import os
from urllib.parse import quote

from django.db import connection

PRODUCTION_HOST = "tremplin.example.org"


def database_url_under_test() -> str:
    """The pytest-django test database (PostgreSQL), for a process started by the test."""
    settings = connection.settings_dict
    credentials = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"], safe="")
    host = settings["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"


def production_env(**extra: str) -> dict[str, str]:
    # Not DEBUG, nor the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE: never in a deployment.
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        TREMPLIN_ENV="production",
        SECRET_KEY="smoke-" + "s3cr3t-" * 8,
        ALLOWED_HOSTS=PRODUCTION_HOST,
        **extra,
    )
    return env
