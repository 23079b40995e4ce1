"""Phase guards: pure functions of a parcours, each with a stable code and a French message.

They are the ``conditions`` of the @transition methods, and available_transitions reads their
codes and messages to say why a transition is blocked. A guard marked ``needs_input`` checks
values the user supplies with the request (exit reason, exit date): it cannot block a
transition in advance, and the request's validation reports it as a 400.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Guard:
    code: str
    message: str
    check: Callable[[Any], bool]
    needs_input: bool = False

    def __call__(self, instance: Any) -> bool:
        return self.check(instance)


def _exit_is_recorded(parcours: Any) -> bool:
    return (
        parcours.exit_reason_id is not None
        and parcours.exit_reason.is_active
        and parcours.exit_date is not None
        and parcours.entry_date <= parcours.exit_date <= parcours.structure.today()
    )


exit_is_recorded = Guard(
    code="exit_not_recorded",
    message=(
        "Un motif de sortie de la liste officielle et une date de sortie "
        "(après l'entrée, pas dans le futur) sont requis."
    ),
    check=_exit_is_recorded,
    needs_input=True,
)


def _fact_guard(code: str, message: str, fact_name: str) -> Guard:
    def check(parcours: Any) -> bool:
        from parcours.hooks import fact  # the registry is filled by other apps at start-up

        return bool(fact(parcours, fact_name))

    return Guard(code=code, message=message, check=check)


has_confirmed_pmsmp = _fact_guard(
    "no_confirmed_pmsmp",
    "Aucune immersion (PMSMP) de ce parcours n'est confirmée par l'employeur d'accueil.",
    "has_confirmed_pmsmp",
)
has_confirmed_mission = _fact_guard(
    "no_confirmed_mission",
    "Aucune mission d'intérim de ce parcours n'est confirmée par l'employeur.",
    "has_confirmed_mission",
)
has_accepted_enrolment = _fact_guard(
    "no_accepted_enrolment",
    "Aucune inscription de ce parcours à une session de formation n'est acceptée par l'organisme de formation.",
    "has_accepted_enrolment",
)
has_admissible_vae = _fact_guard(
    "no_admissible_vae",
    "Aucune demande de VAE de ce parcours n'est recevable (faisabilité acceptée).",
    "has_admissible_vae",
)
