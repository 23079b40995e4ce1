"""The enrolment and VAE transitions the API exposes: labels, request bodies, who fires each, and
whether a given user can fire it now (and if not, why)."""

import datetime as dt
from typing import Any

from rest_framework import serializers

from organisations.models import User
from parcours.permissions import user_can as user_can_on_parcours
from parcours.transitions import TransitionInput, TransitionOption
from trainings.models import Enrolment, VaeApplication
from trainings.permissions import user_can
from tremplin import workflow
from tremplin.workflow import TransitionSpec


def _bloc_numbers_field(help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=99),
        max_length=50,
        required=False,
        default=list,
        help_text=help_text,
    )


def training_blocs(training) -> list:
    """The blocs a training prepares (a module prepares some of its certification's blocs; a
    training that names none prepares them all): the blocs its results can validate."""
    if training.certification_id is None:
        return []
    return list(training.blocs.all()) or list(training.certification.blocs.all())


def _check_bloc_numbers(numbers: list[int], certification, allowed=None) -> list[int]:
    """The numbers, deduplicated and sorted, if they are blocs of the certification (and among
    ``allowed`` blocs, when given)."""
    known = {bloc.number for bloc in certification.blocs.all()} if certification else set()
    unknown = sorted(set(numbers) - known)
    if unknown:
        listed = ", ".join(map(str, unknown))
        if certification is None:
            raise serializers.ValidationError("Cette formation ne prépare à aucune certification : aucun bloc.")
        raise serializers.ValidationError(f"Bloc(s) inconnu(s) pour {certification.code} : {listed}.")
    if allowed is not None:
        outside = sorted(set(numbers) - {bloc.number for bloc in allowed})
        if outside:
            listed = ", ".join(map(str, outside))
            raise serializers.ValidationError(f"Bloc(s) que cette formation ne prépare pas : {listed}.")
    return sorted(set(numbers))


# -- enrolments ------------------------------------------------------------------------------


class RefuseInput(TransitionInput):
    refusal_reason = serializers.CharField(max_length=2000)


class CompleteInput(TransitionInput):
    result = serializers.ChoiceField(choices=Enrolment.Result.choices)
    validated_blocs = _bloc_numbers_field("Numéros des blocs validés à l'issue de la formation.")

    def validate_validated_blocs(self, value):
        training = self.context["enrolment"].session.training
        return _check_bloc_numbers(value, training.certification, training_blocs(training))


def _prepare_refuse(enrolment: Enrolment, data: dict[str, Any]) -> None:
    enrolment.refusal_reason = data["refusal_reason"]


def _prepare_complete(enrolment: Enrolment, data: dict[str, Any]) -> None:
    enrolment.result = data["result"]


STAFF, TRAINER = "change_enrolment", "decide_enrolment"

ENROLMENT_TRANSITIONS = workflow.registry(
    TransitionSpec("accept", "Accepter", TRAINER),
    TransitionSpec("refuse", "Refuser", TRAINER, RefuseInput, _prepare_refuse),
    TransitionSpec("attend", "Présent·e : entrée en formation", TRAINER),
    TransitionSpec("complete", "Saisir le résultat", TRAINER, CompleteInput, _prepare_complete),
    TransitionSpec("drop", "Abandon", (TRAINER, STAFF)),
)

ENROLMENT_NOT_ALLOWED = {
    TRAINER: (
        "Seuls les formateurs de l'organisme de formation décident, pointent la présence et saisissent les résultats."
    ),
    (
        TRAINER,
        STAFF,
    ): "Seuls l'organisme de formation, les référents du parcours et la direction enregistrent un abandon.",
}


def enrolment_options(enrolment: Enrolment, user: User | None) -> list[TransitionOption]:
    return workflow.transition_options(
        enrolment,
        field="state",
        specs=ENROLMENT_TRANSITIONS,
        may=None if user is None else (lambda permission: user_can(user, permission, enrolment)),
        not_allowed=ENROLMENT_NOT_ALLOWED,
    )


# -- VAE applications --------------------------------------------------------------------------


class VaeStepInput(TransitionInput):
    """Every VAE step has its date: when it happened (today by default), never in the future and
    never before the previous step."""

    date = serializers.DateField(required=False, default=None, help_text="Date de l'étape (aujourd'hui par défaut).")
    future_allowed = False

    def validate_date(self, value: dt.date | None) -> dt.date:
        application: VaeApplication = self.context["application"]
        today = application.parcours.structure.today()
        value = value or today
        if value > today and not self.future_allowed:
            raise serializers.ValidationError("La date ne peut pas être dans le futur.")
        previous = max(
            (event.effective_date for event in application.events.all() if event.effective_date), default=None
        )
        if previous and value < previous:
            raise serializers.ValidationError(f"La date ne peut pas précéder l'étape précédente ({previous:%d/%m/%Y}).")
        return value


