"""What the benchmarks share: a dedicated PostgreSQL database seeded by ``manage.py seed_scale``,
in-process API timings (median of repeated runs, with the SQL query count) and the JSON results."""

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "backend"))

# The parcours_list benchmark compares what one structure's manager and counsellor see while the
# network grows around them: the first structure always holds these parcours (seed_scale
# --probe-parcours), followed by 3 counsellors (about 1,500 each).
PROBE_PARCOURS = 4_500


def admin_url() -> str:
    return os.environ.get("BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def setup_django(database: str, *, recreate: bool = True) -> None:
    """Point Django at ``database`` (dropped and created again unless ``recreate`` is false)."""
    import psycopg

    with psycopg.connect(admin_url(), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if recreate or not exists:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
            connection.execute(f'CREATE DATABASE "{database}"')
    os.environ["DATABASE_URL"] = admin_url().rsplit("/", 1)[0] + f"/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tremplin.settings")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def parcours_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM parcours_parcours")
        return cursor.fetchone()[0]


def seed(size: int, *, progress: bool = True) -> dict:
    """Grow the database to ``size`` parcours with seed_scale, then VACUUM ANALYZE so that every
    size is measured in the same steady state (visibility map set, statistics fresh)."""
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("seed_scale", parcours=size, probe_parcours=PROBE_PARCOURS, no_progress=not progress)
    seeded = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    vacuumed = time.perf_counter() - started
    print(f"# {size:,} parcours: seed_scale {seeded:.0f} s, VACUUM ANALYZE {vacuumed:.0f} s", flush=True)
    return {"parcours": size, "seed_seconds": round(seeded, 1), "vacuum_seconds": round(vacuumed, 1)}


def client_for(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def measure(client, url: str, runs: int) -> dict:
    """Median and p95 of ``runs`` timed GETs after one warm-up, and the queries of one more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm caches
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 2),
        "queries": len(queries),
        "runs": runs,
    }


def time_sql(sql: str, params, runs: int) -> dict:
    """Median of ``runs`` executions of one SQL query (fetching all its rows), after a warm-up."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchall()
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {"median_ms": round(statistics.median(timings), 2), "queries": 1, "runs": runs}


def write_results(name: str, body: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    body = {
        "benchmark": name,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        **body,
    }
    path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"# written to {path.relative_to(ROOT)}")
    return path
