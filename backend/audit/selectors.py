"""Reading the audit trail: a structure's managers see the entries about their structure."""

from django.db.models import QuerySet

from audit.models import AuditEntry
from organisations.models import Membership, User
from organisations.selectors import structures_for
from tremplin.errors import Forbidden


def audit_entries(*, user: User) -> QuerySet[AuditEntry]:
    """The entries about the structures ``user`` manages, newest first. Counsellors, partners and
    network analysts are refused: the trail says who looked at whose file."""
    managed = structures_for(user=user, roles=[Membership.Role.MANAGER])
    if not managed.exists():
        raise Forbidden("Le journal d'audit est réservé à la direction de la structure.")
    return (
        AuditEntry.objects.filter(structure__in=managed)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
