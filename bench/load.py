"""Load test: 50 concurrent users for 60 s against gunicorn with the production settings, on PostgreSQL
holding the demo plus 100,000 seeded parcours. Reports throughput, p50/p95/p99 and the error count
(which must be 0), and checks that no write was lost.

Needs PostgreSQL. Creates a dedicated database (default ``tremplin_load``, recreated each run unless
``--reuse`` finds it seeded), migrates, seeds it with ``manage.py seed_scale`` (on the empty database:
it refuses one holding other data), then ``manage.py load_demo`` on top, and prepares the load:

- API tokens for the accounts the simulated users take: counsellors of many structures (the demo's
  first, then one per structure spread over the regions), employer contacts (the demo's, then one
  employer per region of those counsellors), managers and network analysts (structure, region,
  whole network);
- work for 60 s: proposals (PMSMP) at each employer of the load, on open parcours of its region
  (the load's counsellors' first), for it to confirm; and for each counsellor a few parcours whose
  host already confirmed a PMSMP (a mission in an ETTI), so that starting the phase is available.

Then starts gunicorn (TREMPLIN_ENV=production, DEBUG off, requests sent as behind the HTTPS proxy
with X-Forwarded-Proto; e-mails to the dummy backend) on a free port, waits for /healthz, and runs
locust headless on bench/locustfile.py (the user classes, the task mix and what counts as an
error are described there). After the run, gunicorn stopped, the follow-ups, phase transitions and
placement confirmations written in the database are compared with the successful requests.

    .venv/bin/python bench/load.py                                   # 100,000 parcours, 50 users, 60 s
    .venv/bin/python bench/load.py --reuse --keep                    # reuse the seeded database, keep it
    .venv/bin/python bench/load.py --parcours 1000 --users 10 --seconds 10 --workers 2

Prints a table (requests, req/s, p50/p95/p99 in ms per request and overall), the writes counted
against the rows in the database, and writes bench/results/load.json. Exits 1 when a request failed
or a write is missing. The database is dropped at the end unless ``--keep``.
"""

import argparse
import io
import json
import math
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, admin_url, parcours_count, setup_django, write_results

BACKEND = ROOT / "backend"
BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
# Simulated users per class, as the weights of bench/locustfile.py (Counsellor 7, Employer 2, Manager 1).
WEIGHTS = {"counsellors": 7, "employers": 2, "managers": 1}
DEMO_COUNSELLORS = ["cip1@rhone.demo", "cip2@rhone.demo", "cip1@reunion.demo"]
DEMO_EMPLOYERS = ["rh@tilleuls.demo"]
DEMO_MANAGERS = ["direction@rhone.demo", "analyste@reseau.demo", "direction@reunion.demo"]
OPEN_PLACEMENT = ("proposed", "confirmed", "in_progress")


