"""Benchmark: does a paginated parcours list cost the same at 1,000,000 parcours as at 10,000?

Needs PostgreSQL. Seeds a dedicated database (default ``tremplin_bench``, recreated each run)
with 600 structures. The measured structure holds a fixed PROBE_PARCOURS parcours (its manager
sees them all, each counsellor a third); the other 599 structures grow in steps. At each step
the list endpoint is timed for that counsellor and that manager, at two page sizes, and its SQL
queries are counted: what changes between steps is only the size of everybody else's data.

    .venv/bin/python bench/parcours_list.py                    # 10k then 100k parcours
    .venv/bin/python bench/parcours_list.py --sizes 10000 1000000

Prints one line per (size, role, page size): median and p95 latency in ms, and queries.
Seeding goes through SQL (INSERT ... SELECT generate_series) because the services would take
hours at this size; the permission rows it writes are the ones the services would derive.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "backend"))

STRUCTURES = 600
PROBE_PARCOURS = 1_500
COUNSELLORS_PER_STRUCTURE = 3


def setup_django(database: str) -> None:
    import psycopg

    admin_url = os.environ.get("BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        connection.execute(f'CREATE DATABASE "{database}"')
    os.environ["DATABASE_URL"] = admin_url.rsplit("/", 1)[0] + f"/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tremplin.settings")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()


def seed_world():
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from organisations.models import Membership, Organisation, User
    from organisations.services import structure_managers_group
    from parcours.reference import load_reference

    call_command("migrate", verbosity=0)
    load_reference()
    password = make_password("bench")
    structures = Organisation.objects.bulk_create(
        [Organisation(name=f"SIAE {i}", kind="structure", structure_type="ACI") for i in range(STRUCTURES)]
    )
    users, memberships = [], []
    for structure in structures:
        for role, count in (("manager", 1), ("counsellor", COUNSELLORS_PER_STRUCTURE)):
            for n in range(count):
                users.append(User(email=f"{role}{n}.{structure.pk}@bench.test", password=password))
    users = User.objects.bulk_create(users)
    per_structure = 1 + COUNSELLORS_PER_STRUCTURE
    for index, structure in enumerate(structures):
        group = structure_managers_group(structure)
        chunk = users[index * per_structure : (index + 1) * per_structure]
        memberships.append(Membership(user=chunk[0], organisation=structure, role="manager"))
        chunk[0].groups.add(group)
        memberships += [Membership(user=u, organisation=structure, role="counsellor") for u in chunk[1:]]
    Membership.objects.bulk_create(memberships)
    return structures[0]


SEED_SQL = """
WITH s AS (
    SELECT id, row_number() OVER (ORDER BY id) - 1 AS rank FROM organisations_organisation
    WHERE kind = 'structure' AND id BETWEEN %(first_structure)s AND %(last_structure)s
), nstruct AS (SELECT count(*) AS n FROM s)
INSERT INTO parcours_person (structure_id, first_name, last_name, birth_name, email, phone, address, postal_code,
                             city, pass_iae_number, eligibility, created_at, updated_at, version)
SELECT s.id, 'Prénom' || g, 'Nom' || g, '', '', '', '', '', '', '', '[]'::jsonb, now(), now(), 1
FROM generate_series(%(start)s, %(stop)s - 1) g
JOIN nstruct ON true
JOIN s ON s.rank = g %% nstruct.n;

INSERT INTO parcours_parcours (person_id, structure_id, phase, phase_changed_at, entry_date, referent_id,
                               exit_date, exit_reason_id, exit_comment, created_at, updated_at, version)
SELECT p.id, p.structure_id,
       CASE WHEN p.id %% 4 = 0 THEN 'exited' ELSE 'entry' END, now(),
       current_date - (p.id %% 700)::int,
       (SELECT m.user_id FROM organisations_membership m
         WHERE m.organisation_id = p.structure_id AND m.role = 'counsellor'
         ORDER BY m.user_id OFFSET (p.id %% 3) LIMIT 1),
       CASE WHEN p.id %% 4 = 0 THEN current_date - (p.id %% 700)::int / 2 END,
       CASE WHEN p.id %% 4 = 0 THEN 'chomage' END, '', now(), now(), 1
