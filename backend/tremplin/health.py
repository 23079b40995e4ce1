"""``/healthz``: is the application up, and does each of its databases answer?

For container health checks and load balancers: no login, not under /api/v1/, answered over plain
HTTP (exempt from the HTTPS redirect), never cached. 200 ``{"status": "ok", ...}`` or 503."""

import logging

from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _answers(alias: str) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        # The detail goes to the log, not to whoever calls the URL.
        logger.exception("Health check: database %r does not answer", alias)
        return False


@never_cache
@require_safe
def healthz(request):
    databases = {alias: "ok" if _answers(alias) else "unavailable" for alias in connections}
    healthy = all(state == "ok" for state in databases.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "databases": databases}, status=200 if healthy else 503
    )
