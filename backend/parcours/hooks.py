"""Extension points that let employers and trainings act on a parcours without circular imports.

An exit closer is called inside the exit transaction and closes what the parcours still has
open (placements, enrolments...). It returns one dict per item it closed; the list is kept in
the PhaseTransition's details. If it raises, the whole exit is rolled back.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

ExitCloser = Callable[..., list[dict[str, Any]]]  # (*, parcours, actor, exit_date) -> closed items

_exit_closers: list[ExitCloser] = []


def register_exit_closer(closer: ExitCloser) -> ExitCloser:
    if closer not in _exit_closers:
        _exit_closers.append(closer)
    return closer


def unregister_exit_closer(closer: ExitCloser) -> None:
    if closer in _exit_closers:
        _exit_closers.remove(closer)


def run_exit_closers(*, parcours: Any, actor: Any, exit_date: date) -> list[dict[str, Any]]:
    closed: list[dict[str, Any]] = []
    for closer in list(_exit_closers):
        closed.extend(closer(parcours=parcours, actor=actor, exit_date=exit_date))
    return closed


# Facts about a parcours that only other apps know ("has a confirmed PMSMP", "hours worked on
# missions"). Each is registered as a factory of an SQL expression over the parcours row (use
# OuterRef("pk")), so lists annotate every fact in their one query instead of asking per row,
# and a single parcours is answered by one small query.
FactFactory = Callable[[], Any]

_facts: dict[str, tuple[FactFactory, Any]] = {}


def register_fact(name: str, expression: FactFactory, *, default: Any = None) -> None:
    _facts[name] = (expression, default)


def fact_annotations() -> dict[str, Any]:
    """Annotations to add to a parcours queryset: one per registered fact, named ``fact_<name>``."""
    return {f"fact_{name}": factory() for name, (factory, _) in _facts.items()}


def fact(parcours: Any, name: str) -> Any:
    """The fact's value for this parcours: from the annotation when the row has it, else one query;
    the registered default (or None) when no app has registered the fact."""
    if name not in _facts:
        return None
    attribute = f"fact_{name}"
    if hasattr(parcours, attribute):
        return getattr(parcours, attribute)
    factory, default = _facts[name]
    value = (
        type(parcours)
        .objects.filter(pk=parcours.pk)
        .annotate(**{attribute: factory()})
        .values_list(attribute, flat=True)
        .first()
    )
    value = default if value is None else value
    setattr(parcours, attribute, value)
    return value


# Called at the end of parcours_sync_permissions, so that objects whose access follows the
# parcours' (placements, enrolments) are resynced when its referents change.
ParcoursSyncer = Callable[..., None]  # (*, parcours) -> None

_parcours_syncers: list[ParcoursSyncer] = []


def register_parcours_syncer(syncer: ParcoursSyncer) -> ParcoursSyncer:
    if syncer not in _parcours_syncers:
        _parcours_syncers.append(syncer)
    return syncer


def run_parcours_syncers(*, parcours: Any) -> None:
    for syncer in list(_parcours_syncers):
        syncer(parcours=parcours)


# Time-based rules, run once a day by ``manage.py daily``. A job takes ``now`` (an aware
# datetime; rules judge days in each structure's time zone), runs its own transactions and
# returns a one-line summary of what it changed. Jobs must be idempotent: a second run on
# the same day changes nothing.
DailyJob = Callable[..., str]  # (*, now) -> summary

_daily_jobs: dict[str, DailyJob] = {}


def register_daily_job(name: str, job: DailyJob) -> DailyJob:
    _daily_jobs[name] = job
    return job


def daily_jobs() -> dict[str, DailyJob]:
    return dict(_daily_jobs)
