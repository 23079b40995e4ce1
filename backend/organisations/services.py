"""Side effects on organisations and memberships: the only place that changes who belongs where."""

from django.contrib.auth.models import Group
from django.db import transaction

from organisations.models import Membership, Organisation, User
from organisations.selectors import forget_roles
from organisations.signals import membership_ended
from tremplin.errors import DomainError


def structure_managers_group(structure: Organisation) -> Group:
    """The guardian group through which a structure's managers hold object permissions."""
    group, _ = Group.objects.get_or_create(name=f"structure-{structure.pk}-managers")
    return group


def employer_contacts_group(employer: Organisation) -> Group:
    """The guardian group through which an employer's contacts hold object permissions."""
    group, _ = Group.objects.get_or_create(name=f"employer-{employer.pk}-contacts")
    return group


def training_body_trainers_group(training_body: Organisation) -> Group:
    """The guardian group through which a training body's trainers hold object permissions."""
    group, _ = Group.objects.get_or_create(name=f"training-body-{training_body.pk}-trainers")
    return group


# Roles whose holders hold object permissions through their organisation's group.
_ROLE_GROUPS = {
    Membership.Role.MANAGER: structure_managers_group,
    Membership.Role.EMPLOYER_CONTACT: employer_contacts_group,
    Membership.Role.TRAINER: training_body_trainers_group,
}


@transaction.atomic
def membership_create(*, user: User, organisation: Organisation, role: str) -> Membership:
    expected = Membership.ROLE_KINDS[Membership.Role(role)]
    if organisation.kind != expected:
        raise DomainError(
            f"Le rôle « {Membership.Role(role).label} » s'exerce dans une organisation de type "
            f"« {Organisation.Kind(expected).label} ».",
            code="role_kind_mismatch",
            field="role",
        )
    membership, _ = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    forget_roles(user)
    if role in _ROLE_GROUPS:
        user.groups.add(_ROLE_GROUPS[role](organisation))
    return membership


@transaction.atomic
def membership_end(*, membership: Membership) -> None:
    """Remove a membership and every object permission it justified."""
    user, organisation, role = membership.user, membership.organisation, membership.role
    membership.delete()
    forget_roles(user)
    if role in _ROLE_GROUPS and not Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        user.groups.remove(_ROLE_GROUPS[role](organisation))
    membership_ended.send(sender=Membership, user=user, organisation=organisation, role=role)