class FeasibilityInput(VaeStepInput):
    certifier = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class JuryInput(VaeStepInput):
    date = serializers.DateField(help_text="Date du jury (peut être à venir).")
    future_allowed = True


class PartialInput(VaeStepInput):
    validated_blocs = _bloc_numbers_field("Numéros des blocs validés par le jury.")

    def validate_validated_blocs(self, value):
        application: VaeApplication = self.context["application"]
        numbers = _check_bloc_numbers(value, application.certification)
        already = {bloc.number for bloc in application.validated_blocs.all()}
        every = {bloc.number for bloc in application.certification.blocs.all()}
        if not set(numbers) - already:
            raise serializers.ValidationError("Indiquez au moins un bloc nouvellement validé.")
        if already | set(numbers) >= every:
            raise serializers.ValidationError("Tous les blocs seraient validés : c'est une validation totale.")
        return numbers


def _set(field: str):
    def prepare(application: VaeApplication, data: dict[str, Any]) -> None:
        setattr(application, field, data["date"])

    return prepare


def _prepare_feasibility(application: VaeApplication, data: dict[str, Any]) -> None:
    application.feasibility_submitted_on = data["date"]
    if data.get("certifier"):
        application.certifier = data["certifier"]


def _prepare_partial(application: VaeApplication, data: dict[str, Any]) -> None:
    application.decided_on = data["date"]
    application.new_blocs = data["validated_blocs"]


PARCOURS_STAFF = "transition_parcours"

VAE_TRANSITIONS = workflow.registry(
    TransitionSpec(
        "submit_feasibility", "Dépôt du dossier de faisabilité", PARCOURS_STAFF, FeasibilityInput, _prepare_feasibility
    ),
    TransitionSpec("declare_admissible", "Recevable", PARCOURS_STAFF, VaeStepInput, _set("admissibility_decided_on")),
    TransitionSpec(
        "declare_not_admissible", "Non recevable", PARCOURS_STAFF, VaeStepInput, _set("admissibility_decided_on")
    ),
    TransitionSpec(
        "submit_validation_file",
        "Dépôt du dossier de validation",
        PARCOURS_STAFF,
        VaeStepInput,
        _set("validation_file_submitted_on"),
    ),
    TransitionSpec("schedule_jury", "Jury programmé", PARCOURS_STAFF, JuryInput, _set("jury_date")),
    TransitionSpec("validate_full", "Validation totale", PARCOURS_STAFF, VaeStepInput, _set("decided_on")),
    TransitionSpec("validate_partial", "Validation partielle", PARCOURS_STAFF, PartialInput, _prepare_partial),
    TransitionSpec("refuse", "Refus du jury", PARCOURS_STAFF, VaeStepInput, _set("decided_on")),
    TransitionSpec("start_complement", "Parcours complémentaire", PARCOURS_STAFF, VaeStepInput),
)

VAE_NOT_ALLOWED = {
    PARCOURS_STAFF: (
        "Seuls les référents du parcours et la direction de la structure enregistrent les étapes de la VAE."
    ),
}


def vae_options(application: VaeApplication, user: User | None) -> list[TransitionOption]:
    def may(permission: str) -> bool:
        annotated = getattr(application, "can_transition", None)
        if annotated is not None:
            return bool(annotated)
        return user_can_on_parcours(user, permission, application.parcours)

    options = workflow.transition_options(
        application,
        field="state",
        specs=VAE_TRANSITIONS,
        may=None if user is None else may,
        not_allowed=VAE_NOT_ALLOWED,
    )
    if application.state == VaeApplication.State.PROJECT:
        _check_yearly_request(application, options)
    return options


def _check_yearly_request(application: VaeApplication, options: list[TransitionOption]) -> None:
    """One feasibility request per person, certification and calendar year (the 2024 reform):
    said in advance for this year; the service checks the year of the date actually given."""
    from trainings.services import other_request_in_year  # services import this module

    year = application.parcours.structure.today().year
    if hasattr(application, "other_request_year"):  # annotated by the list (request years never lie ahead)
        requested = application.other_request_year == year
    else:
        requested = other_request_in_year(application, year)
    if requested:
        for option in options:
            if option.name == "submit_feasibility":
                option.allowed = False
                option.reasons.insert(0, yearly_reason(year))


def yearly_reason(year: int) -> dict[str, str]:
    return {
        "code": "vae_request_already_this_year",
        "message": f"Une demande de faisabilité pour cette certification a déjà été déposée en {year} "
        "pour cette personne : une seule par année civile.",
    }
