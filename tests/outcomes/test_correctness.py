"""Every figure of the summary against an independent plain-Python computation over the same
rows (read back with .values()), on seeded random datasets, for several users and filters,
suppression included."""

import datetime as dt
import statistics
from collections import defaultdict

import pytest
from django.utils import timezone

from organisations.models import Organisation
from outcomes.filters import outcome_scope, parse_filters
from outcomes.selectors import summary
from parcours.models import OPEN_PHASES, ExitCategory, ExitReason, Parcours, Phase, PhaseTransition
from tests.outcomes.dataset import extend_world, populate

pytestmark = pytest.mark.django_db

CATEGORY_ORDER = ["emploi_durable", "emploi_transition", "sortie_positive", "autre_sortie", "retrait"]


def _small(n):
    return 0 < n < 5


def _count(n, suppress):
    return {"value": None, "suppressed": True} if suppress and _small(n) else {"value": n, "suppressed": False}


def _rate(num, den, suppress):
    if suppress and (_small(num) or _small(den)):
        return {"value": None, "numerator": None, "denominator": None, "suppressed": True}
    return {"value": num / den if den else None, "numerator": num, "denominator": den, "suppressed": False}


def _stat(values, suppress, how):
    if suppress and _small(len(values)):
        return {"value": None, "suppressed": True}
    return {"value": how(values) if values else None, "suppressed": False}


def _phase_at(transitions, day):
    """Last transition into an open phase effective on or before ``day`` (else entry)."""
    eligible = [t for t in transitions if t["target"] in OPEN_PHASES and t["effective"] <= day]
    if not eligible:
        return Phase.ENTRY
    return max(eligible, key=lambda t: (t["effective"], t["occurred_at"], t["id"]))["target"]


def _expected_figures(rows, transitions, start, end, suppress):
    categories = {c["code"]: c for c in ExitCategory.objects.values()}
    reason_category = dict(ExitReason.objects.values_list("code", "category_id"))
    exits = defaultdict(int)
    lengths = []
    entries = 0
    active = defaultdict(int)
    for row in rows:
        if start <= row["entry_date"] <= end:
            entries += 1
        if row["exit_date"] and start <= row["exit_date"] <= end:
            exits[reason_category[row["exit_reason_id"]]] += 1
            lengths.append((row["exit_date"] - row["entry_date"]).days)
        if row["entry_date"] <= end and (row["exit_date"] is None or row["exit_date"] > end):
            active[_phase_at(transitions[row["id"]], end)] += 1
    counted = sum(n for code, n in exits.items() if categories[code]["counted"])
    dynamic = sum(n for code, n in exits.items() if categories[code]["dynamic"])
    return {
        "exits_by_category": [
            {
                "code": code,
                "label": categories[code]["label"],
                "counted": categories[code]["counted"],
                "dynamic": categories[code]["dynamic"],
                "count": _count(exits[code], suppress),
            }
            for code in CATEGORY_ORDER
        ],
        "counted_exits": _count(counted, suppress),
        "dynamic_exit_rate": _rate(dynamic, counted, suppress),
        "durable_employment_rate": _rate(exits["emploi_durable"], counted, suppress),
        "active_by_phase": [
            {"phase": phase, "label": Phase(phase).label, "count": _count(active[phase], suppress)}
            for phase in OPEN_PHASES
        ],
        "entries": _count(entries, suppress),
        "length_days": {
            "mean": _stat(lengths, suppress, statistics.mean),
            "median": _stat(lengths, suppress, statistics.median),
        },
    }


def _expected_summary(user, params):
    """The summary's body, computed from the rows alone."""
    today = timezone.localdate()
    start = dt.date.fromisoformat(params["from"]) if "from" in params else dt.date(today.year, 1, 1)
    end = dt.date.fromisoformat(params["to"]) if "to" in params else today
    scope = outcome_scope(user=user)
    suppress = scope.kind == "analyst"
    structures = {s["id"]: s for s in Organisation.objects.filter(kind="structure").values("id", "name", "region")}
    co_referents = defaultdict(set)
    for parcours_id, user_id in Parcours.co_referents.through.objects.values_list("parcours_id", "user_id"):
        co_referents[parcours_id].add(user_id)
    transitions = defaultdict(list)
    for t in PhaseTransition.objects.values("id", "parcours_id", "target", "effective_date", "occurred_at"):
        effective = t["effective_date"] or timezone.localtime(t["occurred_at"]).date()
        transitions[t["parcours_id"]].append({**t, "effective": effective})
    wanted_structures = set(map(int, params.get("structure", []))) or set(structures)
    rows = []
    for row in Parcours.objects.values(
        "id", "structure_id", "programme_id", "referent_id", "entry_date", "exit_date", "exit_reason_id"
    ):
        s = row["structure_id"]
        if s not in wanted_structures:
            continue
        if "region" in params and structures[s]["region"] != params["region"]:
            continue
        if "programme" in params and row["programme_id"] != int(params["programme"]):
            continue
        if "referent" in params and row["referent_id"] != int(params["referent"]):
            continue
        followed = row["referent_id"] == user.pk or user.pk in co_referents[row["id"]]
        if s in scope.managed or s in scope.analysed or (s in scope.counselled and followed):
            rows.append(row)
    listed = sorted(
        (
            structures[s]
            for s in (scope.analysed if suppress else scope.managed)
            if s in wanted_structures and ("region" not in params or structures[s]["region"] == params["region"])
        ),
        key=lambda s: (s["name"], s["id"]),
    )
    expected = {
        "total": _expected_figures(rows, transitions, start, end, suppress),
        "structures": [
            {
                **s,
                "figures": _expected_figures(
                    [r for r in rows if r["structure_id"] == s["id"]], transitions, start, end, suppress
                ),
            }
            for s in listed
        ],
    }
    if suppress:
        _expected_complements(expected)
    return expected


