"""Keeps enrolment permissions in step when a counsellor leaves a structure."""

from django.dispatch import receiver

from organisations.models import Membership, Organisation, User
from organisations.signals import membership_ended
from trainings.models import Enrolment
from trainings.permissions import enrolment_sync_permissions


@receiver(membership_ended, dispatch_uid="trainings_membership_ended")
def revoke_enrolment_permissions(sender, *, user: User, organisation: Organisation, role: str, **kwargs) -> None:
    # Managers and trainers lose access by leaving their organisation's group.
    if role != Membership.Role.COUNSELLOR:
        return
    held = Enrolment.objects.filter(
        parcours__structure=organisation, enrolmentuserobjectpermission__user=user
    ).distinct()
    for enrolment in held.select_related("parcours__structure", "session__training_body"):
        enrolment_sync_permissions(enrolment)
