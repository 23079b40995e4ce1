"""The outcome indicators of DESIGN §7, computed in SQL (aggregates, one row per structure at
most), each returning the API body of docs/outcomes.md. The exports call these too.

Every function reads the user's scope (outcomes.filters.outcome_scope) and raises Forbidden for
a role the figure is not open to. Analysts' figures go through outcomes.suppression.
"""

import datetime as dt
import functools
from collections import defaultdict

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Count,
    F,
    FilteredRelation,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from employers.models import Placement
from organisations.models import Organisation, User
from organisations.selectors import membership_organisations
from outcomes import suppression
from outcomes.aggregates import (
    DaysBetween,
    DaysBetweenTimes,
    Median,
    SqlAggregate,
    column,
    days_between_sql,
    has_median,
    median_of,
)
from outcomes.filters import OutcomeFilters, OutcomeScope, outcome_scope
from parcours.models import OPEN_PHASES, ExitCategory, ExitReason, Parcours, Phase, PhaseTransition
from parcours.reference import rows as reference_rows
from trainings.models import Enrolment, VaeApplication
from tremplin.errors import Forbidden

TARGETS = {"dynamic_exit_rate": 0.6, "durable_employment_rate": 0.25}
DURABLE = "emploi_durable"

STAFF_AND_ANALYSTS = ("staff", "analyst")


def _scope(user: User, kinds: tuple[str, ...]) -> OutcomeScope:
    scope = outcome_scope(user=user)
    if scope.kind not in kinds:
        raise Forbidden("Ces indicateurs ne sont pas ouverts à votre rôle.")
    return scope


def _structures(scope: OutcomeScope, filters: OutcomeFilters) -> list[dict]:
    """The structures the figures cover (scope, ``structure`` and ``region`` filters): at most one query."""
    ids = set(scope.structures)
    if filters.structure:
        ids &= set(filters.structure)
    known = membership_organisations(user=scope.user)
    if ids <= known.keys():
        # The user's own structures (staff): already read with their memberships.
        rows = [dict(known[pk]) for pk in ids if filters.region is None or known[pk]["region"] == filters.region]
        return sorted(rows, key=lambda row: (row["name"], row["id"]))
    queryset = Organisation.objects.filter(pk__in=ids)
    if filters.region is not None:
        queryset = queryset.filter(region=filters.region)
    return list(queryset.order_by("name", "pk").values("id", "name", "region"))


def _parcours_q(scope: OutcomeScope, filters: OutcomeFilters, structure_ids: list[int], prefix: str = "") -> Q:
    """The parcours counted: whole structures for managers and analysts, the caseload (referent
    or co-referent) where the user is a counsellor only, then the programme and referent filters."""
    ids = set(structure_ids)
    whole = sorted(ids - set(scope.counselled))
    q = Q(**{f"{prefix}structure_id__in": whole})
    caseload_structures = sorted(ids & set(scope.counselled))
    if caseload_structures:
        co_followed = Parcours.co_referents.through.objects.filter(user_id=scope.user.pk).values("parcours_id")
        q |= Q(**{f"{prefix}structure_id__in": caseload_structures}) & (
            Q(**{f"{prefix}referent_id": scope.user.pk}) | Q(**{f"{prefix}id__in": co_followed})
        )
    if filters.programme is not None:
        q &= Q(**{f"{prefix}programme_id": filters.programme})
    if filters.referent is not None:
        q &= Q(**{f"{prefix}referent_id": filters.referent})
    return q


@functools.cache
def _category_order() -> dict[str, int]:
    return {row["code"]: index for index, row in enumerate(reference_rows("exit_categories.csv"))}


CATEGORIES_CACHE_KEY = "outcomes:exit-categories"


def _categories() -> list[dict]:
    """The exit categories, in the order of the reference file. Reference data, read on every
    dashboard request: kept a minute in the process cache (a label edited in the admin shows
    within a minute; outcomes.apps clears it at once in the process that saved it)."""
    categories = cache.get(CATEGORIES_CACHE_KEY)
    if categories is None:
        order = _category_order()
        categories = sorted(
            ExitCategory.objects.values("code", "label", "counted", "dynamic"),
            key=lambda c: (order.get(c["code"], len(order)), c["code"]),
        )
        cache.set(CATEGORIES_CACHE_KEY, categories, 60)
    return categories


def _base(filters: OutcomeFilters) -> dict:
    return {"filters": filters.as_body(), "generated_at": timezone.now()}


