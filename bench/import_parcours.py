"""Benchmark: does importing 10,000 parcours from a CSV file take under a minute?

Needs PostgreSQL. Creates a dedicated database (default ``tremplin_bench_import``, recreated each
run) with one structure (a manager, 5 counsellors, and EXISTING persons already followed there,
so that matching works against real data) and a CSV file of ROWS rows in the documented format:
a mix of phases, a sixth of them exited, half with a PASS IAE number, and a tenth of them persons
the structure already knows. Then times, through the same service as the command and the API:

- the dry run (parse, validate, match; nothing written);
- the import (everything written, with the journal and the object permissions);
- the same file again (everything matched, nothing written).

    .venv/bin/python bench/import_parcours.py                 # 10,000 rows
    .venv/bin/python bench/import_parcours.py --rows 50000

Prints one line per step: seconds, rows per second, SQL queries. Exits 1 when the import takes
longer than --max-seconds (default 60).
"""

import argparse
import csv
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "backend"))
sys.path.insert(0, str(ROOT / "bench"))

from parcours_list import setup_django  # noqa: E402 (after the path is set)

COUNSELLORS = 5
EXISTING = 5_000
PHASES = ["entry", "entry", "immersion", "interim", "training", "exited"]


def seed(existing: int):
    from django.core.management import call_command

    from organisations.models import Organisation, User
    from organisations.services import membership_create
    from parcours.models import Person
    from parcours.reference import load_reference
    from parcours.services import parcours_create

    call_command("migrate", verbosity=0)
    load_reference()
    structure = Organisation.objects.create(name="SIAE bench", kind="structure", structure_type="ACI")
    manager = User.objects.create_user(email="manager@bench.test")
    membership_create(user=manager, organisation=structure, role="manager")
    counsellors = []
    for n in range(COUNSELLORS):
        user = User.objects.create_user(email=f"cip{n}@bench.test")
        membership_create(user=user, organisation=structure, role="counsellor")
        counsellors.append(user)
    # Persons the structure already follows: bulk rows, then a few through the services.
    Person.objects.bulk_create(
        [
            Person(structure=structure, first_name="Connu", last_name=f"Existant{n}", birth_date=dt.date(1970, 1, 1))
            for n in range(existing)
        ]
    )
    for person in Person.objects.filter(structure=structure)[:20]:
        parcours_create(
            actor=manager, person=person, structure=structure, entry_date=dt.date(2024, 1, 1), referent=counsellors[0]
        )
    return structure, manager, counsellors


def make_csv(rows: int, counsellors) -> bytes:
    from parcours.imports import COLUMN_NAMES

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMN_NAMES, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for n in range(rows):
        phase = PHASES[n % len(PHASES)]
        known = n % 10 == 0  # matches one of the EXISTING persons
        line = {
            "nom": f"EXISTANT{n}" if known else f"Nom{n}",
            "prenom": "connu" if known else "Prénom",
            "date_naissance": "01/01/1970" if known else f"{n % 28 + 1:02d}/{n % 12 + 1:02d}/{1960 + n % 40}",
            "email": "" if known else f"personne{n}@example.org",
            "telephone": "06 12 34 56 78",
            "adresse": f"{n} rue de la République",
            "code_postal": "69003",
            "commune": "Lyon",
            "numero_pass_iae": "" if known or n % 2 else f"9999{n:08d}",
            "debut_pass_iae": "01/02/2025",
            "fin_pass_iae": "31/01/2027",
            "date_entree": "2025-02-03",
            "phase": phase,
            "email_referent": counsellors[n % len(counsellors)].email,
            "date_sortie": "2025-06-30" if phase == "exited" else "",
            "motif_sortie": "cdi_non_aide" if phase == "exited" else "",
        }
        writer.writerow(line)
    return buffer.getvalue().encode()


def timed(label: str, rows: int, **kwargs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from parcours.imports import parcours_import

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        report = parcours_import(**kwargs)
        seconds = time.perf_counter() - start
    assert report.is_valid, report.errors[:5]
    summary = report.summary
    print(
        f"{label:>10} {rows:>8,} {seconds:>9.1f} {rows / seconds:>10,.0f} {len(queries):>8}   "
        f"persons +{summary['persons_created']} ~{summary['persons_updated']} ={summary['persons_unchanged']}, "
        f"parcours +{summary['parcours_created']} ={summary['parcours_unchanged']}",
        flush=True,
    )
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--existing", type=int, default=EXISTING, help="persons the structure already knows")
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument("--database", default="tremplin_bench_import")
    args = parser.parse_args()

    setup_django(args.database)
    from django.db import connection

    structure, manager, counsellors = seed(args.existing)
    data = make_csv(args.rows, counsellors)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
        cursor.execute("ANALYZE")
    print(
        f"PostgreSQL {version}; {os.cpu_count()} CPU; file of {args.rows:,} rows ({len(data) / 2**20:.1f} MB); "
        f"{args.existing:,} persons already in the structure"
    )
    print(f"{'step':>10} {'rows':>8} {'seconds':>9} {'rows/s':>10} {'queries':>8}")
    common = {"actor": manager, "structure": structure, "data": data}
    timed("dry run", args.rows, dry_run=True, **common)
    seconds = timed("import", args.rows, dry_run=False, **common)
    timed("again", args.rows, dry_run=False, **common)
    if seconds > args.max_seconds:
        print(f"FAILED: the import took {seconds:.1f} s, more than {args.max_seconds:.0f} s")
        sys.exit(1)
    print(f"OK: {args.rows:,} rows imported in {seconds:.1f} s (limit {args.max_seconds:.0f} s)")


if __name__ == "__main__":
    main()
