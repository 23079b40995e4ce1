"""Alerts: what a counsellor should do today about each open parcours, computed in SQL.

Each rule annotates the parcours queryset with the facts it needs (last follow-up, oldest
unanswered placement...) and says, for a structure's today, which rows it flags. "Today" is the
structure's: the SQL condition is an OR over the structures' time zones, each with its own date,
so a Réunion structure's day turns three hours before Paris's. The due date and the wording are
then derived from the row's facts, with no further query.

Other apps register their rules (placements: the PMSMP ending without assessment, the employer
who has not answered), so that this app imports none of them.
"""

import datetime as dt
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, F, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from organisations.models import Organisation
from parcours.models import OPEN_PHASES, Action, Appointment, FollowUp, Parcours
from tremplin.dates import add_months

HIGH, MEDIUM = "high", "medium"


@dataclass(frozen=True)
class AlertRule:
    code: str
    severity: str
    label: str
    action: str  # what clears it
    facts: Callable[[], dict[str, Any]]  # annotations on a Parcours queryset
    active: Callable[[dt.date, zoneinfo.ZoneInfo], Q]  # rows flagged on that day, in that zone
    due: Callable[[Any, zoneinfo.ZoneInfo], dt.date | None]  # from an annotated row


_rules: dict[str, AlertRule] = {}


def register_alert(rule: AlertRule) -> None:
    _rules[rule.code] = rule


def alert_rules() -> dict[str, AlertRule]:
    return dict(_rules)


def start_of(day: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)


def working_days_before(day: dt.date, count: int) -> dt.date:
    """``count`` working days (Monday to Friday) before ``day``. Public holidays are not counted
    out: a reminder one day early on a bank holiday week is harmless."""
    while count:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def working_days_after(day: dt.date, count: int) -> dt.date:
    while count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _zones() -> list[str]:
    """The structures' distinct time zones: one OR branch each in the alert conditions. Without the
    ``order_by()``, the model's ordering (by name) enters the DISTINCT and there is one zone per
    structure: at 600 structures, a query PostgreSQL took minutes and gigabytes to plan."""
    return list(
        Organisation.objects.filter(kind=Organisation.Kind.STRUCTURE)
        .order_by()
        .values_list("time_zone", flat=True)
        .distinct()
    )


