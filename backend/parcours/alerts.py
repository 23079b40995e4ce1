"""Alerts: what a counsellor should do today about each open parcours, computed in SQL.

Each rule names the facts it needs about a parcours (last follow-up, oldest unanswered
placement...) as SQL, and says as SQL which rows it flags on a structure's today. "Today" is the
structure's: each condition is an OR over the structures' time zones, each with its own date, so
a Réunion structure's day turns three hours before Paris's. The due date and the wording are then
derived from the row's facts, with no further query.

The rules are written as SQL text rather than ORM expressions because the ORM inlines an
annotation each time another refers to it: the facts' subqueries were repeated in every rule and
every zone branch (a page of 25 parcours was one 32 KB statement with 123 SELECTs), and building
and compiling those expressions cost three times the query itself (bench/parcours_list.py). Here
each row's facts are computed once, in a derived table, and every rule reads them there; the
flags come back as one bit mask per row.

Other apps register their rules (placements: the PMSMP ending without assessment, the employer
who has not answered), so that this app imports none of them.
"""

import datetime as dt
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, DateField, DateTimeField, Expression, F, Field, IntegerField, QuerySet
from django.utils import timezone

from organisations.models import Organisation
from parcours.models import OPEN_PHASES, Action, Appointment, FollowUp, Parcours, Person
from tremplin.dates import add_months

HIGH, MEDIUM = "high", "medium"

# In a fact's SQL, ``p`` is the parcours row; in a condition's, ``f`` holds the facts with the
# row's ``phase``, ``entry_date`` and its structure's ``time_zone``.
PARCOURS = Parcours._meta.db_table
STRUCTURE = Organisation._meta.db_table


@dataclass(frozen=True)
class Fact:
    """A value about the parcours row ``p``: a column or a scalar subquery, with its parameters."""

    sql: str
    output_field: Field
    params: tuple = ()


Condition = tuple[str, list]  # SQL over ``f`` and its parameters (dates, datetimes)


@dataclass(frozen=True)
class AlertRule:
    code: str
    severity: str
    label: str
    action: str  # what clears it
    active: Callable[[dt.date, zoneinfo.ZoneInfo], Condition]  # rows flagged on that day, in that zone
    due: Callable[[Any, zoneinfo.ZoneInfo], dt.date | None]  # from a row with its facts
    facts: dict[str, Fact] = field(default_factory=dict)  # named fact_<...>, shared between rules


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


def structure_zones() -> list[str]:
    """The structures' distinct time zones: one OR branch each in the alert conditions. Without the
    ``order_by()``, the model's ordering (by name) enters the DISTINCT and there is one zone per
    structure: at 600 structures, a query PostgreSQL took minutes and gigabytes to plan."""
    return list(
        Organisation.objects.filter(kind=Organisation.Kind.STRUCTURE)
        .order_by()
        .values_list("time_zone", flat=True)
        .distinct()
    )


class ParcoursSql(Expression):
    """SQL about one parcours row, written with ``{parcours}`` where that row's id goes: the id
    column is compiled by the query it ends up in, so the SQL holds under any table alias (as a
    subquery, in a COUNT over a filtered list). Python dates and datetimes in ``params`` are adapted
    for the database (SQLite compares them as text)."""

    def __init__(self, sql: str, params, output_field: Field):
        super().__init__(output_field=output_field)
        self.sql, self.params = sql, list(params)
        self.parcours_id = F("pk")

    @property
    def conditional(self) -> bool:
        return isinstance(self.output_field, BooleanField)

    def get_source_expressions(self):
        return [self.parcours_id]

    def set_source_expressions(self, expressions):
        (self.parcours_id,) = expressions

    def as_sql(self, compiler, connection):
        column, column_params = compiler.compile(self.parcours_id)
        assert not column_params and self.sql.count("{parcours}") == 1
        return self.sql.replace("{parcours}", column), [_adapt(connection, value) for value in self.params]


def _adapt(connection, value):
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _facts() -> dict[str, Fact]:
    facts: dict[str, Fact] = {}
    for rule in _rules.values():
        facts.update(rule.facts)
    return facts


def _mask_sql(now: dt.datetime) -> tuple[str, list]:
    """One row's alerts as a bit mask (bit i: the i-th registered rule), from a derived table of
    its facts computed once. Closed parcours have none."""
    facts = _facts()
    columns, fact_params = [], []
    for name, fact in facts.items():
        columns.append(f"{fact.sql} AS {name}")
        fact_params.extend(fact.params)
    params = []
    zones = [zoneinfo.ZoneInfo(name) for name in structure_zones()]
    flags = []
    for bit, rule in enumerate(_rules.values()):
        branches = []
        for zone in zones:
            condition, condition_params = rule.active(now.astimezone(zone).date(), zone)
            branches.append(f"(f.time_zone = %s AND ({condition}))")
            params.extend([zone.key, *condition_params])
        flags.append(f"CASE WHEN {' OR '.join(branches) or 'FALSE'} THEN {1 << bit} ELSE 0 END")
    open_phases = ", ".join(["%s"] * len(OPEN_PHASES))
    # LIMIT 1 (the row is one anyway) keeps PostgreSQL from pulling the derived table up into the
    # CASE, which would write each fact's subquery out again in every rule and zone branch.
    sql = (
        f"(SELECT CASE WHEN f.phase IN ({open_phases}) THEN {' + '.join(flags) or '0'} ELSE 0 END"  # noqa: S608 (table names and bits from code)
        f" FROM (SELECT p.phase, p.entry_date, s.time_zone{''.join(', ' + column for column in columns)}"
        f" FROM {PARCOURS} p JOIN {STRUCTURE} s ON s.id = p.structure_id WHERE p.id = {{parcours}} LIMIT 1) f)"
    )
    # In the order of the text: the phases, the conditions, then the facts.
    return sql, [*OPEN_PHASES, *params, *fact_params]


