"""Guarded state machines (django-fsm-2) for the objects other than the parcours: placements,
enrolments, VAE applications. One registry of the transitions the API exposes per model, and
the two steps every service repeats: say which transitions a user can fire now (and why not),
and save a fired transition safely.

The parcours has its own variant (parcours.transitions), older and with phase-specific fields;
both return the same TransitionOption so the API and the web app read them the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django_fsm import ConcurrentTransition
from rest_framework import serializers

from parcours.transitions import TransitionInput, TransitionOption
from tremplin.errors import TransitionNotAllowed


@dataclass(frozen=True)
class TransitionSpec:
    """One transition of a model: its @transition method ``name``, the object permission that
    fires it, the serializer of its request body and ``prepare``, which copies the validated
    values onto the instance before the method runs (so that the guards stay pure)."""

    name: str
    label: str
    permission: str | tuple[str, ...]  # any one of them is enough
    input_serializer: type[serializers.Serializer] = TransitionInput
    prepare: Callable[[Any, dict[str, Any]], None] = lambda instance, data: None
    effective_date_field: str | None = None


def registry(*specs: TransitionSpec) -> dict[str, TransitionSpec]:
    return {spec.name: spec for spec in specs}


def transition_options(
    instance: models.Model,
    *,
    field: str,
    specs: dict[str, TransitionSpec],
    may: Callable[[str], bool] | None,
    not_allowed: dict[str | tuple[str, ...], str],
) -> list[TransitionOption]:
    """The transitions that leave the instance's current state, in the registry's order (so that
    buttons keep their places), each with why it is blocked: failed guards, then the user's
    missing permission. ``may(permission)`` answers for the user; None checks the guards only."""
    model = type(instance)
    state = getattr(instance, field)
    methods = {method.__name__: method for method in model._meta.get_field(field).transitions[model].values()}
    options = []
    for spec in specs.values():
        meta = methods[spec.name]._django_fsm
        if not meta.has_transition(state):
            continue
        reasons = [
            {"code": guard.code, "message": guard.message}
            for guard in meta.get_transition(state).conditions
            if not getattr(guard, "needs_input", False) and not guard(instance)
        ]
        permissions = (spec.permission,) if isinstance(spec.permission, str) else spec.permission
        if may is not None and not any(may(permission) for permission in permissions):
            reasons.append({"code": "not_allowed_for_user", "message": not_allowed[spec.permission]})
        options.append(TransitionOption(name=spec.name, label=spec.label, allowed=not reasons, reasons=reasons))
    return options


def require_allowed(options: list[TransitionOption], *, spec: TransitionSpec, state: str, state_label: str) -> None:
    """Raise the 409 that says why ``spec`` cannot be fired now (wrong state, guard, permission)."""
    by_name = {option.name: option for option in options}
    option = by_name.get(spec.name)
    if option is not None and option.allowed:
        return
    raise TransitionNotAllowed(
        f"« {spec.label} » n'est pas possible depuis l'état « {state_label} »."
        if option is None
        else f"« {spec.label} » n'est pas possible pour l'instant.",
        transition=spec.name,
        state=state,
        reasons=option.reasons
        if option
        else [{"code": "wrong_state", "message": f"Impossible depuis l'état « {state_label} »."}],
        available_transitions=[o.name for o in options if o.allowed],
    )


def run_and_save(instance: models.Model, *, spec: TransitionSpec, data: dict[str, Any], source: str) -> None:
    """Prepare, fire the @transition method, bump the version and save. The caller holds the row
    lock; ConcurrentTransitionMixin is the second line of defence (databases without row locks)."""
    spec.prepare(instance, data)
    getattr(instance, spec.name)()
    instance.version += 1
    try:
        instance.save()
    except ConcurrentTransition:
        raise TransitionNotAllowed(
            "L'état a changé pendant votre demande. Rechargez la page.",
            code="concurrent_transition",
            transition=spec.name,
            state=source,
            reasons=[],
            available_transitions=[],
        ) from None
