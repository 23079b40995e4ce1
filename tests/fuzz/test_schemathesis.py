"""Fuzzing the API with schemathesis: every operation of /api/schema/, as each demo role.

For each role (manager, counsellor, employer contact, trainer, network analyst) the test logs in
with the demo account's API token and lets schemathesis generate requests for every operation of
the OpenAPI schema (valid and invalid data, examples, boundary values), sent in-process to the
Django WSGI application. Each response must not be a server error (5xx), must carry a documented
status code, and its body must match the schema of that status code.

The demo data (``manage.py load_demo``) is loaded once for the module, inside a transaction rolled
back at the end, so the rest of the suite never sees it. Each generated request runs in its own
savepoint, rolled back after the response: what one example writes (a parcours created, a token
revoked by ``DELETE /auth/token/``) never changes what the next one sees, so a run only depends on
its inputs.

Reproducibility. The bounded run (CI, ``pytest``) is deterministic: Hypothesis runs derandomised
from a fixed schemathesis seed (``FUZZ_SEED``, default below; each operation derives its own seed
from it), with no example database. The same code, schema and seed always send the same requests,
so a failure in CI reproduces with ``pytest tests/fuzz``. ``make fuzz`` runs far more examples
(``FUZZ_MAX_EXAMPLES``) with a random seed, printed with the failures (pass it back as ``FUZZ_SEED``
to replay the run), and keeps the failing examples in a Hypothesis example database under
``var/fuzz-hypothesis/`` (``FUZZ_DATABASE``), which later runs replay first.

Bounds: ``FUZZ_MAX_EXAMPLES`` (default 5) generated examples per operation and role, plus the
schema's own examples; schemathesis' coverage phase (every boundary value and wrong type of every
parameter, thousands of requests a role) only in the long run, or with ``FUZZ_COVERAGE=1``.
``FUZZ_ROLES=manager,trainer`` narrows the roles. No operation is excluded.
"""

import collections
import io
import os
import random
import traceback

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from organisations.models import User

ROLES = {
    "manager": "direction@rhone.demo",
    "counsellor": "cip1@rhone.demo",
    "employer_contact": "rh@tilleuls.demo",
    "trainer": "formation@ifs.demo",
    "analyst": "analyste@reseau.demo",
}

DEFAULT_SEED = 20261128
LONG_RUN = "FUZZ_MAX_EXAMPLES" in os.environ
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "5"))
SEED = int(os.environ["FUZZ_SEED"]) if "FUZZ_SEED" in os.environ else None
if SEED is None:
    SEED = random.randrange(2**32) if LONG_RUN else DEFAULT_SEED  # noqa: S311 - a test seed
FUZZ_ROLES = os.environ.get("FUZZ_ROLES", ",".join(ROLES)).split(",")

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Cases sent per (role, operation, outcome), summed up at the end of the run (conftest.py).
RUN_STATS: collections.Counter = collections.Counter()


def _config() -> SchemathesisConfig:
    generation = {
        "max-examples": MAX_EXAMPLES,
        # The token is sent by the test; a generated Authorization header would only test DRF.
        "with-security-parameters": False,
    }
    if LONG_RUN:
        generation["database"] = os.environ.get("FUZZ_DATABASE", "var/fuzz-hypothesis")
    else:
        generation["deterministic"] = True
        generation["database"] = "none"
    # The coverage phase (every boundary and every wrong type of every parameter, some thousand
    # requests a role) only runs in the long run.
    phases = {"coverage": {"enabled": LONG_RUN or "FUZZ_COVERAGE" in os.environ}}
    return SchemathesisConfig.from_dict({"seed": SEED, "generation": generation, "phases": phases})


class DjangoApp:
    """Django's WSGI application, closing each response as soon as it is read (the test client
    schemathesis uses leaves them open: no request_finished, uploaded files never closed), and
    keeping the traceback of the last unhandled exception, shown with the 500 it caused."""

    def __init__(self):
        self.handler = get_wsgi_application()
        self.traceback = None
        signals.got_request_exception.connect(self.on_exception)

    def on_exception(self, sender, request=None, **kwargs):
        self.traceback = traceback.format_exc()

    def __call__(self, environ, start_response):
        response = self.handler(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data and one API token per role, in a transaction rolled back after the module."""
    # The WSGI handler closes "old" connections around each request, which inside a transaction
    # would mark it as broken (Django's test client disconnects them the same way).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    app = DjangoApp()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", stdout=io.StringIO())
            tokens = {
                role: Token.objects.get_or_create(user=User.objects.get(email=email))[0].key
                for role, email in ROLES.items()
            }
            schema = schemathesis.openapi.from_wsgi("/api/schema/", app, config=_config())
            print(f"\nschemathesis seed: {SEED} (FUZZ_SEED={SEED} replays this run)")
            yield {"tokens": tokens, "schema": schema, "app": app}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
            signals.got_request_exception.disconnect(app.on_exception)


@pytest.fixture(params=FUZZ_ROLES)
def role(request):
    return request.param


@pytest.fixture
def api_schema(demo, db, role, request):
    # Depends on ``role`` so that the test, whose arguments schemathesis hides from pytest, is
    # parametrised by it. schemathesis 4.32 renames the running test through ``node._nodeid``,
    # an attribute pytest 9.2 no longer has: give it one to read.
    request.node._nodeid = request.node.nodeid
    return demo["schema"]


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
def test_api_conforms_to_its_schema(case, role, demo):
    headers = {"Authorization": f"Token {demo['tokens'][role]}"}
    app = demo["app"]
    app.traceback = None
    with transaction.atomic():
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
            RUN_STATS[(role, case.operation.label, "passed")] += 1
        except BaseException as failure:  # schemathesis' FailureGroup is a BaseExceptionGroup
            RUN_STATS[(role, case.operation.label, "failed")] += 1
            if app.traceback:
                failure.add_note(f"Server traceback:\n{app.traceback}")
            raise
        finally:
            transaction.set_rollback(True)