def _named_figures(figures: dict) -> dict:
    """Each Count, Rate and Stat of a Figures dict by name, with its weight (count, denominator, value)."""
    named = {("exit", c["code"]): (c["count"], "value") for c in figures["exits_by_category"]}
    named |= {("active", p["phase"]): (p["count"], "value") for p in figures["active_by_phase"]}
    named |= {
        name: (figures[name], "denominator" if "rate" in name else "value")
        for name in ("counted_exits", "dynamic_exit_rate", "durable_employment_rate", "entries")
    }
    named |= {("length", key): (figures["length_days"][key], "value") for key in ("mean", "median")}
    return named


def _hide(shape: dict) -> None:
    for key in shape:
        shape[key] = True if key == "suppressed" else None


def _hide_a_companion(shapes: list[tuple[dict, str]], marginal_shown: bool, marginal: dict) -> None:
    """One hidden shape among others adding up to a shown marginal: the smallest other non-empty
    one is hidden, or the marginal when there is none."""
    if not marginal_shown or [shape["suppressed"] for shape, _ in shapes].count(True) != 1:
        return
    others = [(shape, weight) for shape, weight in shapes if not shape["suppressed"] and shape[weight]]
    if others:
        _hide(min(others, key=lambda other: other[0][other[1]])[0])
    else:
        _hide(marginal)


def _expected_line_complements(figures: dict) -> None:
    categories = {c["code"]: c for c in figures["exits_by_category"]}
    counted = [(c["count"], "value") for c in categories.values() if c["counted"]]
    _hide_a_companion(counted, not figures["counted_exits"]["suppressed"], figures["counted_exits"])
    if figures["counted_exits"]["suppressed"] and not any(shape["suppressed"] for shape, _ in counted):
        nonzero = [shape for shape, _ in counted if shape["value"]]
        if nonzero:
            _hide(min(nonzero, key=lambda shape: shape["value"]))
    if figures["counted_exits"]["suppressed"]:
        _hide(figures["dynamic_exit_rate"])
        _hide(figures["durable_employment_rate"])
    if categories["emploi_durable"]["count"]["suppressed"]:
        _hide(figures["durable_employment_rate"])
    dynamic = [(c["count"], "value") for c in categories.values() if c["dynamic"]]
    _hide_a_companion(dynamic, not figures["dynamic_exit_rate"]["suppressed"], figures["dynamic_exit_rate"])
    # counted exits - dynamic numerator = the counted exits that are not dynamic
    not_dynamic = [(c["count"], "value") for c in categories.values() if c["counted"] and not c["dynamic"]]
    both_shown = not figures["dynamic_exit_rate"]["suppressed"] and not figures["counted_exits"]["suppressed"]
    _hide_a_companion(not_dynamic, both_shown, figures["dynamic_exit_rate"])


def _expected_complements(expected: dict) -> None:
    """Within each line, the counted categories against the counted exits, the rates against
    their parts and the dynamic categories against the dynamic rate; then, where exactly one
    structure is hidden and the total shown, the smallest other non-empty structure is hidden;
    again until nothing changes."""
    lines_figures = [line["figures"] for line in expected["structures"]]
    while True:
        before = str(expected).count("'suppressed': True")
        for figures in (expected["total"], *lines_figures):
            _expected_line_complements(figures)
        total = _named_figures(expected["total"])
        lines = [_named_figures(figures) for figures in lines_figures]
        for name, (shape, _) in total.items():
            _hide_a_companion([line[name] for line in lines], not shape["suppressed"], shape)
        if str(expected).count("'suppressed': True") == before:
            return


def _rounded(value):
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def _cases(world, dataset):
    today = timezone.localdate()
    past_to = (today - dt.timedelta(days=200)).isoformat()
    past_from = (today - dt.timedelta(days=700)).isoformat()
    third = world.extra["third"]
    return [
        (world.manager, {}),
        (world.manager, {"from": past_from, "to": past_to}),
        (world.manager, {"from": past_from, "programme": str(world.programme.pk)}),
        (world.manager, {"from": past_from, "referent": str(world.counsellor.pk), "structure": [str(third.pk)]}),
        (world.counsellor, {"from": past_from}),
        (world.counsellor, {"from": past_from, "to": past_to, "referent": str(world.counsellor2.pk)}),
        (world.other_manager, {"from": past_from}),
        (world.analyst, {}),
        (world.analyst, {"from": past_from, "to": past_to}),
        (world.analyst, {"from": past_from, "region": "Auvergne-Rhône-Alpes"}),
        (world.analyst, {"from": past_from, "structure": [str(world.aci.pk)]}),
    ]


@pytest.mark.parametrize("seed", [1, 7, 2026])
def test_summary_matches_a_plain_python_computation(world, seed):
    dataset = extend_world(world)
    populate(dataset, seed=seed, size=140, actor=world.manager)
    suppressed_seen = 0
    for user, params in _cases(world, dataset):
        filters = parse_filters(user, params)
        body = summary(user=user, filters=filters)
        expected = _expected_summary(user, params)
        got = {"total": body["total"], "structures": body["structures"]}
        assert _rounded(got) == _rounded(expected), (user, params)
        suppressed_seen += str(got).count("'suppressed': True")
    assert suppressed_seen, "the datasets should exercise suppression"
