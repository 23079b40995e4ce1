"""Benchmark: is the outcomes summary within 2x of one hand-written SQL query over the same data?

Needs PostgreSQL. Seeds a dedicated database (default ``tremplin_bench``) to 1,000,000 parcours
with ``manage.py seed_scale`` (or, with ``--reuse``, uses it as it is when it already holds that
many, as after bench/parcours_list.py). Then times ``GET /api/v1/outcomes/summary/`` (default
period: 1 January to today) in process through the API:

- as the manager of one structure;
- as the national network's analyst, filtered to one region;
- as the same analyst for the whole network (600 structures).

Each against the floor, timed alternately with it: the same figures (entries, exits per category, mean and median length
of the exits, open parcours per phase, per structure and in total) computed by one hand-written
SQL query over the same rows. Medians of repeated runs, with the query count. Target: the
endpoint within 2x of its floor.

    .venv/bin/python bench/outcomes_summary.py --reuse
    .venv/bin/python bench/outcomes_summary.py --parcours 100000 --runs 5

Prints a table and writes bench/results/outcomes_summary.json.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import client_for, parcours_count, seed, setup_django, write_results

REGION = "Auvergne-Rhône-Alpes"
TARGET_RATIO = 2.0
OPEN_PHASES = ("entry", "immersion", "interim", "training", "vae")
CATEGORIES = ("emploi_durable", "emploi_transition", "sortie_positive", "autre_sortie", "retrait")

# One query: what the summary shows, per structure and for all of them (GROUPING SETS).
FLOOR_SQL = f"""
SELECT p.structure_id,
       count(*) FILTER (WHERE p.entry_date BETWEEN %(start)s AND %(end)s) AS entries,
       {", ".join(f"count(*) FILTER (WHERE p.exit_date BETWEEN %(start)s AND %(end)s AND r.category_id = '{c}')" for c in CATEGORIES)},
       avg(p.exit_date - p.entry_date) FILTER (WHERE p.exit_date BETWEEN %(start)s AND %(end)s) AS mean_days,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY p.exit_date - p.entry_date)
           FILTER (WHERE p.exit_date BETWEEN %(start)s AND %(end)s) AS median_days,
       {", ".join(f"count(*) FILTER (WHERE p.entry_date <= %(end)s AND (p.exit_date IS NULL OR p.exit_date > %(end)s) AND p.phase = '{phase}')" for phase in OPEN_PHASES)}
FROM parcours_parcours p
LEFT JOIN parcours_exitreason r ON r.code = p.exit_reason_id
WHERE p.structure_id = ANY(%(structures)s)
  AND (p.entry_date BETWEEN %(start)s AND %(end)s OR p.exit_date BETWEEN %(start)s AND %(end)s
       OR (p.entry_date <= %(end)s AND (p.exit_date IS NULL OR p.exit_date > %(end)s)))
GROUP BY GROUPING SETS ((p.structure_id), ())
"""  # noqa: E501, S608 (column lists generated from constants)


def paired(client, path: str, sql: str, params: dict, runs: int) -> tuple[dict, dict]:
    """The endpoint and its floor timed alternately, one call each per round, so that both see the
    same machine (a shared 2-core VM: a burst of load elsewhere shifts both, not one), after a
    warm-up of each. Medians of ``runs`` rounds; the endpoint's query count from one more call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    endpoint, floor = [], []
    with connection.cursor() as cursor:
        for round_ in range(runs + 1):
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (path, response.status_code)
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            if round_:  # the first round warms the caches
                endpoint.append(elapsed)
                floor.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    endpoint.sort()
    return (
        {
            "median_ms": round(statistics.median(endpoint), 2),
            "p95_ms": round(endpoint[max(0, int(len(endpoint) * 0.95) - 1)], 2),
            "queries": len(queries),
            "runs": runs,
        },
        {"median_ms": round(statistics.median(floor), 2), "queries": 1, "runs": runs},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcours", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--database", default="tremplin_bench")
    parser.add_argument("--reuse", action="store_true", help="Keep the database if it holds enough parcours.")
    args = parser.parse_args()

    setup_django(args.database, recreate=not args.reuse)
    seeding = None
    if parcours_count() < args.parcours:
        seeding = seed(args.parcours)
    from organisations.models import Organisation, User
    from outcomes.management.commands.seed_scale import ANALYST_EMAIL

    size = parcours_count()
    structures = Organisation.objects.filter(kind=Organisation.Kind.STRUCTURE).order_by("pk")
    one = structures[1]  # a structure of ordinary size (the first one is the list benchmark's probe)
    manager = User.objects.get(memberships__organisation=one, memberships__role="manager")
    analyst = User.objects.get(email=ANALYST_EMAIL)
    url = "/api/v1/outcomes/summary/"
    cases = [
        ("structure (manager)", manager, url, [one.pk]),
        (
            f"region {REGION} (analyst)",
            analyst,
            f"{url}?region={REGION}",
            list(structures.filter(region=REGION).values_list("pk", flat=True)),
        ),
        ("whole network (analyst)", analyst, url, list(structures.values_list("pk", flat=True))),
    ]
    print(f"{size:,} parcours, {structures.count()} structures; GET {url} (default period), {args.runs} runs")
    print(f"{'scope':<50} {'structures':>10} {'endpoint ms':>12} {'queries':>8} {'floor ms':>9} {'ratio':>6}  target")
    rows = []
    for name, user, path, structure_ids in cases:
        client = client_for(user)
        body = client.get(path).json()
        period = {"start": body["filters"]["from"], "end": body["filters"]["to"]}
        assert len(body["structures"]) == len(structure_ids), (name, len(body["structures"]))
        endpoint, floor = paired(client, path, FLOOR_SQL, {**period, "structures": structure_ids}, args.runs)
        ratio = endpoint["median_ms"] / floor["median_ms"]
        met = ratio <= TARGET_RATIO
        rows.append(
            {
                "scope": name,
                "url": path,
                "structures": len(structure_ids),
                "period": period,
                "endpoint": endpoint,
                "floor": floor,
                "ratio": round(ratio, 2),
                "met": met,
            }
        )
        print(
            f"{name:<50} {len(structure_ids):>10} {endpoint['median_ms']:>12.1f} {endpoint['queries']:>8} "
            f"{floor['median_ms']:>9.1f} {ratio:>6.2f}  {'met' if met else 'MISSED'} (<= {TARGET_RATIO}x)",
            flush=True,
        )
    write_results(
        "outcomes_summary",
        {"parcours": size, "seeding": seeding, "target_ratio": TARGET_RATIO, "floor_sql": FLOOR_SQL, "rows": rows},
    )


if __name__ == "__main__":
    main()
