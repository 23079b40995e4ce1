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