FROM parcours_person p WHERE p.id > %(last_person)s;

INSERT INTO parcours_parcoursuserobjectpermission (permission_id, user_id, content_object_id)
SELECT perm.id, p.referent_id, p.id FROM parcours_parcours p
JOIN auth_permission perm ON perm.codename IN ('view_parcours', 'change_parcours', 'transition_parcours')
WHERE p.id > %(last_parcours)s;

INSERT INTO parcours_parcoursgroupobjectpermission (permission_id, group_id, content_object_id)
SELECT perm.id, g.id, p.id FROM parcours_parcours p
JOIN auth_group g ON g.name = 'structure-' || p.structure_id || '-managers'
JOIN auth_permission perm
  ON perm.codename IN ('view_parcours', 'change_parcours', 'transition_parcours', 'reassign_parcours')
WHERE p.id > %(last_parcours)s;

INSERT INTO parcours_personuserobjectpermission (permission_id, user_id, content_object_id)
SELECT perm.id, p.referent_id, p.person_id FROM parcours_parcours p
JOIN auth_permission perm ON perm.codename IN ('view_person', 'change_person')
WHERE p.id > %(last_parcours)s;

INSERT INTO parcours_persongroupobjectpermission (permission_id, group_id, content_object_id)
SELECT perm.id, g.id, p.person_id FROM parcours_parcours p
JOIN auth_group g ON g.name = 'structure-' || p.structure_id || '-managers'
JOIN auth_permission perm ON perm.codename IN ('view_person', 'change_person')
WHERE p.id > %(last_parcours)s;
"""


def grow_to(size: int, *, structures: tuple[int, int]) -> None:
    """Add parcours, spread over the structures whose ids lie in the range, up to ``size`` in all."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), coalesce(max(id), 0) FROM parcours_person")
        current, last_person = cursor.fetchone()
        cursor.execute("SELECT coalesce(max(id), 0) FROM parcours_parcours")
        (last_parcours,) = cursor.fetchone()
        if size <= current:
            return
        cursor.execute(
            SEED_SQL,
            {
                "start": current,
                "stop": size,
                "last_person": last_person,
                "last_parcours": last_parcours,
                "first_structure": structures[0],
                "last_structure": structures[1],
            },
        )
        cursor.execute("ANALYZE")


def measure(user, page_size: int, runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    url = f"/api/v1/parcours/?page_size={page_size}"
    client.get(url)  # warm caches
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database", default="tremplin_bench")
    args = parser.parse_args()

    setup_django(args.database)
    from organisations.models import User

    structure = seed_world()
    grow_to(PROBE_PARCOURS, structures=(structure.pk, structure.pk))
    others = (structure.pk + 1, structure.pk + STRUCTURES - 1)
    manager = User.objects.get(email=f"manager0.{structure.pk}@bench.test")
    counsellor = User.objects.get(email=f"counsellor0.{structure.pk}@bench.test")
    print(f"measured structure: {PROBE_PARCOURS} parcours; its counsellor follows a third of them")
    print(f"{'parcours':>10} {'role':>10} {'page':>5} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for size in args.sizes:
        started = time.perf_counter()
        grow_to(size, structures=others)
        print(f"# seeded {size:,} parcours in {time.perf_counter() - started:.0f} s", flush=True)
        for role, user in (("counsellor", counsellor), ("manager", manager)):
            for page_size in (25, 100):
                median, p95, queries = measure(user, page_size, args.runs)
                print(f"{size:>10,} {role:>10} {page_size:>5} {median:>10.1f} {p95:>8.1f} {queries:>8}", flush=True)


if __name__ == "__main__":
    main()
