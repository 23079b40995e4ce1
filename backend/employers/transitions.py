"""The placement transitions the API exposes: labels, request bodies, who fires each, and whether
a given user can fire it now (and if not, why). Same shape as parcours.transitions."""

from typing import Any

from rest_framework import serializers

from employers.models import Placement
from employers.permissions import user_can
from organisations.models import User
from parcours.transitions import TransitionInput, TransitionOption
from tremplin import workflow
from tremplin.workflow import TransitionSpec


class DeclineInput(TransitionInput):
    decline_reason = serializers.CharField(max_length=2000)


class CompleteInput(TransitionInput):
    hours_worked = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0)
    assessment = serializers.CharField(max_length=2000)


def _prepare_decline(placement: Placement, data: dict[str, Any]) -> None:
    placement.decline_reason = data["decline_reason"]


def _prepare_complete(placement: Placement, data: dict[str, Any]) -> None:
    placement.hours_worked = data["hours_worked"]
    placement.assessment = data["assessment"]


STAFF, HOST = "change_placement", "respond_placement"

REGISTRY = workflow.registry(
    TransitionSpec("confirm", "Confirmer", HOST),
    TransitionSpec("decline", "Décliner", HOST, DeclineInput, _prepare_decline),
    TransitionSpec("start", "Démarrer", HOST),
    TransitionSpec("complete", "Terminer", HOST, CompleteInput, _prepare_complete),
    TransitionSpec("interrupt", "Interrompre", HOST),
    TransitionSpec("cancel", "Annuler", STAFF),
)

NOT_ALLOWED_MESSAGES = {
    STAFF: "Seuls les référents du parcours et la direction de la structure peuvent annuler une proposition.",
    HOST: "Seuls les contacts de l'employeur d'accueil peuvent répondre et suivre la mise en situation.",
}


def transition_options(placement: Placement, user: User | None) -> list[TransitionOption]:
    """The transitions that leave the current state, each with why it is blocked for this user
    (with no user, only the guards are checked)."""
    return workflow.transition_options(
        placement,
        field="state",
        specs=REGISTRY,
        may=None if user is None else (lambda permission: user_can(user, permission, placement)),
        not_allowed=NOT_ALLOWED_MESSAGES,
    )
