"""Reading the audit trail: a structure's managers see the entries about their structure."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from audit.models import AuditEntry, Event
from organisations.models import Membership, User
from organisations.selectors import structures_for
from tremplin.errors import Forbidden


def audit_entries(*, user: User) -> QuerySet[AuditEntry]:
    """The entries about the structures ``user`` manages, and the logins, failed logins and logouts
    of their members (entries about a user account, which belongs to no structure), newest first.
    Counsellors, partners and network analysts are refused: the trail says who looked at whose file."""
    managed = structures_for(user=user, roles=[Membership.Role.MANAGER])
    if not managed.exists():
        raise Forbidden("Le journal d'audit est réservé à la direction de la structure.")
    members = Membership.objects.filter(organisation__in=managed).values("user_id")
    accounts = Q(
        structure__isnull=True,
        event__in=[Event.LOGIN, Event.LOGIN_FAILED, Event.LOGOUT],
        content_type=ContentType.objects.get_for_model(User),
        object_id__in=members,
    )
    return (
        AuditEntry.objects.filter(Q(structure__in=managed) | accounts)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
