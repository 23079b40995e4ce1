"""Benchmark: does a paginated parcours list cost the same at 1,000,000 parcours as at 10,000?

Needs PostgreSQL. Seeds a dedicated database (default ``tremplin_bench``, recreated each run)
with ``manage.py seed_scale``: 600 structures, the first of which always holds the same
PROBE_PARCOURS parcours (its manager sees them all, each of its 3 counsellors about a third)
while the other 599 grow from one size to the next. At each size it times, in process through
the API:

- the parcours list as the structure's manager (``/api/v1/parcours/``), first page and page 50;
- the caseload as one counsellor: the same list, which they see with its alerts, first page and
  page 50, and the alert counts the caseload page shows beside it.

Page size 25, ordered by entry date, as the web app asks. What changes between sizes is only
the size of everybody else's data, so the target is: the largest size within 1.5x of the
smallest, with the same query count.

    .venv/bin/python bench/parcours_list.py                          # 10,000 then 1,000,000
    .venv/bin/python bench/parcours_list.py --sizes 10000 100000 --runs 10

Prints a table (median and p95 in ms, SQL queries) and the ratios, and writes
bench/results/parcours_list.json.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    PROBE_PARCOURS,
    client_for,
    measure,
    seed,
    setup_django,
    write_results,
)

__all__ = ["setup_django"]  # bench/import_parcours.py uses it

PAGE_SIZE = 25
DEEP_PAGE = 50
TARGET_RATIO = 1.5


def cases():
    """(name, user email, url) for each measured request, on the probe structure (rank 000)."""
    list_url = f"/api/v1/parcours/?ordering=-entry_date&page_size={PAGE_SIZE}"
    manager, counsellor = "direction.000@seed.tremplin.test", "cip1.000@seed.tremplin.test"
    return [
        ("list (manager), page 1", manager, f"{list_url}&page=1"),
        (f"list (manager), page {DEEP_PAGE}", manager, f"{list_url}&page={DEEP_PAGE}"),
        ("caseload (counsellor), page 1", counsellor, f"{list_url}&page=1"),
        (f"caseload (counsellor), page {DEEP_PAGE}", counsellor, f"{list_url}&page={DEEP_PAGE}"),
        ("caseload alert counts (counsellor)", counsellor, "/api/v1/parcours/alert-counts/"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database", default="tremplin_bench")
    args = parser.parse_args()

    setup_django(args.database)
    from organisations.models import User

    print(f"measured structure: {PROBE_PARCOURS:,} parcours; its counsellor follows about a third of them")
    results, seeding = {}, []
    for size in sorted(args.sizes):
        seeding.append(seed(size))
        print(f"{'parcours':>10}  {'request':<50} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for name, email, url in cases():
            client = client_for(User.objects.get(email=email))
            figures = measure(client, url, args.runs)
            results.setdefault(name, {})[size] = {"url": url, **figures}
            print(
                f"{size:>10,}  {name:<50} {figures['median_ms']:>10.1f} {figures['p95_ms']:>8.1f} "
                f"{figures['queries']:>8}",
                flush=True,
            )

    small, large = min(args.sizes), max(args.sizes)
    rows = []
    print(f"\n{'request':<50} {small:>10,} {large:>10,} {'ratio':>6} {'queries':>9}  target")
    for name, by_size in results.items():
        low, high = by_size[small], by_size[large]
        ratio = high["median_ms"] / low["median_ms"]
        same_queries = low["queries"] == high["queries"]
        ok = ratio <= TARGET_RATIO and same_queries
        rows.append({"request": name, "ratio": round(ratio, 2), "same_queries": same_queries, "met": ok})
        print(
            f"{name:<50} {low['median_ms']:>8.1f}ms {high['median_ms']:>8.1f}ms {ratio:>6.2f} "
            f"{low['queries']:>4}/{high['queries']:<4}  {'met' if ok else 'MISSED'} (<= {TARGET_RATIO}x, same queries)"
        )
    write_results(
        "parcours_list",
        {
            "probe_parcours": PROBE_PARCOURS,
            "page_size": PAGE_SIZE,
            "seeding": seeding,
            "results": {name: {str(size): f for size, f in by_size.items()} for name, by_size in results.items()},
            "comparison": {"small": small, "large": large, "target_ratio": TARGET_RATIO, "rows": rows},
        },
    )


if __name__ == "__main__":
    main()
