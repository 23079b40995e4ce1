"""Loads the demo data used by ``make run`` (fixtures/demo/scenario.json): a « Parcours EHPAD » run by a
GES near Lyon and an ACI in La Réunion, with their partners, network, accounts and fictional persons.

Persons, parcours and exits go through the services, as a counsellor's actions would, so object
permissions and the phase history are the real ones. Dates are relative to each structure's today.
Running it again adds nothing: persons already in their structure are skipped.
"""

import json
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organisations.models import Organisation, User
from organisations.services import membership_create
from parcours.models import ExitReason, Person, Programme
from parcours.reference import load_exit_reference
from parcours.services import parcours_create, parcours_fire_transition, person_create
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

    @transaction.atomic
    def handle(self, *args, **options):
        load_exit_reference()
        scenario = json.loads(SCENARIO.read_text(encoding="utf-8"))
        self.reasons = ExitReason.objects.in_bulk(field_name="code")
        self.organisations = self._load_organisations(scenario["organisations"])
        self.users = self._load_accounts(scenario["accounts"], scenario["password"])
        self.programmes = self._load_programmes(scenario["programmes"])

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

        accounts = ", ".join(self.users)
        if not persons:
            self.stdout.write(f"La démo est déjà chargée : rien à ajouter.\nComptes : {accounts}.")
            return
        self.stdout.write(
            f"Démo chargée : {persons} personnes, {parcours} parcours dont {exits} sorties, "
            f"dans {len(scenario['persons'])} structures.\n"
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

    def _manager_of(self, structure: Organisation) -> User:
        return User.objects.filter(memberships__organisation=structure, memberships__role="manager").first()

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