# Summary -------------------------------------------------------------------------------------


def _phase_at(day: dt.date):
    """The phase an open parcours was in on ``day``: the current phase for today or later, else
    the target of the last transition into an open phase taking effect on or before that day
    (effective date, or the day it was recorded); « entry » when there is none (an import logs one
    transition, to the phase it was imported in)."""
    if day >= timezone.localdate():
        return F("phase")
    effective = Coalesce("effective_date", TruncDate("occurred_at"))
    last = (
        PhaseTransition.objects.filter(parcours_id=OuterRef("pk"), target__in=OPEN_PHASES)
        .annotate(effective=effective)
        .filter(effective__lte=day)
        .order_by("-effective", "-occurred_at", "-pk")
        .values("target")[:1]
    )
    return Coalesce(Subquery(last), Value(Phase.ENTRY))


def col(name: str) -> str:
    """A column of the parcours table, for the SQL written below."""
    return column(Parcours._meta.db_table, name)


def _figure_aggregates(categories, start: dt.date, end: dt.date, *, current_phase: bool) -> dict:
    """The summary's aggregates per structure, as SQL (outcomes.aggregates.SqlAggregate says why)."""
    entered = f"{col('entry_date')} BETWEEN %s AND %s"
    exited = f"{col('exit_date')} BETWEEN %s AND %s"
    # An anonymised parcours keeps its length; its dates were brought down to their month.
    length = f"COALESCE({col('length_days')}, {days_between_sql(col('exit_date'), col('entry_date'))})"
    # Table and column names come from the models, values are parameters.
    reasons = f"SELECT code FROM {ExitReason._meta.db_table} WHERE category_id = %s"  # noqa: S608
    period = (start, end)
    aggregates = {
        "entries": SqlAggregate(f"COUNT(*) FILTER (WHERE {entered})", period, output_field=IntegerField()),
        "length_n": SqlAggregate(f"COUNT(*) FILTER (WHERE {exited})", period, output_field=IntegerField()),
        "length_sum": SqlAggregate(f"SUM({length}) FILTER (WHERE {exited})", period, output_field=IntegerField()),
    }
    for category in categories:
        aggregates[f"exits_{category['code']}"] = SqlAggregate(
            f"COUNT(*) FILTER (WHERE {exited} AND {col('exit_reason_id')} IN ({reasons}))",
            (*period, category["code"]),
            output_field=IntegerField(),
        )
    if current_phase:
        active = f"{col('entry_date')} <= %s AND ({col('exit_date')} IS NULL OR {col('exit_date')} > %s)"
        for phase in OPEN_PHASES:
            aggregates[f"active_{phase}"] = SqlAggregate(
                f"COUNT(*) FILTER (WHERE {active} AND {col('phase')} = %s)",
                (end, end, phase),
                output_field=IntegerField(),
            )
    if has_median():
        aggregates["length_median"] = SqlAggregate(
            f"percentile_cont(0.5) WITHIN GROUP (ORDER BY {length}) FILTER (WHERE {exited})",
            period,
            output_field=FloatField(),
        )
    return aggregates


def _counted_rows(start: dt.date, end: dt.date, *, current_phase: bool) -> RawSQL:
    """The rows the summary reads: entered or exited in the period, or open at ``to`` (in an open
    phase when ``to`` is today or later, so that the (structure, phase) index serves them). As SQL,
    like the aggregates it feeds (outcomes.aggregates.SqlAggregate)."""
    conditions = [f"{col('entry_date')} BETWEEN %s AND %s", f"{col('exit_date')} BETWEEN %s AND %s"]
    params = [start, end, start, end]
    if current_phase:
        phases = ", ".join(["%s"] * len(OPEN_PHASES))
        conditions.append(
            f"({col('entry_date')} <= %s AND ({col('exit_date')} IS NULL OR {col('exit_date')} > %s)"
            f" AND {col('phase')} IN ({phases}))"
        )
        params += [end, end, *OPEN_PHASES]
    # Column names from the model, values bound as parameters.
    return RawSQL(f"({' OR '.join(conditions)})", params, output_field=BooleanField())  # noqa: S611


