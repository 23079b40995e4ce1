"""Attack surface: login lockout (django-axes) and the security headers Django does not set itself.

Lockout: after AXES_FAILURE_LIMIT failed logins for one e-mail from one client address, that
e-mail is refused from that address for AXES_COOLOFF_MINUTES, even with the right password.
Every locked-out login answers 429 with the same body, whether the account exists or not (axes
counts failures for any typed e-mail): the answer tells nothing about which accounts exist.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views import csrf
from rest_framework import status
from rest_framework.exceptions import APIException

from tremplin.errors import CSRF_FAILED

LOCKED_OUT_CODE = "locked_out"


def locked_out_message() -> str:
    return (
        "Trop de tentatives de connexion échouées. "
        f"Réessayez dans {settings.AXES_COOLOFF_MINUTES} minutes ou contactez votre administrateur."
    )


def cool_off_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


class LockedOut(APIException):
    """A login refused by the lockout, in the API's error shape (with Retry-After)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = LOCKED_OUT_CODE

    def __init__(self):
        super().__init__(locked_out_message(), LOCKED_OUT_CODE)
        self.wait = cool_off_seconds()


class AxesBackend(AxesStandaloneBackend):
    """axes' lockout check, for the logins that come with a request (the API's and the admin's).

    Without a request (``authenticate()`` in a shell, the test client's ``login()``) there is no
    client to lock out: the stock backend raises there; this one lets the next backends decide.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for the lockout (settings.AXES_CLIENT_IP_CALLABLE).

    Behind our nginx (production), X-Forwarded-For's last hop, the address nginx saw; elsewhere
    REMOTE_ADDR only, so that a client cannot pick a new address per attempt with the header.
    """
    if settings.AUDIT_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            last_hop = forwarded.split(",")[-1].strip()
            if last_hop:
                return last_hop
    return request.META.get("REMOTE_ADDR") or None


def login_identifier(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The e-mail a login attempt is for (settings.AXES_USERNAME_CALLABLE), lower-cased like the
    lookup (``email__iexact``): ``A@x.org`` and ``a@x.org`` share one failure count.

    Django's ``authenticate(request, username=...)`` passes it as ``username`` to the backends and
    to the failed-login signal; axes' own success path passes it under AXES_USERNAME_FORM_FIELD;
    else the posted body's ``email``.
    """
    value = None
    if credentials:
        value = credentials.get("username") or credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    if value is None:
        data = getattr(request, "data", None) or getattr(request, "POST", None) or {}
        value = data.get(settings.AXES_USERNAME_FORM_FIELD) if hasattr(data, "get") else None
    if not isinstance(value, str):
        return None
    return value.strip().lower() or None


def lockout_response(request, original_response=None, credentials=None):
    """axes' answer to a locked-out login (settings.AXES_LOCKOUT_CALLABLE): never an HTML page.

    The API's login views answer the lockout themselves (LockedOut, 429): their response is kept.
    Other logins (the admin's form) get the same JSON body.
    """
    if original_response is not None and original_response.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        return original_response
    response = JsonResponse(
        {"code": LOCKED_OUT_CODE, "message": locked_out_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS
    )
    response["Retry-After"] = str(cool_off_seconds())
    return response


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY (browser features the app never uses, switched off)."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = settings.PERMISSIONS_POLICY
        self.header = ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: under /api/, the API's JSON error (as tremplin.errors answers DRF's
    own CSRF failures) instead of Django's HTML page; elsewhere (the admin), Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse(CSRF_FAILED, status=status.HTTP_403_FORBIDDEN)
    return csrf.csrf_failure(request, reason)
