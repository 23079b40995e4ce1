"""Loads the demo data used by ``make run`` (fixtures/demo/scenario.json): a « Parcours EHPAD » run by a
GES near Lyon and an ACI in La Réunion, with their partners, network, accounts and fictional persons.

Persons, parcours, placements, enrolments, VAE applications and exits go through the services, as a
counsellor's, an employer contact's and a trainer's actions would, so object permissions, event logs
and the phase history are the real ones. The follow-up journal of the open parcours (follow-ups,
actions, appointments through the journal service; barriers with their change log) is dated in the
past, so the timeline reads as after months of work and every alert shows in the caseloads. Dates
are relative to each structure's today. A history of exited parcours over the past 24 months
(``history``: generated from a fixed seed, opened and closed through the same services, with a
few follow-ups) gives the dashboards months and exit categories to show. Running it again adds
nothing: persons already in their structure are skipped (establishments, trainings and sessions
are updated in place or found again).
"""

import json
import random
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from employers.models import Establishment, Placement
from employers.services import placement_fire_transition, placement_propose
from organisations.models import Organisation, User
from organisations.services import membership_create
from parcours.journal import journal_create
from parcours.models import (
    Action,
    Appointment,
    Barrier,
    BarrierChange,
    BarrierType,
    ExitReason,
    FollowUp,
    Parcours,
    Person,
    Programme,
)
from parcours.reference import load_reference
from parcours.services import parcours_create, parcours_fire_transition, person_create
from trainings.models import Certification, Enrolment, Training, TrainingSession, VaeApplication
from trainings.services import (
    apply_vae_silence_rule,
    attendance_record,
    enrolment_apply,
    enrolment_fire_transition,
    vae_create,
    vae_fire_transition,
)
from tremplin.errors import DomainError

SCENARIO = Path(settings.FIXTURES_DIR) / "demo" / "scenario.json"
PERSON_FIELDS = ("first_name", "last_name", "phone", "postal_code", "city", "eligibility", "pass_iae_number")


def _two_years_later(day: date) -> date:
    try:
        return day.replace(year=day.year + 2)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 2, day=28)


