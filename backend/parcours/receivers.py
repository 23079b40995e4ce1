"""Keeps parcours permissions in step when a membership ends (sent by organisations.services)."""

from django.db.models import F
from django.dispatch import receiver

from organisations.models import Membership, Organisation, User
from organisations.signals import membership_ended
from parcours.models import OPEN_PHASES, Parcours
from parcours.permissions import parcours_sync_permissions, person_sync_permissions
from tremplin.errors import DomainError


@receiver(membership_ended, dispatch_uid="parcours_membership_ended")
def revoke_parcours_permissions(sender, *, user: User, organisation: Organisation, role: str, **kwargs) -> None:
    if role != Membership.Role.COUNSELLOR:
        return  # managers lose access by leaving the structure's group
    structure = organisation
    open_count = Parcours.objects.filter(referent=user, structure=structure, phase__in=OPEN_PHASES).count()
    if open_count:
        raise DomainError(
            f"{user} est encore référent·e de {open_count} parcours ouvert(s) dans {structure} : "
            "réaffectez-les avant de retirer ce rôle.",
            code="referent_has_open_parcours",
        )
    followed = list(
        Parcours.objects.filter(structure=structure, co_referents=user).select_related("structure", "person")
    )
    for parcours in followed:
        parcours.co_referents.remove(user)
    Parcours.objects.filter(pk__in=[p.pk for p in followed]).update(version=F("version") + 1)
    for parcours in Parcours.objects.filter(structure=structure, referent=user).select_related("structure", "person"):
        parcours_sync_permissions(parcours)
    for parcours in followed:
        parcours_sync_permissions(parcours)
    for person in {p.person for p in followed} | set(structure.persons.filter(created_by=user, parcours__isnull=True)):
        person_sync_permissions(person)