def alert_mask(*, now: dt.datetime | None = None) -> ParcoursSql:
    sql, params = _mask_sql(now or timezone.now())
    return ParcoursSql(sql, params, IntegerField())


def bits_of(codes) -> int:
    order = list(_rules)
    return sum(1 << order.index(code) for code in codes)


def has_alert(codes=None, *, now: dt.datetime | None = None) -> ParcoursSql:
    """A condition for ``filter()``: the parcours has one of these alerts (any alert by default)."""
    sql, params = _mask_sql(now or timezone.now())
    bits = bits_of(codes if codes is not None else _rules)
    return ParcoursSql(f"(({sql}) & {bits}) <> 0", params, BooleanField())


def with_alerts(queryset: QuerySet[Parcours], *, now: dt.datetime | None = None) -> QuerySet[Parcours]:
    """The queryset annotated with ``alert_mask`` and every rule's facts (``fact_<...>``), which
    alerts_of reads."""
    facts = {
        name: ParcoursSql(sql, fact.params, fact.output_field)
        for name, fact in _facts().items()
        for sql in [f"(SELECT {fact.sql} FROM {PARCOURS} p WHERE p.id = {{parcours}})"]  # noqa: S608 (from code)
    }
    return queryset.annotate(alert_mask=alert_mask(now=now), **facts)


def alerts_of(parcours: Parcours) -> list[dict[str, Any]]:
    """The alerts of an annotated row, most urgent first (severity, then due date)."""
    zone = parcours.structure.tz
    mask = getattr(parcours, "alert_mask", 0) or 0
    found = []
    for bit, rule in enumerate(_rules.values()):
        if mask & (1 << bit):
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

_LAST_FOLLOW_UP = {
    "fact_last_follow_up": Fact(
        f"(SELECT max(x.occurred_at) FROM {FollowUp._meta.db_table} x WHERE x.parcours_id = p.id)",  # noqa: S608 (table names and bits from code)
        DateTimeField(),
    )
}
_OPEN_ACTION_STATUSES = list(Action.OPEN_STATUSES)

for rule in (
    AlertRule(
        code="pass_iae_ending",
        severity=HIGH,
        label="Le PASS IAE se termine dans moins de 90 jours",
        action="Demander la prolongation du PASS IAE ou préparer la sortie.",
        facts={
            "fact_pass_end": Fact(
                f"(SELECT x.pass_iae_end FROM {Person._meta.db_table} x WHERE x.id = p.person_id)",  # noqa: S608 (table names and bits from code)
                DateField(),
            )
        },
        active=lambda today, zone: ("f.fact_pass_end <= %s", [today + dt.timedelta(days=90)]),
        due=lambda row, zone: row.fact_pass_end,
    ),
    AlertRule(
        code="no_follow_up",
        severity=HIGH,
        label="Aucun suivi depuis 30 jours",
        action="Faire un entretien et le noter dans le journal.",
        facts=_LAST_FOLLOW_UP,
        active=lambda today, zone: (
            "(f.fact_last_follow_up IS NULL AND f.entry_date <= %s) OR f.fact_last_follow_up < %s",
            [today - dt.timedelta(days=30), start_of(today - dt.timedelta(days=29), zone)],
        ),
        due=lambda row, zone: (_local_date(row.fact_last_follow_up, zone) or row.entry_date) + dt.timedelta(days=30),
    ),
    AlertRule(
        code="parcours_24_months",
        severity=MEDIUM,
        label="Le parcours atteint 24 mois",
        action="Préparer la sortie ou demander une dérogation.",
        active=lambda today, zone: ("f.entry_date <= %s", [_reaching_24_months_by(today + dt.timedelta(days=30))]),
        due=lambda row, zone: add_months(row.entry_date, 24),
    ),
    AlertRule(
        code="appointment_missed",
        severity=MEDIUM,
        label="Un rendez-vous a été manqué",
        action="Recontacter la personne et noter l'échange dans le journal.",
        facts={
            "fact_last_no_show": Fact(
                f"(SELECT max(x.starts_at) FROM {Appointment._meta.db_table} x"  # noqa: S608 (table names and bits from code)
                " WHERE x.parcours_id = p.id AND x.attendance = %s)",
                DateTimeField(),
                (Appointment.Attendance.NO_SHOW.value,),
            ),
            **_LAST_FOLLOW_UP,
        },
        active=lambda today, zone: (
            "f.fact_last_no_show IS NOT NULL"
            " AND (f.fact_last_follow_up IS NULL OR f.fact_last_follow_up < f.fact_last_no_show)",
            [],
        ),
        due=lambda row, zone: _local_date(row.fact_last_no_show, zone),
    ),
    AlertRule(
        code="action_overdue",
        severity=MEDIUM,
        label="Une action du plan est en retard",
        action="Mettre à jour l'action : réalisée, reportée ou abandonnée.",
        facts={
            "fact_first_open_due": Fact(
                f"(SELECT min(x.due_date) FROM {Action._meta.db_table} x"  # noqa: S608 (table names and bits from code)
                f" WHERE x.parcours_id = p.id AND x.status IN ({', '.join(['%s'] * len(_OPEN_ACTION_STATUSES))}))",
                DateField(),
                tuple(str(status) for status in _OPEN_ACTION_STATUSES),
            )
        },
        active=lambda today, zone: ("f.fact_first_open_due < %s", [today]),
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
