"""Enrolment and VAE guards: pure functions of the instance, each with a stable code and a French
message. Those marked ``needs_input`` check values supplied with the request: they never block a
transition in advance, and the request's validation reports them as a 400."""

from typing import Any

from parcours.guards import Guard


def _session_has_seats(enrolment: Any) -> bool:
    from trainings.selectors import seats_taken  # models import this module

    return seats_taken(enrolment) < enrolment.session.capacity


session_has_seats = Guard(
    code="session_full",
    message="La session est complète : toutes les places sont attribuées.",
    check=_session_has_seats,
)
refusal_reason_given = Guard(
    code="refusal_reason_required",
    message="Indiquez le motif du refus.",
    check=lambda enrolment: bool(enrolment.refusal_reason.strip()),
    needs_input=True,
)
completion_recorded = Guard(
    code="result_not_recorded",
    message="Le résultat (réussite ou échec) est requis pour terminer la formation.",
    check=lambda enrolment: enrolment.result in ("passed", "failed"),
    needs_input=True,
)
feasibility_date_recorded = Guard(
    code="feasibility_date_required",
    message="La date de dépôt du dossier de faisabilité est requise.",
    check=lambda application: application.feasibility_submitted_on is not None,
    needs_input=True,
)
jury_date_recorded = Guard(
    code="jury_date_required",
    message="La date du jury est requise.",
    check=lambda application: application.jury_date is not None,
    needs_input=True,
)
partial_blocs_recorded = Guard(
    code="partial_blocs_required",
    message="Une validation partielle valide au moins un bloc, et pas tous.",
    check=lambda application: bool(getattr(application, "new_blocs", None)),
    needs_input=True,
)


def _parcours_open(enrolment: Any) -> bool:
    return enrolment.parcours.is_open


def _session_not_over(enrolment: Any) -> bool:
    return enrolment.session.end_date >= enrolment.session.training_body.today()


def _session_started(enrolment: Any) -> bool:
    return enrolment.session.start_date <= enrolment.session.training_body.today()


parcours_open = Guard(
    code="parcours_closed",
    message="Le parcours de cette personne est clos.",
    check=_parcours_open,
)
session_not_over = Guard(
    code="session_over",
    message="La session est terminée.",
    check=_session_not_over,
)
session_started = Guard(
    code="session_not_started",
    message="La session n'a pas encore commencé.",
    check=_session_started,
)
