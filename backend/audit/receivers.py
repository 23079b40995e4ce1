"""Logins, failed logins and logouts, from Django's authentication signals."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.models import Event
from audit.services import audit_event


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    audit_event(event=Event.LOGIN, actor=user, instance=user, details={"method": "session"})


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_event(event=Event.LOGOUT, actor=user, instance=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # The account aimed at when it exists; the typed identifier is never stored (it may be a
    # password typed in the wrong field).
    User = get_user_model()
    target = User.objects.filter(email__iexact=credentials.get("username") or "").first()
    audit_event(
        event=Event.LOGIN_FAILED,
        instance=target,
        details={"known_account": target is not None},
    )
