"""The legal and practical rules a placement proposal must follow: pure functions of plain values.

Each raises a DomainError whose ``code`` names the rule and whose ``field`` names the input to
fix; employers.services gathers the values (with its queries) and calls them in order.
PMSMP: Code du travail L5135-1 and following, décret 2014-1360.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from tremplin.dates import add_months
from tremplin.errors import DomainError

PMSMP_PURPOSES = ("discover", "confirm", "recruit")
PMSMP_MAX_PER_HOST = 2
PMSMP_MAX_DAYS_PER_HOST = 60
MAX_WEEKLY_HOURS = Decimal(48)


def pmsmp_last_day(start: dt.date) -> dt.date:
    """Last day of a PMSMP of one month "date to date": 10 March → 9 April."""
    return add_months(start, 1) - dt.timedelta(days=1)


def days_inclusive(start: dt.date, end: dt.date) -> int:
    return (end - start).days + 1


def check_parcours_open(*, is_open: bool) -> None:
    if not is_open:
        raise DomainError(
            "Ce parcours est clos : on ne peut plus y proposer de mise en situation.",
            code="parcours_closed",
            field="parcours",
        )


def check_dates(*, start: dt.date | None, end: dt.date | None) -> None:
    if start is None or end is None:
        raise DomainError(
            "Les dates de début et de fin sont requises.",
            code="dates_required",
            field="start_date" if start is None else "end_date",
        )
    if end < start:
        raise DomainError("La fin précède le début.", code="dates_ordered", field="end_date")


def check_pmsmp_purpose(*, purpose: str) -> None:
    if purpose not in PMSMP_PURPOSES:
        raise DomainError(
            "Une PMSMP a un et un seul objet : découvrir un métier, confirmer un projet ou recruter.",
            code="pmsmp_purpose",
            field="purpose",
        )


def check_pmsmp_duration(*, start: dt.date, end: dt.date) -> None:
    last = pmsmp_last_day(start)
    if end > last:
        raise DomainError(
            f"Une PMSMP dure au plus un mois de date à date : au plus tard le {last:%d/%m/%Y}.",
            code="pmsmp_max_one_month",
            field="end_date",
        )


def check_pmsmp_prescriber(*, structure_type: str) -> None:
    if structure_type == "ETTI":
        raise DomainError(
            "Une entreprise de travail temporaire d'insertion (ETTI) ne peut pas prescrire de PMSMP.",
            code="pmsmp_etti_prescriber",
            field="parcours",
        )


def check_pmsmp_renewal(*, same_parcours_and_host: bool, is_pmsmp: bool, already_renewal: bool, renewed: bool) -> None:
    """``renewal_of`` must be a PMSMP of the same parcours at the same establishment, renewed once at most."""
    if not (is_pmsmp and same_parcours_and_host):
        raise DomainError(
            "On ne renouvelle qu'une PMSMP du même parcours dans le même établissement.",
            code="pmsmp_renewal_mismatch",
            field="renewal_of",
        )
    if already_renewal or renewed:
        raise DomainError("Une PMSMP n'est renouvelable qu'une fois.", code="pmsmp_renewed_once", field="renewal_of")


def check_pmsmp_host_quota(*, start: dt.date, end: dt.date, previous: Iterable[tuple[dt.date, dt.date]]) -> None:
    """At most 2 PMSMP and 60 days in total at one host employer over 12 months.

    ``previous`` are the (start, end) of the parcours' other live PMSMP at the same employer
    within the window the service chose.
    """
    previous = list(previous)
    if len(previous) + 1 > PMSMP_MAX_PER_HOST:
        raise DomainError(
            f"Au plus {PMSMP_MAX_PER_HOST} PMSMP sur 12 mois chez un même employeur.",
            code="pmsmp_host_max_two",
            field="establishment",
        )
    total = days_inclusive(start, end) + sum(days_inclusive(s, e) for s, e in previous)
    if total > PMSMP_MAX_DAYS_PER_HOST:
        raise DomainError(
            f"Au plus {PMSMP_MAX_DAYS_PER_HOST} jours de PMSMP sur 12 mois chez un même employeur "
            f"(ce serait {total} jours).",
            code="pmsmp_host_max_days",
            field="end_date",
        )


def check_mission_fields(*, position: str, weekly_hours: Decimal | None) -> None:
    if not position.strip():
        raise DomainError("Indiquez le poste de la mission.", code="mission_position_required", field="position")
    if weekly_hours is None or not Decimal(0) < weekly_hours <= MAX_WEEKLY_HOURS:
        raise DomainError(
            f"Indiquez la durée hebdomadaire de la mission (plus de 0 et au plus {MAX_WEEKLY_HOURS} heures).",
            code="mission_weekly_hours",
            field="weekly_hours",
        )


def check_mission_extras(*, purpose: str, has_renewal: bool) -> None:
    if purpose:
        raise DomainError(
            "L'objet (découvrir, confirmer, recruter) est propre aux PMSMP.", code="mission_purpose", field="purpose"
        )
    if has_renewal:
        raise DomainError(
            "Seule une PMSMP se renouvelle ; proposez une nouvelle mission.",
            code="mission_renewal",
            field="renewal_of",
        )


def check_mission_overlap(*, overlapping: bool) -> None:
    if overlapping:
        raise DomainError(
            "Une autre mission de ce parcours couvre déjà une partie de ces dates.",
            code="mission_overlap",
            field="start_date",
        )