def database_exists_and_seeded(database: str, parcours: int) -> bool:
    import psycopg

    with psycopg.connect(admin_url(), autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
            return False
    url = admin_url().rsplit("/", 1)[0] + f"/{database}"
    try:
        with psycopg.connect(url) as connection:
            seeded = connection.execute("SELECT count(*) FROM parcours_parcours").fetchone()[0]
            demo = connection.execute(
                "SELECT count(*) FROM organisations_user WHERE email = ANY(%s)", [DEMO_COUNSELLORS]
            ).fetchone()[0]
    except psycopg.Error:
        return False
    return seeded >= parcours and demo == len(DEMO_COUNSELLORS)


def drop_database(database: str) -> None:
    import psycopg

    with psycopg.connect(admin_url(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def seed(parcours: int) -> dict:
    """seed_scale on the empty database, then the demo on top, then VACUUM ANALYZE."""
    from django.core.management import call_command
    from django.db import connection

    timings = {}
    started = time.perf_counter()
    call_command("seed_scale", parcours=parcours, no_progress=True, stdout=io.StringIO())
    timings["seed_scale_seconds"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    call_command("load_demo", stdout=io.StringIO())
    timings["load_demo_seconds"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    timings["vacuum_seconds"] = round(time.perf_counter() - started, 1)
    print(
        f"# seeded: seed_scale {timings['seed_scale_seconds']:.0f} s, load_demo {timings['load_demo_seconds']:.0f} s, "
        f"VACUUM ANALYZE {timings['vacuum_seconds']:.0f} s",
        flush=True,
    )
    return timings


def users_per_role(users: int) -> dict[str, int]:
    """An upper bound of locust's share of ``users`` per class (each simulated user takes its own account)."""
    total = sum(WEIGHTS.values())
    return {role: max(1, math.ceil(users * weight / total)) for role, weight in WEIGHTS.items()}


def pick_accounts(wanted: dict[str, int]) -> dict[str, list]:
    """The accounts of the load: the demo's first, then seeded ones spread over the structures and regions."""
    from organisations.models import Organisation, User
    from outcomes.management.commands.seed_scale import ANALYST_EMAIL, SEED_DOMAIN

    structures = list(
        Organisation.objects.filter(kind="structure", siret__startswith="999")
        .order_by("pk")
        .values_list("pk", "region")
    )
    counsellors = [User.objects.get(email=email) for email in DEMO_COUNSELLORS]
    # One counsellor per structure, structures evenly spaced (so every region and structure type is in).
    step = max(1, len(structures) // max(1, wanted["counsellors"]))
    for rank in range(1, len(structures), step):
        if len(counsellors) >= wanted["counsellors"]:
            break
        counsellors.append(User.objects.get(email=f"cip{1 + rank % 3}.{rank:03d}{SEED_DOMAIN}"))

    regions = list(
        dict.fromkeys(
            Organisation.objects.filter(memberships__user__in=counsellors, kind="structure").values_list(
                "region", flat=True
            )
        )
    )
    employers = [User.objects.get(email=email) for email in DEMO_EMPLOYERS]
    for n in range(wanted["employers"]):
        region = regions[n % len(regions)]
        taken = {e.memberships.get().organisation_id for e in employers}
        organisation = (
            Organisation.objects.filter(kind="employer", region=region, name__startswith="Employeur ")
            .exclude(pk__in=taken)
            .order_by("pk")
            .first()
        )
        if organisation is None or len(employers) >= wanted["employers"]:
            continue
        employers.append(User.objects.get(memberships__organisation=organisation, memberships__role="employer_contact"))

    managers = [User.objects.get(email=email) for email in DEMO_MANAGERS]
    managers.append(User.objects.get(email=ANALYST_EMAIL))  # the whole network
    regional = Organisation.objects.get(kind="network", name="Délégation régionale Auvergne-Rhône-Alpes")
    managers.append(User.objects.get(memberships__organisation=regional, email__endswith=SEED_DOMAIN))
    for rank in range(2, len(structures), max(1, len(structures) // max(1, wanted["managers"]))):
        if len(managers) >= wanted["managers"]:
            break
        managers.append(User.objects.get(email=f"direction.{rank:03d}{SEED_DOMAIN}"))
    return {"counsellors": counsellors, "employers": employers, "managers": managers}


def _free_parcours(**filters):
    """Open parcours in entry phase, entered at least 3 days ago, with no placement open."""
    from django.db.models import Exists, OuterRef

    from employers.models import Placement
    from parcours.models import Parcours

    live = Placement.objects.filter(parcours=OuterRef("pk"), state__in=OPEN_PLACEMENT)
    return (
        Parcours.objects.filter(phase="entry", entry_date__lte=date.today() - timedelta(days=3), **filters)
        .exclude(Exists(live))
        .select_related("structure", "referent")
    )


def _propose(parcours, establishment, *, offset: int):
    from employers.services import placement_propose

    start = date.today() + timedelta(days=7 + offset % 20)
    if parcours.structure.structure_type == "ETTI":  # an ETTI offers missions, never PMSMP
        fields = {"kind": "mission", "position": "Agent·e d'entretien", "weekly_hours": 24}
        end = start + timedelta(days=27)
    else:
        fields = {"kind": "pmsmp", "purpose": "discover"}
        end = start + timedelta(days=9)
    return placement_propose(
        actor=parcours.referent,
        parcours=parcours,
        establishment=establishment,
        start_date=start,
        end_date=end,
        comment="Proposition (test de charge).",
        **fields,
    )


def prepare_work(accounts: dict[str, list], *, proposals: int, ready: int) -> dict:
    """Proposals for each employer of the load to confirm; confirmed placements for each counsellor."""
    from django.test.utils import override_settings

    from employers.models import Establishment
    from employers.services import placement_fire_transition
    from organisations.models import Membership, Organisation
    from tremplin.errors import DomainError

    counsellor_ids = [user.pk for user in accounts["counsellors"]]
    used: set[int] = set()
    pending: dict[int, list[int]] = {pk: [] for pk in counsellor_ids}
    ready_of: dict[int, list[int]] = {pk: [] for pk in counsellor_ids}
    created = {"proposed": 0, "confirmed": 0, "refused_by_rules": 0}

    def each(queryset, limit: int):
        """Candidates in random order (twice the number wanted: the rules may refuse some)."""
        for parcours in queryset.exclude(pk__in=used).order_by("?")[: max(0, limit) * 2]:
            used.add(parcours.pk)
            yield parcours

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        # For each counsellor: placements the host has already confirmed (start_* is available).
        for user in accounts["counsellors"]:
            structure = Organisation.objects.get(memberships__user=user, memberships__role="counsellor")
            establishments = list(Establishment.objects.filter(employer__region=structure.region).order_by("pk"))
            count = 0
            for parcours in each(_free_parcours(referent=user), ready):
                establishment = establishments[count % len(establishments)]
                try:
                    placement = _propose(parcours, establishment, offset=count)
                except DomainError:
                    created["refused_by_rules"] += 1
                    continue
                host = (
                    Membership.objects.filter(organisation_id=establishment.employer_id, role="employer_contact")
                    .select_related("user")
                    .first()
                    .user
                )
                placement_fire_transition(actor=host, placement=placement, name="confirm", data={})
                ready_of[user.pk].append(parcours.pk)
                created["confirmed"] += 1
                count += 1
                if count >= ready:
                    break
        # For each employer of the load: proposals to confirm, the load's counsellors' parcours first.
        for user in accounts["employers"]:
            employer = Organisation.objects.get(memberships__user=user, memberships__role="employer_contact")
            establishments = list(Establishment.objects.filter(employer=employer).order_by("pk"))
            region = _free_parcours(structure__region=employer.region)
            count = 0
            for queryset in (region.filter(referent_id__in=counsellor_ids), region):
                for parcours in each(queryset, proposals - count):
                    try:
                        _propose(parcours, establishments[count % len(establishments)], offset=count)
                    except DomainError:
                        created["refused_by_rules"] += 1
                        continue
                    if parcours.referent_id in pending:
                        pending[parcours.referent_id].append(parcours.pk)
                    created["proposed"] += 1
                    count += 1
                    if count >= proposals:
                        break
    return {"ready": ready_of, "pending": pending, "created": created}


def build_plan(accounts: dict[str, list], work: dict) -> dict:
    from rest_framework.authtoken.models import Token

    from parcours.models import ExitReason

    def token(user) -> str:
        return Token.objects.get_or_create(user=user)[0].key

    counsellors = []
    for user in accounts["counsellors"]:
        # Parcours they may close: no placement open (an exit would cancel it under an employer's feet).
        closable = list(_free_parcours(referent=user).values_list("pk", flat=True))
        counsellors.append(
            {
                "email": user.email,
                "token": token(user),
                "ready": work["ready"][user.pk] + work["pending"][user.pk],
                "exit_safe": closable,
            }
        )
    return {
        "counsellors": counsellors,
        "employers": [{"email": user.email, "token": token(user)} for user in accounts["employers"]],
        "managers": [{"email": user.email, "token": token(user)} for user in accounts["managers"]],
        "exit_reasons": list(ExitReason.objects.filter(is_active=True).values_list("code", flat=True)),
    }


def database_counts() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT (SELECT count(*) FROM parcours_followup),
                   (SELECT count(*) FROM parcours_phasetransition WHERE name = 'start_immersion'),
                   (SELECT count(*) FROM parcours_phasetransition WHERE name = 'start_interim'),
                   (SELECT count(*) FROM parcours_phasetransition WHERE name = 'exit'),
                   (SELECT count(*) FROM parcours_phasetransition),
                   (SELECT count(*) FROM employers_placementevent WHERE name = 'confirm')
            """
        )
        row = cursor.fetchone()
    names = ["follow_ups", "transition start_immersion", "transition start_interim", "transition exit"]
    return {**dict(zip(names, row[:4], strict=True)), "transitions": row[4], "placement confirm": row[5]}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(database_url: str, args, workdir: Path) -> tuple[subprocess.Popen, int, Path]:
    port = free_port()
    (workdir / "static").mkdir()
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env["SECRET_KEY"] = secrets.token_urlsafe(50)  # a throwaway key per run
    env.update(
        TREMPLIN_ENV="production",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(workdir / "static"),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    env.pop("DATABASE_REPLICA_URL", None)
    command = [str(BIN / "gunicorn"), "tremplin.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)]
    if args.threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(args.threads)]
    log_path = workdir / "gunicorn.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=BACKEND, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited:\n" + log_path.read_text())
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("gunicorn did not answer /healthz:\n" + log_path.read_text())
        time.sleep(0.3)
    return process, port, log_path


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def print_report(output: dict, writes: list[dict]) -> None:
    columns = ("requests", 9), ("req/s", 7), ("p50 ms", 7), ("p95 ms", 7), ("p99 ms", 7), ("max ms", 7), ("fail", 5)
    print(f"{'request':<40} " + " ".join(f"{name:>{width}}" for name, width in columns))
    rows = [*output["requests"].items(), ("TOTAL", output["total"])]
    for name, f in rows:
        print(
            f"{name:<40} {f['requests']:>9,} {f['rps']:>7.1f} {f['p50_ms']:>7.0f} {f['p95_ms']:>7.0f} "
            f"{f['p99_ms']:>7.0f} {f['max_ms']:>7,} {f['failures']:>5}"
        )
    for error in output["errors"]:
        print(f"ERROR {error['request']}: {error['error']} (x{error['occurrences']})")
    if output["expected_refusals"]:
        print("expected business refusals (not errors, not writes):", output["expected_refusals"])
    print(f"\n{'write':<30} {'acknowledged':>13} {'in database':>12}")
    for row in writes:
        mark = "ok" if row["acknowledged"] == row["in_database"] else "MISMATCH"
        print(f"{row['write']:<30} {row['acknowledged']:>13,} {row['in_database']:>12,}  {mark}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcours", type=int, default=100_000, help="Seeded parcours (the demo comes on top).")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers.")
    parser.add_argument("--threads", type=int, default=1, help="Threads per worker (> 1: gthread workers).")
    parser.add_argument("--think", type=float, nargs=2, default=[0.5, 1.5], metavar=("MIN", "MAX"))
    parser.add_argument("--proposals", type=int, default=150, help="Proposals to confirm, per employer.")
    parser.add_argument("--ready", type=int, default=8, help="Confirmed placements to start, per counsellor.")
    parser.add_argument("--database", default="tremplin_load")
    parser.add_argument("--reuse", action="store_true", help="Keep the database if it is already seeded.")
    parser.add_argument("--keep", action="store_true", help="Do not drop the database at the end.")
    args = parser.parse_args()

    reuse = args.reuse and database_exists_and_seeded(args.database, args.parcours)
    setup_django(args.database, recreate=not reuse)
    try:
        return run(args, reuse=reuse)
    finally:
        from django.db import connection

        connection.close()
        if not args.keep:
            drop_database(args.database)
            print(f"# database {args.database} dropped (--keep to keep it)")


def run(args, *, reuse: bool) -> int:
    from django.db import connection

    seeding = None if reuse else seed(args.parcours)
    size = parcours_count()
    started = time.perf_counter()
    accounts = pick_accounts(users_per_role(args.users))
    work = prepare_work(accounts, proposals=args.proposals, ready=args.ready)
    plan = build_plan(accounts, work)
    print(
        f"# {size:,} parcours; load accounts: {len(accounts['counsellors'])} counsellors, "
        f"{len(accounts['employers'])} employer contacts, {len(accounts['managers'])} managers/analysts; "
        f"{work['created']['proposed']} proposals to confirm, {work['created']['confirmed']} confirmed "
        f"placements to start (prepared in {time.perf_counter() - started:.0f} s)",
        flush=True,
    )
    workdir = Path(tempfile.mkdtemp(prefix="tremplin-load-"))
    (workdir / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    before = database_counts()
    connection.close()

    gunicorn = locust = None
    try:
        gunicorn, port, log_path = start_gunicorn(os.environ["DATABASE_URL"], args, workdir)
        server = f"gunicorn, {args.workers} {'gthread' if args.threads > 1 else 'sync'} workers"
        server += f" x {args.threads} threads" if args.threads > 1 else ""
        print(f"# {server} on 127.0.0.1:{port} (TREMPLIN_ENV=production); locust: {args.users} users, {args.seconds} s")
        env = {
            **os.environ,
            "LOAD_PLAN": str(workdir / "plan.json"),
            "LOAD_OUTPUT": str(workdir / "output.json"),
            "LOAD_THINK_MIN": str(args.think[0]),
            "LOAD_THINK_MAX": str(args.think[1]),
        }
        command = [
            str(BIN / "locust"),
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--host",
            f"http://127.0.0.1:{port}",
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            f"{args.seconds}s",
            "--stop-timeout",
            "30",
            "--only-summary",
            "--loglevel",
            "ERROR",
        ]
        locust = subprocess.Popen(command, cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
        _, stderr = locust.communicate(timeout=args.seconds + 180)
        if not (workdir / "output.json").exists():
            raise RuntimeError(f"locust wrote no figures (exit {locust.returncode}):\n{stderr.decode()[-3000:]}")
        output = json.loads((workdir / "output.json").read_text(encoding="utf-8"))
        stop(gunicorn)  # graceful: the requests in flight finish before the rows are counted
        gunicorn_log = log_path.read_text(errors="replace")
    finally:
        stop(locust)
        stop(gunicorn)
        shutil.rmtree(workdir, ignore_errors=True)  # the plan holds the tokens
    after = database_counts()
    connection.close()

    writes = [
        {"write": name, "acknowledged": output["writes"].get(name, 0), "in_database": after[name] - before[name]}
        for name in (
            "follow_ups",
            "transition start_immersion",
            "transition start_interim",
            "transition exit",
            "placement confirm",
        )
    ]
    writes.append(
        {
            "write": "transitions (all)",
            "acknowledged": sum(v for k, v in output["writes"].items() if k.startswith("transition ")),
            "in_database": after["transitions"] - before["transitions"],
        }
    )
    print()
    print_report(output, writes)
    total = output["total"]
    errors = total["failures"]
    lost = [row for row in writes if row["acknowledged"] != row["in_database"]]
    print(
        f"\n{total['requests']:,} requests in {total['seconds']:.0f} s: {total['rps']:.1f} req/s; "
        f"p50 {total['p50_ms']:.0f} ms, p95 {total['p95_ms']:.0f} ms, p99 {total['p99_ms']:.0f} ms; "
        f"errors: {errors} (target 0); writes unaccounted for: {len(lost)}; "
        f"tracebacks in the gunicorn log: {gunicorn_log.count('Traceback')}"
    )
    write_results(
        "load",
        {
            "database": {"parcours": size, "seed_scale_parcours": args.parcours, "demo": True, "seeding": seeding},
            "server": {
                "description": server,
                "workers": args.workers,
                "threads": args.threads,
                "settings": "TREMPLIN_ENV=production, DEBUG off, X-Forwarded-Proto: https",
            },
            "machine_detail": {"platform": platform.platform(), "processor": platform.processor()},
            "load": {
                "users": args.users,
                "users_per_class": output["users"],
                "spawn_rate": args.spawn_rate,
                "seconds": args.seconds,
                "think_seconds": args.think,
                "accounts": {role: len(pool) for role, pool in accounts.items()},
                "work_prepared": work["created"],
            },
            "total": total,
            "requests": output["requests"],
            "errors": {"count": errors, "target": 0, "details": output["errors"]},
            "expected_refusals": output["expected_refusals"],
            "writes": writes,
            "met": errors == 0 and not lost,
        },
    )
    return 0 if errors == 0 and not lost else 1


if __name__ == "__main__":
    sys.exit(main())
