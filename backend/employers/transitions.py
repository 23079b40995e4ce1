"""The placement transitions the API exposes: labels, request bodies, who fires each, and whether
a given user can fire it now (and if not, why). Same shape as parcours.transitions."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rest_framework import serializers

from employers.models import Placement
from employers.permissions import user_can
from organisations.models import User
from parcours.transitions import TransitionInput, TransitionOption


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


@dataclass(frozen=True)
class TransitionSpec:
    name: str
    label: str
    permission: str  # change_placement: the structure's side; respond_placement: the host employer's
    input_serializer: type[serializers.Serializer] = TransitionInput
    prepare: Callable[[Placement, dict[str, Any]], None] = lambda placement, data: None


STAFF, HOST = "change_placement", "respond_placement"

REGISTRY: dict[str, TransitionSpec] = {
    spec.name: spec
    for spec in (
        TransitionSpec("confirm", "Confirmer", HOST),
        TransitionSpec("decline", "Décliner", HOST, DeclineInput, _prepare_decline),
        TransitionSpec("start", "Démarrer", HOST),
        TransitionSpec("complete", "Terminer", HOST, CompleteInput, _prepare_complete),
        TransitionSpec("interrupt", "Interrompre", HOST),
        TransitionSpec("cancel", "Annuler", STAFF),
    )
}

NOT_ALLOWED_MESSAGES = {
    STAFF: "Seuls les référents du parcours et la direction de la structure peuvent annuler une proposition.",
    HOST: "Seuls les contacts de l'employeur d'accueil peuvent répondre et suivre la mise en situation.",
}


def transition_options(placement: Placement, user: User | None) -> list[TransitionOption]:
    """The transitions that leave the current state, each with why it is blocked for this user
    (with no user, only the guards are checked)."""
    methods = {method.__name__: method for method in Placement._meta.get_field("state").transitions[Placement].values()}
    options = []
    for spec in REGISTRY.values():  # in the registry's order, so buttons keep their places
        meta = methods[spec.name]._django_fsm
        if not meta.has_transition(placement.state):
            continue
        reasons = [
            {"code": guard.code, "message": guard.message}
            for guard in meta.get_transition(placement.state).conditions
            if not getattr(guard, "needs_input", False) and not guard(placement)
        ]
        if user is not None and not user_can(user, spec.permission, placement):
            reasons.append({"code": "not_allowed_for_user", "message": NOT_ALLOWED_MESSAGES[spec.permission]})
        options.append(TransitionOption(name=spec.name, label=spec.label, allowed=not reasons, reasons=reasons))
    return options
