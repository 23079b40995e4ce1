"""The request being served, for the audit entries written while serving it: who (the user the
API authenticated, read when the entry is written: DRF authenticates inside the view, after the
middlewares), the request ID and the client address."""

import re
import uuid
from contextvars import ContextVar

from django.conf import settings

_request = ContextVar("audit_request", default=None)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class AuditContextMiddleware:
    """Gives every request an ID (the caller's ``X-Request-ID`` when it is a sane token, else a new
    one), returned in the response's ``X-Request-ID`` and written on every audit entry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


def request_id() -> str | None:
    """auditlog's correlation ID getter (settings.AUDITLOG_CID_GETTER)."""
    request = _request.get()
    return getattr(request, "request_id", None)


def current_user():
    request = _request.get()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def remote_addr() -> str | None:
    request = _request.get()
    if request is None:
        return None
    if settings.AUDIT_TRUST_X_FORWARDED_FOR:
        # Behind our nginx, which appends the address it saw: the last hop is the client's.
        forwarded = request.headers.get("X-Forwarded-For", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None
