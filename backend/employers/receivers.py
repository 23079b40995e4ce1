"""Keeps placement permissions in step when a counsellor leaves a structure."""

from django.dispatch import receiver

from employers.models import Placement
from employers.permissions import placement_sync_permissions
from organisations.models import Membership, Organisation, User
from organisations.signals import membership_ended


@receiver(membership_ended, dispatch_uid="employers_membership_ended")
def revoke_placement_permissions(sender, *, user: User, organisation: Organisation, role: str, **kwargs) -> None:
    # Managers and employer contacts lose access by leaving their organisation's group.
    if role != Membership.Role.COUNSELLOR:
        return
    held = Placement.objects.filter(
        parcours__structure=organisation, placementuserobjectpermission__user=user
    ).distinct()
    for placement in held.select_related("parcours__structure", "establishment__employer"):
        placement_sync_permissions(placement)
