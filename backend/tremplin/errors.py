"""Domain errors and the one exception handler that maps every error to the API's JSON shape.

Every error body is ``{"code": <stable code>, "message": <French text>, ...}``; 400s add
``errors`` (field -> list of messages), 409s on transitions add ``reasons`` and
``available_transitions``.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback


class DomainError(Exception):
    """A business rule refused the operation. Raised by services, mapped to HTTP here."""

    status_code = status.HTTP_400_BAD_REQUEST
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None, **extra: Any):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field
        self.extra = extra

    def as_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field:
            body["errors"] = {self.field: [self.message]}
        body.update(self.extra)
        return body


class Forbidden(DomainError):
    """The user sees the object but may not do this to it (out-of-scope objects are 404 instead)."""

    status_code = status.HTTP_403_FORBIDDEN
    code = "forbidden"


class Conflict(DomainError):
    status_code = status.HTTP_409_CONFLICT
    code = "conflict"


class StaleWrite(Conflict):
    code = "stale_write"

    def __init__(self, *, current_version: int):
        super().__init__(
            "Cette fiche a été modifiée entre-temps. Rechargez-la avant d'enregistrer.",
            current_version=current_version,
        )


class TransitionNotAllowed(Conflict):
    code = "transition_not_allowed"


def _flatten(detail: Any) -> Any:
    """DRF ErrorDetail trees -> plain lists/dicts of strings."""
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def _validation_body(detail: Any) -> dict[str, Any]:
    errors = _flatten(detail)
    if not isinstance(errors, dict):
        errors = {"non_field_errors": errors if isinstance(errors, list) else [errors]}
    first = next(iter(errors.values()), ["Données invalides."])
    message = first[0] if isinstance(first, list) and first and isinstance(first[0], str) else "Données invalides."
    return {"code": "invalid", "message": message, "errors": errors}


# A write without a valid CSRF token, from DRF's session authentication or Django's middleware
# (tremplin.security.csrf_failure): the browser's page is stale.
CSRF_FAILED = {
    "code": "csrf_failed",
    "message": "Votre page a expiré (jeton de sécurité CSRF). Rechargez-la, puis réessayez.",
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        set_rollback()
        return Response(exc.as_body(), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        set_rollback()
        return Response(_validation_body(detail), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, SuspiciousOperation):
        # Django's limits on a request body (DATA_UPLOAD_MAX_NUMBER_FIELDS, ..._MEMORY_SIZE, files),
        # met while DRF reads it: a 400 in the API's shape, not Django's HTML page.
        set_rollback()
        return Response(
            {"code": "request_too_large", "message": "Requête refusée : trop de champs ou de données."},
            status=status.HTTP_400_BAD_REQUEST,
        )

    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: let Django log it and answer 500

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    set_rollback()
    if isinstance(exc, exceptions.ValidationError):
        return Response(_validation_body(exc.detail), status=exc.status_code, headers=headers)
    if isinstance(exc, exceptions.NotFound):
        body = {"code": "not_found", "message": "Introuvable."}
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        body = dict(CSRF_FAILED)
    else:
        codes = exc.get_codes()
        body = {"code": codes if isinstance(codes, str) else exc.default_code, "message": str(exc.detail)}
    return Response(body, status=exc.status_code, headers=headers)
