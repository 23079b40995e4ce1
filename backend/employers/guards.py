"""Placement guards: pure functions of a placement, with a stable code and a French message.

Both check values the host employer supplies with the request, so they are ``needs_input``:
they never block a transition in advance, and the request's validation reports them as a 400.
"""

from typing import Any

from parcours.guards import Guard


def _decline_reason_given(placement: Any) -> bool:
    return bool(placement.decline_reason.strip())


def _completion_recorded(placement: Any) -> bool:
    return placement.hours_worked is not None and placement.hours_worked >= 0 and bool(placement.assessment.strip())


decline_reason_given = Guard(
    code="decline_reason_required",
    message="Indiquez le motif du refus.",
    check=_decline_reason_given,
    needs_input=True,
)
completion_recorded = Guard(
    code="completion_not_recorded",
    message="Les heures effectuées et un bilan sont requis pour terminer la mise en situation.",
    check=_completion_recorded,
    needs_input=True,
)
