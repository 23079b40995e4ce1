"""Who may see and act on an enrolment: guardian object permissions, derived by one sync function
that the services call whenever an enrolment is created or changes state, and whenever the
parcours' referents change (through parcours.hooks).

- The parcours' followers hold view and change (apply, withdraw); the structure's managers hold
  the same through the structure's group.
- The trainers of the session's training body hold view and decide (accept, refuse, attendance,
  results) through the training body's group. They keep seeing the enrolments they refused.

VAE applications have no permissions of their own: they follow their parcours' (the counsellors
and managers who move the parcours record the VAE steps; nobody else sees them).
"""

from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_migrate

from organisations.models import User
from organisations.services import structure_managers_group, training_body_trainers_group
from parcours.permissions import _sync, parcours_followers
from trainings.models import Enrolment, EnrolmentGroupObjectPermission, EnrolmentUserObjectPermission

STAFF_PERMS = ("view_enrolment", "change_enrolment")
TRAINER_PERMS = ("view_enrolment", "decide_enrolment")

_permission_ids: dict[str, int] = {}


def permission_id(codename: str) -> int:
    """Id of one of this app's permissions, cached (see parcours.permissions.permission_id)."""
    if codename not in _permission_ids:
        _permission_ids.update(
            Permission.objects.filter(content_type__app_label="trainings").values_list("codename", "pk")
        )
    return _permission_ids[codename]


def _forget_permission_ids(**kwargs) -> None:
    _permission_ids.clear()


post_migrate.connect(_forget_permission_ids, dispatch_uid="trainings_forget_permission_ids")


def enrolment_sync_permissions(enrolment: Enrolment) -> None:
    parcours = enrolment.parcours
    _sync(
        EnrolmentUserObjectPermission,
        EnrolmentGroupObjectPermission,
        enrolment,
        users={user_id: STAFF_PERMS for user_id in parcours_followers(parcours)},
        groups={
            structure_managers_group(parcours.structure).pk: STAFF_PERMS,
            training_body_trainers_group(enrolment.session.training_body).pk: TRAINER_PERMS,
        },
    )


ANNOTATIONS = {"change_enrolment": "can_change", "decide_enrolment": "can_decide"}


def holds_perm(user: User, codename: str):
    """An SQL expression, for .annotate(), true when the user holds the permission on the enrolment."""
    permission = permission_id(codename)
    return Exists(
        EnrolmentUserObjectPermission.objects.filter(content_object=OuterRef("pk"), user=user, permission_id=permission)
    ) | Exists(
        EnrolmentGroupObjectPermission.objects.filter(
            content_object=OuterRef("pk"), permission_id=permission, group__user=user
        )
    )


def user_can(user: User, codename: str, enrolment: Enrolment) -> bool:
    """Whether the user holds the object permission (superuser status grants nothing here)."""
    annotated = getattr(enrolment, ANNOTATIONS.get(codename, ""), None)
    if annotated is not None:
        return bool(annotated)
    return Enrolment.objects.filter(pk=enrolment.pk).filter(holds_perm(user, codename)).exists()
