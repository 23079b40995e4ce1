"""The users of the load test (bench/load.py starts locust on this file; it is not meant to be run alone).

bench/load.py prepares the database and writes a plan (LOAD_PLAN, JSON): one API token per account
and, for each counsellor, the parcours they can move on (a PMSMP or a mission confirmed by the host,
or a proposal an employer of the load will confirm) and those they may close (no placement open, so
that an exit never withdraws a placement from an employer's inbox mid-run). Each simulated user
takes the next account of its role, so no two users share an account, a caseload or an inbox: a
transition is only fired when the parcours reports it available, and nobody else moves it.

What counts as an error (locust failure): a 5xx, a timeout or a connection error, and any 4xx but
the expected business answers, which are counted apart and never as a write:
- 409 on a parcours transition (transition_not_allowed / concurrent_transition) or a placement
  confirmation (already answered);
- 404 on a placement confirmation (the placement left the employer's scope meanwhile).

Writes that succeeded (201 follow-ups, 200 transitions and confirmations) are counted here and
written with locust's figures to LOAD_OUTPUT when locust quits; bench/load.py compares them with
the rows in the database.
"""

# ruff: noqa: S311 (random picks of a simulated user, not secrets)
import itertools
import json
import os
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from locust import FastHttpUser, between, events, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
THINK = (float(os.environ.get("LOAD_THINK_MIN", "0.5")), float(os.environ.get("LOAD_THINK_MAX", "1.5")))
PAGE_SIZE = 25
OPEN = {"entry", "immersion", "interim", "training", "vae"}
FOLLOW_UP_KINDS = ["interview", "interview", "call", "call", "workshop", "visit"]

WRITES: Counter = Counter()  # what the server acknowledged as written
EXPECTED: Counter = Counter()  # expected business refusals (not errors, not writes)
_next = {role: itertools.count() for role in ("counsellors", "employers", "managers")}


def _account(role: str) -> dict:
    pool = PLAN[role]
    return pool[next(_next[role]) % len(pool)]


