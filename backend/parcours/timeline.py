"""One chronological stream of everything that happened on a parcours: phase changes, follow-ups,
barrier changes, actions, appointments, and (registered by their apps) placement, enrolment and
VAE events.

Each source gives, for one parcours, a queryset of ``(type, id, at)`` rows. The page is taken from
their ``UNION ALL`` ordered in SQL, then each source loads the rows of the page it owns in one
query: a page costs the count, the page and one query per source present on it, whatever its
size. Only the parcours' staff reach a timeline (the view checks the parcours' scope first), and
they may see every one of these entries.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, DateTimeField, F, QuerySet, Value
from django.db.models.functions import Cast

from parcours.models import Action, Appointment, BarrierChange, FollowUp, PhaseTransition


@dataclass(frozen=True)
class Source:
    type: str
    model: type  # the log rows
    parcours: str  # lookup from a row to its parcours id, e.g. "placement__parcours_id"
    at: str  # the row's date-time field
    load: Callable[[list[int]], dict[int, dict[str, Any]]]  # ids -> {id: title, actor, summary, details}

    def rows(self, parcours_id: int) -> QuerySet:
        return stamped(self.model.objects.filter(**{self.parcours: parcours_id}), self.type, self.at)


_sources: dict[str, Source] = {}


def register_timeline_source(source: Source) -> None:
    _sources[source.type] = source


def stamped(queryset: QuerySet, type_: str, at: str) -> QuerySet:
    """``queryset`` as timeline rows: (type, id, at) with ``at`` the given date-time field."""
    return queryset.annotate(
        entry_type=Value(type_, output_field=CharField()), at=Cast(F(at), output_field=DateTimeField())
    ).values_list("entry_type", "pk", "at")


def timeline_rows(*, parcours_id: int) -> QuerySet:
    """Every entry of the parcours, newest first, as (type, id, at): lazy, for the paginator."""
    querysets = [source.rows(parcours_id).order_by() for source in _sources.values()]
    first, *others = querysets
    return first.union(*others, all=True).order_by("-at", "-entry_type", "-pk")


def timeline_entries(rows: Iterable[tuple[str, int, Any]]) -> list[dict[str, Any]]:
    """The page's rows as full entries, in the page's order."""
    rows = list(rows)
    wanted: dict[str, list[int]] = {}
    for type_, pk, _ in rows:
        wanted.setdefault(type_, []).append(pk)
    loaded = {type_: _sources[type_].load(ids) for type_, ids in wanted.items()}
    return [{"type": type_, "id": pk, "at": at, **loaded[type_][pk]} for type_, pk, at in rows]


def _name(user) -> str | None:
    return (user.get_full_name() or user.email) if user else None


# -- this app's sources ------------------------------------------------------------------------


def _phase_title(row: PhaseTransition) -> str:
    if row.name == "import":
        return f"Reprise depuis l'outil précédent, en phase « {row.get_target_display()} »"
    return f"Phase : {row.get_target_display()}" if row.source else "Entrée dans le parcours"


def _phases(ids):
    return {
        row.pk: {
            "title": _phase_title(row),
            "actor": _name(row.actor),
            "summary": row.comment,
            "details": {"name": row.name, "from": row.source, "to": row.target},
        }
        for row in PhaseTransition.objects.filter(pk__in=ids).select_related("actor")
    }


def _follow_ups(ids):
    return {
        row.pk: {
            "title": f"{row.get_kind_display()} ({row.duration_minutes} min)",
            "actor": _name(row.created_by),
            "summary": row.note,
            "details": {"kind": row.kind},
        }
        for row in FollowUp.objects.filter(pk__in=ids).select_related("created_by")
    }


def _barrier_changes(ids):
    return {
        row.pk: {
            "title": f"Frein « {row.barrier.type.label} » : {row.get_status_display().lower()}",
            "actor": _name(row.actor),
            "summary": row.details.get("support_by", ""),
            "details": {"barrier": row.barrier_id, "status": row.status, "previous_status": row.previous_status},
        }
        for row in BarrierChange.objects.filter(pk__in=ids).select_related("actor", "barrier__type")
    }


def _actions(ids):
    return {
        row.pk: {
            "title": f"Action : {row.title}",
            "actor": _name(row.created_by),
            "summary": f"{row.get_status_display()}, échéance le {row.due_date:%d/%m/%Y}",
            "details": {"status": row.status, "due_date": row.due_date.isoformat()},
        }
        for row in Action.objects.filter(pk__in=ids).select_related("created_by")
    }


def _appointments(ids):
    return {
        row.pk: {
            "title": f"Rendez-vous : {row.get_kind_display().lower()}, "
            f"le {row.starts_at.astimezone(row.parcours.structure.tz):%d/%m/%Y à %H:%M}",
            "actor": _name(row.created_by),
            "summary": row.get_attendance_display() if row.attendance else row.place,
            "details": {"kind": row.kind, "attendance": row.attendance},
        }
        for row in Appointment.objects.filter(pk__in=ids).select_related("created_by", "parcours__structure")
    }


for source in (
    Source("phase", PhaseTransition, "parcours_id", "occurred_at", _phases),
    Source("follow_up", FollowUp, "parcours_id", "occurred_at", _follow_ups),
    Source("barrier", BarrierChange, "barrier__parcours_id", "occurred_at", _barrier_changes),
    Source("action", Action, "parcours_id", "created_at", _actions),
    # When it was planned: an upcoming appointment must not sit above what has already happened.
    Source("appointment", Appointment, "parcours_id", "created_at", _appointments),
):
    register_timeline_source(source)