def _raw_figures(scope, filters, structure_ids, categories) -> tuple[dict, dict]:
    """Raw (unsuppressed) figures per structure and in total. One query for a period ending today
    or later over one structure (the parcours' current phase is their phase at ``to``); one more
    for a past ``to`` (phase at that day) and one for the median of several structures, whatever
    the number of parcours and structures."""
    start, end = filters.date_from, filters.date_to
    base = Parcours.objects.filter(_parcours_q(scope, filters, structure_ids)).order_by()
    exited = Q(exit_date__gte=start, exit_date__lte=end)
    current_phase = end >= timezone.localdate()
    aggregates = _figure_aggregates(categories, start, end, current_phase=current_phase)
    rows = base.filter(_counted_rows(start, end, current_phase=current_phase))
    rows = rows.values("structure_id").annotate(**aggregates)

    def empty():
        return {
            "entries": 0,
            "length_n": 0,
            "length_sum": 0,
            "length_median": None,
            "exits": {c["code"]: 0 for c in categories},
            "active": {phase: 0 for phase in OPEN_PHASES},
        }

    per_structure = defaultdict(empty)
    total = empty()

    def add_active(structure_id, phase, n):
        if phase in per_structure[structure_id]["active"]:
            per_structure[structure_id]["active"][phase] += n
            total["active"][phase] += n

    for row in rows:
        figures = per_structure[row["structure_id"]]
        for key in ("entries", "length_n", "length_sum"):
            figures[key] = row[key] or 0
            total[key] += figures[key]
        figures["length_median"] = row.get("length_median")
        for category in categories:
            n = row[f"exits_{category['code']}"]
            figures["exits"][category["code"]] = n
            total["exits"][category["code"]] += n
        if current_phase:
            for phase in OPEN_PHASES:
                add_active(row["structure_id"], phase, row[f"active_{phase}"])

    if not current_phase:
        active = Q(entry_date__lte=end) & (Q(exit_date__isnull=True) | Q(exit_date__gt=end))
        by_phase = (
            base.filter(active)
            .annotate(phase_at=_phase_at(end))
            .values("structure_id", "phase_at")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in by_phase:
            add_active(row["structure_id"], row["phase_at"], row["n"])

    length = Coalesce("length_days", DaysBetween("exit_date", "entry_date"))
    if has_median():
        if len(structure_ids) <= 1:
            total["length_median"] = next(iter(per_structure.values()), total)["length_median"]
        else:
            total["length_median"] = base.filter(exited).aggregate(m=Median(length))["m"]
    else:
        # SQLite fallback only (no percentile aggregate there): one integer per exit, read
        # already sorted, the median taken in Python. PostgreSQL does it in the queries above.
        lengths = defaultdict(list)
        every = []
        for structure_id, days in (
            base.filter(exited).annotate(days=length).order_by("days").values_list("structure_id", "days")
        ):
            lengths[structure_id].append(days)
            every.append(days)
        for structure_id, values in lengths.items():
            per_structure[structure_id]["length_median"] = median_of(values)
        total["length_median"] = median_of(every)
    return per_structure, total


def _figures(raw: dict, categories: list[dict], *, suppress: bool) -> dict:
    exits = raw["exits"]
    counted = sum(exits[c["code"]] for c in categories if c["counted"])
    dynamic = sum(exits[c["code"]] for c in categories if c["dynamic"])
    n = raw["length_n"]
    return {
        "exits_by_category": [
            {
                "code": c["code"],
                "label": c["label"],
                "counted": c["counted"],
                "dynamic": c["dynamic"],
                "count": suppression.count(exits[c["code"]], suppress=suppress),
            }
            for c in categories
        ],
        "counted_exits": suppression.count(counted, suppress=suppress),
        "dynamic_exit_rate": suppression.rate(dynamic, counted, suppress=suppress),
        "durable_employment_rate": suppression.rate(exits.get(DURABLE, 0), counted, suppress=suppress),
        "active_by_phase": [
            {
                "phase": phase,
                "label": Phase(phase).label,
                "count": suppression.count(raw["active"][phase], suppress=suppress),
            }
            for phase in OPEN_PHASES
        ],
        "entries": suppression.count(raw["entries"], suppress=suppress),
        "length_days": {
            "mean": suppression.stat(raw["length_sum"] / n if n else None, n, suppress=suppress),
            "median": suppression.stat(raw["length_median"], n, suppress=suppress),
        },
    }


def summary(*, user: User, filters: OutcomeFilters) -> dict:
    scope = _scope(user, STAFF_AND_ANALYSTS)
    structures = _structures(scope, filters)
    categories = _categories()
    per_structure, total = _raw_figures(scope, filters, [s["id"] for s in structures], categories)
    listed = set(scope.listed_structures)
    body = {
        **_base(filters),
        "targets": TARGETS,
        "total": _figures(total, categories, suppress=scope.suppress),
        "structures": [
            {
                "id": s["id"],
                "name": s["name"],
                "region": s["region"],
                "figures": _figures(per_structure[s["id"]], categories, suppress=scope.suppress),
            }
            for s in structures
            if s["id"] in listed
        ],
    }
    if scope.suppress:
        _suppress_complements(body["total"], [line["figures"] for line in body["structures"]])
    return body


def _leaves(node):
    """The Count, Rate and Stat dicts of a Figures dict, in a fixed order."""
    if isinstance(node, dict):
        if "suppressed" in node:
            yield node
            return
        for value in node.values():
            yield from _leaves(value)
    elif isinstance(node, list):
        for item in node:
            yield from _leaves(item)


def _suppress_parts(figures: dict) -> None:
    """Within one line: the counted categories add up to the counted exits, the dynamic ones to
    the dynamic rate's numerator, so one hidden category among shown sums gets a companion, and
    hidden counted exits need a hidden category; a rate whose numerator or denominator is hidden
    is hidden (its parts would give them back)."""
    categories = figures["exits_by_category"]
    counted = [c["count"] for c in categories if c["counted"]]
    counted_exits = figures["counted_exits"]
    durable = next(c["count"] for c in categories if c["code"] == DURABLE)
    suppression.complement(counted, marginal_shown=not counted_exits["suppressed"], marginal=counted_exits)
    if counted_exits["suppressed"] and not any(c["suppressed"] for c in counted):
        shown = [c for c in counted if c["value"]]
        if shown:
            suppression.hide(min(shown, key=lambda c: c["value"]))
    for key in ("dynamic_exit_rate", "durable_employment_rate"):
        rate = figures[key]
        if not rate["suppressed"] and (
            counted_exits["suppressed"] or (key != "dynamic_exit_rate" and durable["suppressed"])
        ):
            suppression.hide(rate)
    dynamic_rate = figures["dynamic_exit_rate"]
    suppression.complement(
        [c["count"] for c in categories if c["dynamic"]],
        marginal_shown=not dynamic_rate["suppressed"],
        marginal=dynamic_rate,
    )
    # The counted exits minus the dynamic rate's numerator are the counted exits that are not
    # dynamic (« autres sorties »): with both shown, one hidden such category would be given back.
    suppression.complement(
        [c["count"] for c in categories if c["counted"] and not c["dynamic"]],
        marginal_shown=not dynamic_rate["suppressed"] and not counted_exits["suppressed"],
        marginal=dynamic_rate,
    )


def _hidden(node) -> int:
    return sum(leaf["suppressed"] for leaf in _leaves(node))


def _suppress_complements(total: dict, lines: list[dict]) -> None:
    """Secondary suppression for the analysts (DESIGN §5): within each line (categories against
    their sums, rates against their parts), then across the structures side by side (when
    exactly one structure's figure is hidden and the total is shown, the total minus the others
    would give it back, so the smallest other non-empty structure's figure is hidden too, or the
    total when there is none), again until nothing more is hidden (docs/outcomes.md)."""
    body = [total, *lines]
    while True:
        before = _hidden(body)
        for figures in body:
            _suppress_parts(figures)
        columns = [list(_leaves(figures)) for figures in lines]
        for index, total_leaf in enumerate(_leaves(total)):
            suppression.complement(
                [column[index] for column in columns], marginal_shown=not total_leaf["suppressed"], marginal=total_leaf
            )
        if _hidden(body) == before:
            return


# Time series and funnel ----------------------------------------------------------------------


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _month_key(value) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def timeseries(*, user: User, filters: OutcomeFilters) -> dict:
    scope = _scope(user, STAFF_AND_ANALYSTS)
    structure_ids = [s["id"] for s in _structures(scope, filters)]
    categories = _categories()
    start, end = filters.date_from, filters.date_to
    base = Parcours.objects.filter(_parcours_q(scope, filters, structure_ids)).order_by()
    entries = {
        _month_key(row["month"]): row["n"]
        for row in base.filter(entry_date__gte=start, entry_date__lte=end)
        .annotate(month=TruncMonth("entry_date"))
        .values("month")
        .annotate(n=Count("pk"))
    }
    exits: dict[tuple[str, str], int] = {}
    for row in (
        base.filter(exit_date__gte=start, exit_date__lte=end)
        .annotate(month=TruncMonth("exit_date"), category=F("exit_reason__category_id"))
        .values("month", "category")
        .annotate(n=Count("pk"))
    ):
        exits[(_month_key(row["month"]), row["category"])] = row["n"]
    suppress = scope.suppress
    body = {
        **_base(filters),
        "months": [
            {
                "month": _month_key(month),
                "entries": suppression.count(entries.get(_month_key(month), 0), suppress=suppress),
                "exits": [
                    {
                        "code": c["code"],
                        "count": suppression.count(exits.get((_month_key(month), c["code"]), 0), suppress=suppress),
                    }
                    for c in categories
                ],
            }
            for month in _months(start, end)
        ],
    }
    if suppress:
        # Each series adds up to the summary's figure for the period (total column): one hidden
        # month under a shown total gets a companion, and a total the summary hides (maybe as a
        # companion itself) must not be the sum of shown months.
        totals = summary(user=user, filters=filters)["total"]
        by_code = {c["code"]: c["count"] for c in totals["exits_by_category"]}
        months = body["months"]
        series = [([month["entries"] for month in months], totals["entries"])]
        series += [
            ([month["exits"][index]["count"] for month in months], by_code[category["code"]])
            for index, category in enumerate(categories)
        ]
        for cells, total in series:
            suppression.complement(cells, marginal_shown=not total["suppressed"])
            if total["suppressed"] and not any(cell["suppressed"] for cell in cells):
                shown = [cell for cell in cells if cell["value"]]
                if shown:
                    suppression.hide(min(shown, key=lambda cell: cell["value"]))
    return body


def funnel(*, user: User, filters: OutcomeFilters) -> dict:
    """Of the parcours that entered in the period: how many went through each phase (a
    transition into it taking effect by ``to``), how many exited by ``to``, and to durable
    employment."""
    scope = _scope(user, STAFF_AND_ANALYSTS)
    structure_ids = [s["id"] for s in _structures(scope, filters)]
    start, end = filters.date_from, filters.date_to
    entered = Parcours.objects.filter(
        _parcours_q(scope, filters, structure_ids), entry_date__gte=start, entry_date__lte=end
    ).order_by()
    exited = Q(exit_date__isnull=False, exit_date__lte=end)
    counts = entered.aggregate(
        entered=Count("pk"),
        exited=Count("pk", filter=exited),
        durable=Count("pk", filter=exited & Q(exit_reason__category_id=DURABLE)),
    )
    through = dict(
        PhaseTransition.objects.filter(parcours_id__in=entered.values("pk"), target__in=OPEN_PHASES)
        .annotate(effective=Coalesce("effective_date", TruncDate("occurred_at")))
        .filter(effective__lte=end)
        .values("target")
        .annotate(n=Count("parcours_id", distinct=True))
        .order_by()
        .values_list("target", "n")
    )
    suppress = scope.suppress
    return {
        **_base(filters),
        "entered": suppression.count(counts["entered"], suppress=suppress),
        "phases": [
            {
                "phase": phase,
                "label": Phase(phase).label,
                "count": suppression.count(through.get(phase, 0), suppress=suppress),
            }
            for phase in OPEN_PHASES
        ],
        "exited": suppression.count(counts["exited"], suppress=suppress),
        "durable_employment": suppression.count(counts["durable"], suppress=suppress),
    }


# Partners' figures ----------------------------------------------------------------------------


def _partner_queryset(model, scope: OutcomeScope, filters: OutcomeFilters, partner_q) -> QuerySet:
    if scope.kind in STAFF_AND_ANALYSTS:
        structure_ids = [s["id"] for s in _structures(scope, filters)]
        return model.objects.filter(_parcours_q(scope, filters, structure_ids, prefix="parcours__")).order_by()
    return model.objects.filter(partner_q).order_by()


def placements(*, user: User, filters: OutcomeFilters) -> dict:
    """Placements starting in the period: how many the employers confirmed or declined, and how
    long they took to answer (from the proposal to the first confirmation or refusal)."""
    scope = _scope(user, (*STAFF_AND_ANALYSTS, "employer"))
    State = Placement.State
    queryset = _partner_queryset(
        Placement, scope, filters, Q(establishment__employer_id__in=scope.organisations)
    ).filter(start_date__gte=filters.date_from, start_date__lte=filters.date_to)
    # Joins, not correlated subqueries: a placement has one proposal event and at most one
    # answer (confirm and decline both leave « proposed », which nothing returns to).
    queryset = queryset.annotate(
        proposal=FilteredRelation("events", condition=Q(events__target=State.PROPOSED, events__source="")),
        answer_event=FilteredRelation("events", condition=Q(events__target__in=[State.CONFIRMED, State.DECLINED])),
    ).annotate(
        proposed_at=F("proposal__occurred_at"),
        answer=F("answer_event__target"),
        answered_at=F("answer_event__occurred_at"),
    )
    wait = DaysBetweenTimes("answered_at", "proposed_at")
    answered = Q(answered_at__isnull=False, proposed_at__isnull=False)
    aggregates = {
        "proposed": Count("pk"),
        "confirmed": Count("pk", filter=Q(answer=State.CONFIRMED)),
        "declined": Count("pk", filter=Q(answer=State.DECLINED)),
        "answered": Count("pk", filter=answered),
    }
    if has_median():
        aggregates["median"] = Median(wait, filter=answered)
    counts = queryset.aggregate(**aggregates)
    if not has_median():
        # SQLite fallback only: one number per answered placement, sorted in SQL.
        counts["median"] = median_of(
            list(queryset.filter(answered).annotate(wait=wait).order_by("wait").values_list("wait", flat=True))
        )
    suppress = scope.suppress
    return {
        **_base(filters),
        "proposed": suppression.count(counts["proposed"], suppress=suppress),
        "confirmed": suppression.count(counts["confirmed"], suppress=suppress),
        "declined": suppression.count(counts["declined"], suppress=suppress),
        "confirmation_rate": suppression.rate_of_parts(counts["confirmed"], counts["declined"], suppress=suppress),
        "median_answer_days": suppression.stat(counts["median"], counts["answered"], suppress=suppress),
    }


def trainings(*, user: User, filters: OutcomeFilters) -> dict:
    """Enrolments admitted to sessions starting in the period; completion rate = completed over
    completed or dropped (the trainings that are over)."""
    scope = _scope(user, (*STAFF_AND_ANALYSTS, "trainer"))
    State = Enrolment.State
    queryset = _partner_queryset(
        Enrolment, scope, filters, Q(session__training_body_id__in=scope.organisations)
    ).filter(
        session__start_date__gte=filters.date_from,
        session__start_date__lte=filters.date_to,
        state__in=[State.ACCEPTED, State.ATTENDING, State.COMPLETED, State.DROPPED],
    )
    counts = queryset.aggregate(
        enrolments=Count("pk"),
        completed=Count("pk", filter=Q(state=State.COMPLETED)),
        passed=Count("pk", filter=Q(result=Enrolment.Result.PASSED)),
        dropped=Count("pk", filter=Q(state=State.DROPPED)),
    )
    suppress = scope.suppress
    return {
        **_base(filters),
        **{
            key: suppression.count(counts[key], suppress=suppress)
            for key in ("enrolments", "completed", "passed", "dropped")
        },
        "completion_rate": suppression.rate_of_parts(counts["completed"], counts["dropped"], suppress=suppress),
    }


def vae(*, user: User, filters: OutcomeFilters) -> dict:
    """VAE applications opened in the period, by state."""
    scope = _scope(user, STAFF_AND_ANALYSTS)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    queryset = _partner_queryset(VaeApplication, scope, filters, Q(pk__in=[])).filter(
        created_at__gte=start, created_at__lt=end
    )
    by_state = dict(queryset.values("state").annotate(n=Count("pk")).order_by().values_list("state", "n"))
    suppress = scope.suppress
    State = VaeApplication.State
    applications = suppression.count(sum(by_state.values()), suppress=suppress)
    states = [
        {"state": state, "label": label, "count": suppression.count(by_state.get(state, 0), suppress=suppress)}
        for state, label in State.choices
    ]
    if suppress:
        # The states add up to the applications: one hidden state gets a companion.
        suppression.complement([item["count"] for item in states], marginal_shown=not applications["suppressed"])
    count_of = {item["state"]: item["count"] for item in states}
    return {
        **_base(filters),
        "applications": applications,
        "by_state": states,
        "validated_full": dict(count_of[State.VALIDATED_FULL]),
        "validated_partial": dict(count_of[State.VALIDATED_PARTIAL]),
    }
