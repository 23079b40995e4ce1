"""Shared fixtures: reference data, one API client per role, and a small two-structure world."""

import pytest
from rest_framework.test import APIClient

from parcours.models import ExitCategory
from parcours.reference import load_reference
from tests import factories


@pytest.fixture(autouse=True)
def fresh_cache():
    # The login throttle counts in the cache; each test starts with a clean slate.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def reference_data(db):
    # Reloaded after a TransactionTestCase-style flush; a no-op query otherwise.
    if not ExitCategory.objects.exists():
        load_reference()


def api_client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def world(db):
    return factories.World.build()


@pytest.fixture
def client_for():
    return api_client_for


def pytest_configure(config):
    from django.conf import settings

    # Real hashers cost ~0.3 s a password; the suite creates hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL); CI runs it")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