def with_alerts(queryset: QuerySet[Parcours], *, now: dt.datetime | None = None) -> QuerySet[Parcours]:
    """The queryset annotated with every rule's facts, one ``alert_<code>`` boolean per rule and
    ``alert_count``; closed parcours get no alert."""
    now = now or timezone.now()
    zones = [zoneinfo.ZoneInfo(name) for name in _zones()]
    facts: dict[str, Any] = {}
    for rule in _rules.values():
        facts.update(rule.facts())
    queryset = queryset.annotate(**facts)
    flags = {}
    for rule in _rules.values():
        condition = Q(pk__in=[])
        for zone in zones:
            today = now.astimezone(zone).date()
            condition |= Q(structure__time_zone=zone.key) & rule.active(today, zone)
        flags[f"alert_{rule.code}"] = Case(
            When(Q(phase__in=OPEN_PHASES) & condition, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    queryset = queryset.annotate(**flags)
    total = sum(
        (Case(When(**{name: True}, then=Value(1)), default=Value(0), output_field=IntegerField()) for name in flags),
        Value(0),
    )
    return queryset.annotate(alert_count=total)


def alerts_of(parcours: Parcours) -> list[dict[str, Any]]:
    """The alerts of an annotated row, most urgent first (severity, then due date)."""
    zone = parcours.structure.tz
    found = []
    for rule in _rules.values():
        if getattr(parcours, f"alert_{rule.code}", False):
            found.append(
                {
                    "code": rule.code,
                    "severity": rule.severity,
                    "label": rule.label,
                    "due_date": rule.due(parcours, zone),
                    "action": rule.action,
                }
            )
    found.sort(key=lambda alert: (alert["severity"] != HIGH, alert["due_date"] or dt.date.max))
    return found


def _local_date(value: dt.datetime | None, zone) -> dt.date | None:
    return value.astimezone(zone).date() if value else None


def _reaching_24_months_by(day: dt.date) -> dt.date:
    """The latest entry date whose 24-month date (add_months, clamped at month ends) is on or
    before ``day``: going back 24 months from ``day`` can land a day early after 29 February."""
    entry = add_months(day, -24)
    while add_months(entry + dt.timedelta(days=1), 24) <= day:
        entry += dt.timedelta(days=1)
    return entry


# -- this app's rules ------------------------------------------------------------------------

_last_follow_up = Subquery(
    FollowUp.objects.filter(parcours=OuterRef("pk"))
    .order_by()
    .values("parcours")
    .annotate(m=Max("occurred_at"))
    .values("m")
)
_last_no_show = Subquery(
    Appointment.objects.filter(parcours=OuterRef("pk"), attendance=Appointment.Attendance.NO_SHOW)
    .order_by()
    .values("parcours")
    .annotate(m=Max("starts_at"))
    .values("m")
)
_first_overdue_candidate = Subquery(
    Action.objects.filter(parcours=OuterRef("pk"), status__in=Action.OPEN_STATUSES)
    .order_by()
    .values("parcours")
    .annotate(m=Min("due_date"))
    .values("m")
)

for rule in (
    AlertRule(
        code="pass_iae_ending",
        severity=HIGH,
        label="Le PASS IAE se termine dans moins de 90 jours",
        action="Demander la prolongation du PASS IAE ou préparer la sortie.",
        facts=lambda: {"fact_pass_end": F("person__pass_iae_end")},
        active=lambda today, zone: Q(fact_pass_end__lte=today + dt.timedelta(days=90)),
        due=lambda row, zone: row.fact_pass_end,
    ),
    AlertRule(
        code="no_follow_up",
        severity=HIGH,
        label="Aucun suivi depuis 30 jours",
        action="Faire un entretien et le noter dans le journal.",
        facts=lambda: {"fact_last_follow_up": _last_follow_up},
        active=lambda today, zone: (
            Q(fact_last_follow_up__isnull=True, entry_date__lte=today - dt.timedelta(days=30))
            | Q(fact_last_follow_up__lt=start_of(today - dt.timedelta(days=29), zone))
        ),
        due=lambda row, zone: (_local_date(row.fact_last_follow_up, zone) or row.entry_date) + dt.timedelta(days=30),
    ),
    AlertRule(
        code="parcours_24_months",
        severity=MEDIUM,
        label="Le parcours atteint 24 mois",
        action="Préparer la sortie ou demander une dérogation.",
        facts=lambda: {},
        active=lambda today, zone: Q(entry_date__lte=_reaching_24_months_by(today + dt.timedelta(days=30))),
        due=lambda row, zone: add_months(row.entry_date, 24),
    ),
    AlertRule(
        code="appointment_missed",
        severity=MEDIUM,
        label="Un rendez-vous a été manqué",
        action="Recontacter la personne et noter l'échange dans le journal.",
        facts=lambda: {"fact_last_no_show": _last_no_show, "fact_last_follow_up": _last_follow_up},
        active=lambda today, zone: (
            Q(fact_last_no_show__isnull=False)
            & (Q(fact_last_follow_up__isnull=True) | Q(fact_last_follow_up__lt=F("fact_last_no_show")))
        ),
        due=lambda row, zone: _local_date(row.fact_last_no_show, zone),
    ),
    AlertRule(
        code="action_overdue",
        severity=MEDIUM,
        label="Une action du plan est en retard",
        action="Mettre à jour l'action : réalisée, reportée ou abandonnée.",
        facts=lambda: {"fact_first_open_due": _first_overdue_candidate},
        active=lambda today, zone: Q(fact_first_open_due__lt=today),
        due=lambda row, zone: row.fact_first_open_due,
    ),
):
    register_alert(rule)


# The codes every app registers (the API's enum); tests/parcours/test_alerts.py checks that it
# matches the registry.
ALERT_CODES = [
    "pass_iae_ending",
    "no_follow_up",
    "pmsmp_ending",
    "placement_unanswered",
    "parcours_24_months",
    "appointment_missed",
    "action_overdue",
]