class ApiUser(FastHttpUser):
    abstract = True
    role = ""
    wait_time = between(*THINK)
    connection_timeout = 10.0
    network_timeout = 30.0

    def on_start(self) -> None:
        self.account = _account(self.role)
        # As behind the reverse proxy: HTTPS (production settings redirect plain HTTP).
        self.headers = {"Authorization": f"Token {self.account['token']}", "X-Forwarded-Proto": "https"}
        self.get("/api/v1/me/", "me")

    def get(self, url: str, name: str) -> dict | None:
        with self.client.get(url, headers=self.headers, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {(response.text or '')[:200]}")
                return None
            return response.json()

    def post(self, url: str, body: dict, name: str, *, ok: int, expected: tuple[int, ...] = ()) -> dict | None:
        """POST; ``ok`` is the success status, ``expected`` the business refusals (counted, not failures)."""
        with self.client.post(url, json=body, headers=self.headers, name=name, catch_response=True) as response:
            if response.status_code == ok:
                return response.json()
            if response.status_code in expected:
                EXPECTED[f"{name} {response.status_code}"] += 1
                response.success()
                return None
            response.failure(f"{response.status_code}: {(response.text or '')[:200]}")
            return None


class Counsellor(ApiUser):
    """Reads their caseload and parcours, logs follow-ups, fires the transitions that are available."""

    role = "counsellors"
    weight = 7

    def on_start(self) -> None:
        super().on_start()
        self.ready = list(self.account["ready"])  # a host confirmed (or will confirm) a placement
        self.closable = list(self.account["exit_safe"])
        random.shuffle(self.closable)
        self.known: list[int] = []  # open parcours seen in the caseload
        self.pages = 1
        self.caseload()

    @task(6)
    def caseload(self) -> None:
        page = 1 if random.random() < 0.7 or self.pages == 1 else random.randint(2, self.pages)
        body = self.get(f"/api/v1/parcours/?ordering=-entry_date&page_size={PAGE_SIZE}&page={page}", "caseload")
        if body:
            self.pages = max(1, -(-body["count"] // PAGE_SIZE))
            seen = [row["id"] for row in body["results"] if row["phase"] in OPEN]
            self.known = list(dict.fromkeys(seen + self.known))[:200]

    @task(2)
    def alert_counts(self) -> None:
        self.get("/api/v1/parcours/alert-counts/", "caseload alert counts")

    @task(6)
    def open_parcours(self) -> None:
        if not self.known:
            return
        pk = random.choice(self.known)
        self.get(f"/api/v1/parcours/{pk}/", "parcours detail")
        self.get(f"/api/v1/parcours/{pk}/timeline/?page=1", "parcours timeline")
        if random.random() < 0.3:
            self.get(f"/api/v1/parcours/{pk}/transitions/", "parcours phase history")

    @task(4)
    def log_follow_up(self) -> None:
        if not self.known:
            return
        pk = random.choice(self.known)
        occurred = datetime.now(UTC) - timedelta(minutes=random.randint(5, 600))
        body = {
            "parcours": pk,
            "kind": random.choice(FOLLOW_UP_KINDS),
            "occurred_at": occurred.isoformat(timespec="seconds"),
            "duration_minutes": random.choice([15, 30, 45, 60, 90]),
            "note": "Entretien de suivi : démarches revues ensemble, prochaine étape convenue (test de charge).",
        }
        if self.post("/api/v1/follow-ups/", body, "follow-up: create", ok=201):
            WRITES["follow_ups"] += 1

    @task(2)
    def start_placement_phase(self) -> None:
        """Open a parcours whose host confirmed a placement and start the immersion or the mission."""
        if not self.ready:
            return
        pk = self.ready.pop(0)
        detail = self.get(f"/api/v1/parcours/{pk}/", "parcours detail")
        if not detail:
            return
        allowed = [
            option["name"]
            for option in detail["available_transitions"]
            if option["allowed"] and option["name"] in {"start_immersion", "start_interim"}
        ]
        if not allowed:
            if detail["phase"] == "entry":
                self.ready.append(pk)  # the employer has not confirmed yet: come back later
            return
        name = allowed[0]
        body = {"comment": "Démarrage (test de charge)."}
        if self.post(
            f"/api/v1/parcours/{pk}/transitions/{name}/", body, f"transition: {name}", ok=200, expected=(409,)
        ):
            WRITES[f"transition {name}"] += 1

    @task(1)
    def close_parcours(self) -> None:
        if not self.closable:
            return
        pk = self.closable.pop()
        detail = self.get(f"/api/v1/parcours/{pk}/", "parcours detail")
        if not detail or not any(o["name"] == "exit" and o["allowed"] for o in detail["available_transitions"]):
            return
        entry = date.fromisoformat(detail["entry_date"])
        body = {
            "exit_reason": random.choice(PLAN["exit_reasons"]),
            "exit_date": max(entry, date.today() - timedelta(days=1)).isoformat(),
            "comment": "Sortie (test de charge).",
        }
        if self.post(f"/api/v1/parcours/{pk}/transitions/exit/", body, "transition: exit", ok=200, expected=(409,)):
            WRITES["transition exit"] += 1
            if pk in self.known:
                self.known.remove(pk)


class Employer(ApiUser):
    """Reads their placement inbox and confirms the proposals."""

    role = "employers"
    weight = 2

    @task(3)
    def inbox(self) -> None:
        self.get("/api/v1/placements/?page_size=200", "employer inbox")

    @task(4)
    def confirm(self) -> None:
        body = self.get("/api/v1/placements/?state=proposed&page_size=25", "employer inbox (proposed)")
        if not body:
            return
        choices = [
            row["id"]
            for row in body["results"]
            if any(o["name"] == "confirm" and o["allowed"] for o in row["available_transitions"])
        ]
        if not choices:
            return
        pk = random.choice(choices)
        body = {"comment": "Accueil confirmé (test de charge)."}
        url = f"/api/v1/placements/{pk}/transitions/confirm/"
        if self.post(url, body, "placement: confirm", ok=200, expected=(404, 409)):
            WRITES["placement confirm"] += 1


class Manager(ApiUser):
    """The dashboard (summary, time series, funnel) and, now and then, the structure's list."""

    role = "managers"
    weight = 1

    @task(3)
    def dashboard(self) -> None:
        self.get("/api/v1/outcomes/summary/", "dashboard: summary")
        self.get("/api/v1/outcomes/timeseries/", "dashboard: timeseries")
        self.get("/api/v1/outcomes/funnel/", "dashboard: funnel")

    @task(1)
    def parcours_list(self) -> None:
        self.get(f"/api/v1/parcours/?ordering=-entry_date&page_size={PAGE_SIZE}&page=1", "manager parcours list")


def _figures(entry) -> dict:
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": round(entry.total_rps, 2),
        "p50_ms": entry.get_response_time_percentile(0.50),
        "p95_ms": entry.get_response_time_percentile(0.95),
        "p99_ms": entry.get_response_time_percentile(0.99),
        "max_ms": round(entry.max_response_time or 0),
        "mean_ms": round(entry.avg_response_time, 1),
    }


@events.quitting.add_listener
def _write_output(environment, **kwargs) -> None:
    stats = environment.stats
    output = {
        "total": {**_figures(stats.total), "seconds": round(stats.total.last_request_timestamp - stats.start_time, 1)},
        "requests": {f"{method} {name}": _figures(entry) for (name, method), entry in sorted(stats.entries.items())},
        "errors": [
            {"request": f"{e.method} {e.name}", "error": str(e.error)[:300], "occurrences": e.occurrences}
            for e in stats.errors.values()
        ],
        "writes": dict(WRITES),
        "expected_refusals": dict(EXPECTED),
        "users": dict(environment.runner.final_user_classes_count) if environment.runner else {},
    }
    with open(os.environ["LOAD_OUTPUT"], "w", encoding="utf-8") as file:
        json.dump(output, file, indent=2)
