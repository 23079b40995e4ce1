"""The phase transitions the API exposes: their labels, request bodies, and whether each one
can be fired now by a given user (and if not, why).

Each entry names an @transition method of Parcours. The input serializer validates the request
body (400 with field errors); ``prepare`` copies the validated values onto the parcours before
the transition method runs, so the model's guards stay pure functions of the instance.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rest_framework import serializers

from organisations.models import User
from parcours.models import ExitReason, Parcours
from parcours.permissions import user_can
from tremplin.api import CodeField


class TransitionInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ExitInput(TransitionInput):
    exit_reason = CodeField(
        slug_field="code",
        queryset=ExitReason.objects.filter(is_active=True),
        error_messages={"does_not_exist": "Motif de sortie inconnu : « {value} »."},
    )
    exit_date = serializers.DateField()

    def validate_exit_date(self, value):
        parcours: Parcours = self.context["parcours"]
        if value < parcours.entry_date:
            raise serializers.ValidationError(
                f"La date de sortie ne peut pas précéder la date d'entrée ({parcours.entry_date:%d/%m/%Y})."
            )
        if value > parcours.structure.today():
            raise serializers.ValidationError("La date de sortie ne peut pas être dans le futur.")
        return value


def _prepare_exit(parcours: Parcours, data: dict[str, Any]) -> None:
    parcours.exit_reason = data["exit_reason"]
    parcours.exit_date = data["exit_date"]
    parcours.exit_comment = data.get("comment", "")


@dataclass(frozen=True)
class TransitionSpec:
    name: str
    label: str
    input_serializer: type[serializers.Serializer] = TransitionInput
    prepare: Callable[[Parcours, dict[str, Any]], None] = lambda parcours, data: None
    effective_date_field: str | None = None


REGISTRY: dict[str, TransitionSpec] = {}


def register(spec: TransitionSpec) -> TransitionSpec:
    REGISTRY[spec.name] = spec
    return spec


register(TransitionSpec(name="start_immersion", label="Démarrer l'immersion (PMSMP)"))
register(TransitionSpec(name="start_interim", label="Démarrer le contrat d'intérim"))
register(TransitionSpec(name="start_training", label="Démarrer la formation"))
register(TransitionSpec(name="start_vae", label="Démarrer la VAE"))
register(
    TransitionSpec(
        name="exit",
        label="Sortie du parcours",
        input_serializer=ExitInput,
        prepare=_prepare_exit,
        effective_date_field="exit_date",
    )
)


@dataclass
class TransitionOption:
    name: str
    label: str
    allowed: bool
    reasons: list[dict[str, str]] = field(default_factory=list)


def transition_options(parcours: Parcours, user: User | None) -> list[TransitionOption]:
    """The transitions that leave the current phase, each with why it is blocked for this user
    (with no user, only the guards are checked)."""
    may_move = user is None or user_can(user, "transition_parcours", parcours)
    options = []
    for name in REGISTRY:  # registration order: the order the buttons are shown in
        meta = getattr(Parcours, name)._django_fsm
        if not meta.has_transition(parcours.phase):
            continue
        transition = meta.get_transition(parcours.phase)
        reasons = [
            {"code": guard.code, "message": guard.message}
            for guard in transition.conditions
            if not getattr(guard, "needs_input", False) and not guard(parcours)
        ]
        if not may_move:
            reasons.append(
                {
                    "code": "not_allowed_for_user",
                    "message": (
                        "Seuls les référents du parcours et la direction de la structure peuvent changer sa phase."
                    ),
                }
            )
        spec = REGISTRY[name]
        options.append(TransitionOption(name=spec.name, label=spec.label, allowed=not reasons, reasons=reasons))
    return options