class Command(BaseCommand):
    help = "Charge les données de démonstration (Parcours EHPAD, Lyon et La Réunion), sans doublon."

    def handle(self, *args, **options):
        # The demo's addresses are fictional: its placements still leave in-app notifications,
        # but their e-mails go to an in-memory outbox instead of the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._load()

    @transaction.atomic
    def _load(self):
        load_reference()
        scenario = json.loads(SCENARIO.read_text(encoding="utf-8"))
        self.reasons = ExitReason.objects.in_bulk(field_name="code")
        self.organisations = self._load_organisations(scenario["organisations"])
        self.users = self._load_accounts(scenario["accounts"], scenario["password"])
        self.programmes = self._load_programmes(scenario["programmes"])
        self.establishments = self._load_establishments(scenario["establishments"])
        self.placement_states: Counter[str] = Counter()
        self.sessions = self._load_sessions(scenario["trainings"], scenario["sessions"])
        self.enrolment_states: Counter[str] = Counter()
        self.vae_states: Counter[str] = Counter()

        persons = parcours = exits = 0
        for structure_name, specs in scenario["persons"].items():
            structure = self.organisations[structure_name]
            for spec in specs:
                try:
                    created = self._load_person(structure, spec)
                except DomainError as error:
                    name = f"{spec['first_name']} {spec['last_name']}"
                    raise CommandError(f"{name} : {error.message}") from error
                if created:
                    persons += 1
                    parcours += len(spec["parcours"])
                    exits += sum("exit_reason" in item for item in spec["parcours"])

        history = scenario.get("history", {})
        for structure_name, spec in history.get("structures", {}).items():
            created = self._load_history(self.organisations[structure_name], spec, history)
            persons, parcours, exits = persons + created, parcours + created, exits + created

        silence = apply_vae_silence_rule(now=timezone.now())  # as ``manage.py daily`` would
        attendance = self._load_attendance(scenario["sessions"]) if persons else 0
        accounts = ", ".join(self.users)
        if not persons:
            self.stdout.write(f"La démo est déjà chargée : rien à ajouter.\nComptes : {accounts}.")
            return
        self.stdout.write(
            f"Démo chargée : {persons} personnes, {parcours} parcours dont {exits} sorties, "
            f"dans {len(scenario['persons'])} structures.\n"
            f"{self._placements_summary()}\n"
            f"{self._summary('inscriptions en formation', self.enrolment_states, Enrolment.State)}, "
            f"{attendance} lignes de feuilles de présence\n"
            f"{self._summary('demandes de VAE', self.vae_states, VaeApplication.State)} ; {silence}.\n"
            f"Comptes (mot de passe « {scenario['password']} ») : {accounts}."
        )

    def _load_organisations(self, specs: list[dict]) -> dict[str, Organisation]:
        organisations: dict[str, Organisation] = {}
        for spec in specs:
            fields = {key: value for key, value in spec.items() if key not in {"name", "networks"}}
            organisation, _ = Organisation.objects.update_or_create(name=spec["name"], defaults=fields)
            organisation.networks.add(*(organisations[name] for name in spec.get("networks", [])))
            organisations[organisation.name] = organisation
        return organisations

    def _load_accounts(self, specs: list[dict], password: str) -> dict[str, User]:
        users: dict[str, User] = {}
        for spec in specs:
            user = User.objects.filter(email=spec["email"]).first() or User.objects.create_user(
                spec["email"], password, first_name=spec["first_name"], last_name=spec["last_name"]
            )
            organisation = self.organisations[spec["organisation"]]
            membership_create(user=user, organisation=organisation, role=spec["role"])
            users[user.email] = user
        return users

    def _load_programmes(self, specs: list[dict]) -> dict[tuple[int, str], Programme]:
        programmes: dict[tuple[int, str], Programme] = {}
        for spec in specs:
            structure = self.organisations[spec["structure"]]
            programme, _ = Programme.objects.update_or_create(
                structure=structure, name=spec["name"], defaults={"description": spec.get("description", "")}
            )
            programme.partners.add(*(self.organisations[name] for name in spec["partners"]))
            programmes[structure.pk, programme.name] = programme
        return programmes

    def _load_establishments(self, specs: list[dict]) -> dict[str, Establishment]:
        establishments: dict[str, Establishment] = {}
        for spec in specs:
            fields = {key: value for key, value in spec.items() if key not in {"name", "employer"}}
            establishment, _ = Establishment.objects.update_or_create(
                name=spec["name"], defaults={"employer": self.organisations[spec["employer"]], **fields}
            )
            establishments[establishment.name] = establishment
        return establishments

    def _placements_summary(self) -> str:
        total = sum(self.placement_states.values())
        states = ", ".join(
            f"{self.placement_states[state]} {label.lower()}"
            for state, label in Placement.State.choices
            if self.placement_states[state]
        )
        return f"{total} mises en situation ({states})."

    def _summary(self, what: str, counts: Counter, states) -> str:
        detail = ", ".join(f"{counts[state]} {label.lower()}" for state, label in states.choices if counts[state])
        return f"{sum(counts.values())} {what} ({detail})"

    def _load_sessions(self, trainings: list[dict], sessions: list[dict]) -> dict[str, TrainingSession]:
        """Trainings are updated in place by title; a session is found again by its training and
        place (its dates are relative to the day of the first load)."""
        by_title: dict[str, Training] = {}
        for spec in trainings:
            certification = Certification.objects.get(code=spec["certification"])
            training, _ = Training.objects.update_or_create(
                title=spec["title"],
                defaults={
                    "certification": certification,
                    "duration_hours": spec["duration_hours"],
                    "description": spec.get("description", ""),
                },
            )
            training.blocs.set(certification.blocs.filter(number__in=spec["blocs"]))
            by_title[training.title] = training
        loaded: dict[str, TrainingSession] = {}
        for spec in sessions:
            training_body = self.organisations[spec["training_body"]]
            start = training_body.today() + timedelta(days=spec["start_days"])
            session, _ = TrainingSession.objects.get_or_create(
                training=by_title[spec["training"]],
                training_body=training_body,
                place=spec["place"],
                defaults={
                    "start_date": start,
                    "end_date": start + timedelta(days=spec["days"] - 1),
                    "capacity": spec["capacity"],
                },
            )
            loaded[spec["key"]] = session
        return loaded

    def _load_attendance(self, sessions: list[dict]) -> int:
        """The last ``attendance_days`` working days of each running session, as its trainer would
        have kept the sheet: everyone in training present, with a few absences, some excused."""
        lines = 0
        for spec in sessions:
            days = spec.get("attendance_days", 0)
            session = self.sessions[spec["key"]]
            trainer = self._trainer_of(session.training_body)
            day, kept = min(session.end_date, session.training_body.today()), 0
            while kept < days and day >= session.start_date:
                if day.weekday() < 5:
                    attending = session.enrolments.filter(state=Enrolment.State.ATTENDING).order_by("pk")
                    records = [
                        (
                            enrolment.pk,
                            "absent"
                            if (kept + index) % 7 == 3
                            else "excused"
                            if (kept + index) % 11 == 5
                            else "present",
                        )
                        for index, enrolment in enumerate(attending)
                    ]
                    if records:
                        lines += attendance_record(actor=trainer, session=session, date=day, records=records)
                    kept += 1
                day -= timedelta(days=1)
        return lines

    def _trainer_of(self, training_body: Organisation) -> User:
        return User.objects.filter(memberships__organisation=training_body, memberships__role="trainer").first()

    def _load_enrolment(self, parcours, referent: User, spec: dict) -> None:
        """Apply as the referent, then play the steps as the training body's trainer."""
        session = self.sessions[spec["session"]]
        enrolment = enrolment_apply(actor=referent, parcours=parcours, session=session)
        trainer = self._trainer_of(session.training_body)
        for step in spec.get("steps", []):
            name, data = (step, {}) if isinstance(step, str) else next(iter(step.items()))
            enrolment = enrolment_fire_transition(actor=trainer, enrolment=enrolment, name=name, data=data)
        self.enrolment_states[enrolment.state] += 1

    def _load_vae(self, parcours, referent: User, today: date, spec: dict) -> None:
        """Open the VAE as the referent and record each dated step, as the referent would."""
        application = vae_create(
            actor=referent,
            parcours=parcours,
            certification=Certification.objects.get(code=spec["certification"]),
            date=today - timedelta(days=spec["created_days_ago"]),
        )
        for step in spec["steps"]:
            name, data = next(iter(step.items()))
            data = {**data, "date": today - timedelta(days=data.pop("days_ago"))}
            application = vae_fire_transition(actor=referent, application=application, name=name, data=data)
        self.vae_states[application.state] += 1

    def _manager_of(self, structure: Organisation) -> User:
        return User.objects.filter(memberships__organisation=structure, memberships__role="manager").first()

    def _contact_of(self, employer: Organisation) -> User:
        return User.objects.filter(memberships__organisation=employer, memberships__role="employer_contact").first()

    def _load_placement(self, parcours, referent: User, today: date, spec: dict) -> None:
        """Propose one placement as the referent, then play its steps: the host employer's contact
        answers and follows it, the referent cancels it."""
        establishment = self.establishments[spec["establishment"]]
        start = today + timedelta(days=spec["start_days"])
        weekly_hours = spec.get("weekly_hours")
        placement = placement_propose(
            actor=referent,
            parcours=parcours,
            establishment=establishment,
            kind=spec["kind"],
            start_date=start,
            end_date=start + timedelta(days=spec["days"] - 1),
            purpose=spec.get("purpose", ""),
            position=spec.get("position", ""),
            weekly_hours=None if weekly_hours is None else Decimal(str(weekly_hours)),
        )
        if "proposed_days_ago" in spec:  # a proposal the employer has left unanswered
            placement.created_at = timezone.now() - timedelta(days=spec["proposed_days_ago"])
            Placement.objects.filter(pk=placement.pk).update(created_at=placement.created_at)
        contact = self._contact_of(establishment.employer)
        for step in spec.get("steps", []):
            name, data = (step, {}) if isinstance(step, str) else next(iter(step.items()))
            if "hours_worked" in data:
                data = {**data, "hours_worked": Decimal(str(data["hours_worked"]))}
            placement = placement_fire_transition(
                actor=referent if name == "cancel" else contact, placement=placement, name=name, data=data
            )
        self.placement_states[placement.state] += 1

    def _load_person(self, structure: Organisation, spec: dict) -> bool:
        """Create the person and their parcours, unless the person is already in the structure."""
        identity = {"first_name": spec["first_name"], "last_name": spec["last_name"]}
        birth_date = date.fromisoformat(spec["birth_date"])
        if Person.objects.filter(structure=structure, birth_date=birth_date, **identity).exists():
            return False
        today = structure.today()
        pass_start = today - timedelta(days=spec["pass_iae_start_days_ago"])
        person = person_create(
            actor=self.users[spec["parcours"][0]["referent"]],
            structure=structure,
            birth_date=birth_date,
            pass_iae_start=pass_start,
            pass_iae_end=_two_years_later(pass_start) - timedelta(days=1),
            **{name: spec[name] for name in PERSON_FIELDS if name in spec},
        )
        for item in spec["parcours"]:
            referent = self.users[item["referent"]]
            programme = item.get("programme")
            co_referents = [self.users[email] for email in item.get("co_referents", [])]
            # Naming co-referents is the direction's call; otherwise the referent opens the parcours.
            parcours = parcours_create(
                actor=self._manager_of(structure) if co_referents else referent,
                person=person,
                structure=structure,
                entry_date=today - timedelta(days=item["entry_days_ago"]),
                referent=referent,
                co_referents=co_referents,
                programme=self.programmes[structure.pk, programme] if programme else None,
            )
            for placement in item.get("placements", []):
                self._load_placement(parcours, referent, today, placement)
            for enrolment in item.get("enrolments", []):
                self._load_enrolment(parcours, referent, enrolment)
            if "vae" in item:
                self._load_vae(parcours, referent, today, item["vae"])
            for name in item.get("phase_steps", []):
                parcours_fire_transition(actor=referent, parcours=parcours, name=name, data={})
            if "journal" in item:
                self._load_journal(parcours, referent, today, item["journal"])
            if "exit_reason" in item:
                if item["exit_reason"] not in self.reasons:
                    raise CommandError(f"Motif de sortie inconnu : « {item['exit_reason']} ».")
                parcours_fire_transition(
                    actor=referent,
                    parcours=parcours,
                    name="exit",
                    data={
                        "exit_reason": self.reasons[item["exit_reason"]],
                        "exit_date": today - timedelta(days=item["exit_days_ago"]),
                        "comment": item.get("exit_comment", ""),
                    },
                )
        return True

    def _load_journal(self, parcours: Parcours, referent: User, today: date, spec: dict) -> None:
        """Write the journal as its authors would have, then date each row when it was written
        (``created_at``) so the timeline reads in order. Barriers are written directly with their
        dated changes: their change log is append-only and dated at write time by the service."""
        zone = parcours.structure.tz
        now = timezone.now()
        entered = datetime.combine(parcours.entry_date, time(9), tzinfo=zone)

        def at(days_ago: int, clock: str = "10:00") -> datetime:
            return datetime.combine(today - timedelta(days=days_ago), time.fromisoformat(clock), tzinfo=zone)

        def dated(entry, written: datetime) -> None:
            written = min(max(written, entered), now)
            type(entry).objects.filter(pk=entry.pk).update(created_at=written, updated_at=written)

        def author(item: dict) -> User:
            return self.users[item["by"]] if "by" in item else referent

        for item in spec.get("follow_ups", []):
            occurred = at(item["days_ago"], item.get("time", "10:00"))
            entry = journal_create(
                actor=author(item),
                model=FollowUp,
                parcours=parcours,
                kind=item["kind"],
                occurred_at=occurred,
                duration_minutes=item["minutes"],
                note=item.get("note", ""),
            )
            dated(entry, occurred + timedelta(hours=2))

        barriers: dict[str, Barrier] = {}
        for item in spec.get("barriers", []):
            identified = today - timedelta(days=item["identified_days_ago"])
            status = item.get("status", Barrier.Status.IDENTIFIED)
            resolved = today - timedelta(days=item["resolved_days_ago"]) if "resolved_days_ago" in item else None
            support = item.get("support", Barrier.Support.INTERNAL)
            barrier = Barrier.objects.create(
                parcours=parcours,
                created_by=referent,
                type=BarrierType.objects.get(code=item["type"]),
                status=status,
                support=support,
                support_by=item.get("support_by", "") if support == Barrier.Support.EXTERNAL else "",
                identified_on=identified,
                resolved_on=resolved,
            )
            dated(barrier, at(item["identified_days_ago"], "11:00"))
            changes = [(identified, Barrier.Status.IDENTIFIED)]
            if status == Barrier.Status.IN_PROGRESS:
                changes.append((identified + timedelta(days=item.get("in_progress_after", 7)), status))
            elif status == Barrier.Status.RESOLVED:
                changes.append((resolved, status))
            previous = ""
            for day, change in changes:
                BarrierChange.objects.create(
                    barrier=barrier,
                    actor=referent,
                    occurred_at=min(datetime.combine(day, time(11), tzinfo=zone), now),
                    status=change,
                    previous_status=previous,
                    details={"support": barrier.support, "support_by": barrier.support_by},
                )
                previous = change
            barriers[item["type"]] = barrier

        for item in spec.get("actions", []):
            due = today + timedelta(days=item["due_days"])
            entry = journal_create(
                actor=author(item),
                model=Action,
                parcours=parcours,
                title=item["title"],
                status=item.get("status", Action.Status.PLANNED),
                due_date=due,
                owner=author(item),
                barrier=barriers[item["barrier"]] if "barrier" in item else None,
            )
            # Planned three weeks before its due date by default, and never in the future.
            dated(entry, at(item.get("created_days_ago", max(21 - item["due_days"], 3))))

        for item in spec.get("appointments", []):
            starts = at(-item["days"], item.get("time", "10:00"))
            entry = journal_create(
                actor=author(item),
                model=Appointment,
                parcours=parcours,
                kind=item["kind"],
                starts_at=starts,
                place=item.get("place", ""),
                attendance=item.get("attendance", ""),
            )
            dated(entry, min(starts - timedelta(days=7), now - timedelta(days=2)))

    def _load_history(self, structure: Organisation, spec: dict, shared: dict) -> int:
        """Exited parcours spread over the past 24 months, drawn from a fixed seed so that every load
        draws the same persons (found again by name and birth date, as above). Each is opened by its
        referent, followed a few times, then closed with a reason drawn by weight."""
        rng = random.Random(spec["seed"])  # noqa: S311 (reproducible demo data, not secrets)
        today = structure.today()
        count = spec["count"]
        reasons = [code for code, weight in shared["exit_reasons"].items() for _ in range(weight)]
        names = [(first, last) for first in spec["first_names"] for last in spec["last_names"]]
        rng.shuffle(names)
        in_programme = set(rng.sample(range(count), spec["in_programme"]))
        programme = self.programmes[structure.pk, spec["programme"]]
        eligibility = ["rsa", "deld", "detld", "jeune_26", "senior_50", "qpv", "rqth", "ass"]
        created, follow_ups = 0, []
        for index in range(count):
            # Every draw happens whether or not the person is already there, so the sequence holds.
            first_name, last_name = names[index]
            exit_days_ago = 5 + index * 700 // count + rng.randint(0, 10)
            room = 725 - exit_days_ago  # entries stay within the last 24 months
            entry_days_ago = exit_days_ago + rng.randint(min(90, room), min(540, room))
            birth_date = date(1966, 1, 1) + timedelta(days=rng.randint(0, 38 * 365))
            postal_code, city = rng.choice(spec["places"])
            criteria = sorted(rng.sample(eligibility, 2))
            reason = self.reasons[rng.choice(reasons)]
            comment = rng.choice(shared["exit_comments"][reason.category_id])
            pass_start = today - timedelta(days=entry_days_ago + rng.randint(0, 10))
            identity = {"first_name": first_name, "last_name": last_name, "birth_date": birth_date}
            if Person.objects.filter(structure=structure, **identity).exists():
                continue
            referent = self.users[spec["referents"][index % len(spec["referents"])]]
            person = person_create(
                actor=referent,
                structure=structure,
                phone=f"{spec['phone_prefix']}{index // 100} {index % 100:02d}",
                postal_code=postal_code,
                city=city,
                eligibility=criteria,
                pass_iae_number=f"{spec['pass_iae_prefix']}{index:02d}",
                pass_iae_start=pass_start,
                pass_iae_end=_two_years_later(pass_start) - timedelta(days=1),
                **identity,
            )
            parcours = parcours_create(
                actor=referent,
                person=person,
                structure=structure,
                entry_date=today - timedelta(days=entry_days_ago),
                referent=referent,
                programme=programme if index in in_programme else None,
            )
            # A closed parcours' journal, written directly with its dates in one insert (as the
            # barriers above): the journal service would only add permission checks, for seconds.
            length = entry_days_ago - exit_days_ago
            for step, days in enumerate((3, length // 2, max(length - 7, 4))):
                day = today - timedelta(days=entry_days_ago - min(days, length))
                occurred = datetime.combine(day, time(10 + step), tzinfo=structure.tz)
                follow_ups.append(
                    FollowUp(
                        parcours=parcours,
                        created_by=referent,
                        kind=(FollowUp.Kind.INTERVIEW, FollowUp.Kind.WORKSHOP, FollowUp.Kind.CALL)[step],
                        occurred_at=occurred,
                        duration_minutes=(60, 90, 20)[step],
                        note=shared["follow_up_notes"][(index + step) % len(shared["follow_up_notes"])],
                    )
                )
            parcours_fire_transition(
                actor=referent,
                parcours=parcours,
                name="exit",
                data={"exit_reason": reason, "exit_date": today - timedelta(days=exit_days_ago), "comment": comment},
            )
            created += 1
        for follow_up in FollowUp.objects.bulk_create(follow_ups):
            written = follow_up.occurred_at + timedelta(hours=2)
            follow_up.created_at = follow_up.updated_at = written
        FollowUp.objects.bulk_update(follow_ups, ["created_at", "updated_at"])
        return created
