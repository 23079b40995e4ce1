"""Random parcours for the outcome tests, written in bulk (seeded, reproducible), and the rows
read back as plain dicts for the independent computations."""

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from organisations.services import membership_create
from parcours.models import OPEN_PHASES, ExitReason, Parcours, Person, Phase, PhaseTransition
from tests.factories import OrganisationFactory, ProgrammeFactory, member


@dataclass
class Dataset:
    structures: list
    counsellors: dict  # structure id -> [users]


def extend_world(world) -> Dataset:
    """A third member structure of the network, managed by the world's manager too; regions."""
    world.ges.region = "Auvergne-Rhône-Alpes"
    world.ges.save()
    world.aci.region = "La Réunion"
    world.aci.save()
    third = OrganisationFactory(name="EI Loire", structure_type="EI", region="Auvergne-Rhône-Alpes")
    third.networks.add(world.network)
    membership_create(user=world.manager, organisation=third, role="manager")
    ProgrammeFactory(structure=world.aci, name="Parcours Réunion")
    world.extra["third"] = third
    return Dataset(
        structures=[world.ges, world.aci, third],
        counsellors={
            world.ges.pk: [world.counsellor, world.counsellor2],
            world.aci.pk: [world.other_counsellor],
            third.pk: [member(third, "counsellor"), world.counsellor],
        },
    )


def populate(dataset: Dataset, *, seed: int, size: int, actor) -> None:
    """``size`` parcours with random dates, programmes, referents, co-referents, phase histories
    and exits; each parcours' phase is its last transition's target."""
    rng = random.Random(seed)  # noqa: S311 (test data, reproducible)
    today = timezone.localdate()
    reasons = list(ExitReason.objects.values_list("code", flat=True).order_by("code"))
    programmes = {s.pk: [None, *s.programmes.values_list("pk", flat=True).order_by("pk")] for s in dataset.structures}
    persons, plans = [], []
    for index in range(size):
        structure = rng.choice(dataset.structures)
        entry = today - dt.timedelta(days=rng.randint(0, 1100))
        exit_date = entry + dt.timedelta(days=rng.randint(0, 500)) if rng.random() < 0.55 else None
        if exit_date and exit_date > today:
            exit_date = None
        end = exit_date or today
        history, day = [(Phase.ENTRY, entry)], entry
        for _ in range(rng.randint(0, 3)):
            day = day + dt.timedelta(days=rng.randint(0, 60))
            if day > end or (exit_date and day >= exit_date):
                break
            history.append((rng.choice(OPEN_PHASES), day))
        if exit_date:
            history.append((Phase.EXITED, exit_date))
        plans.append(
            {
                "structure": structure,
                "referent": rng.choice(dataset.counsellors[structure.pk]),
                "co_referent": rng.choice(dataset.counsellors[structure.pk]) if rng.random() < 0.2 else None,
                "programme": rng.choice(programmes[structure.pk]),
                "entry": entry,
                "exit": exit_date,
                "reason": rng.choice(reasons) if exit_date else None,
                "history": history,
                "null_effective": rng.random() < 0.2,
            }
        )
        persons.append(Person(structure=structure, first_name="Test", last_name=f"Aléa{seed}-{index}"))
    Person.objects.bulk_create(persons)
    created = Parcours.objects.bulk_create(
        [
            Parcours(
                person=person,
                structure=plan["structure"],
                programme_id=plan["programme"],
                phase=plan["history"][-1][0],
                entry_date=plan["entry"],
                referent=plan["referent"],
                exit_date=plan["exit"],
                exit_reason_id=plan["reason"],
            )
            for person, plan in zip(persons, plans, strict=True)
        ]
    )
    transitions, co_referents = [], []
    for parcours, plan in zip(created, plans, strict=True):
        previous = ""
        for position, (phase, day) in enumerate(plan["history"]):
            occurred = dt.datetime.combine(day, dt.time(12, position), tzinfo=dt.UTC)
            transitions.append(
                PhaseTransition(
                    parcours=parcours,
                    name="create" if not previous else "test",
                    source=previous,
                    target=phase,
                    occurred_at=occurred,
                    effective_date=None if plan["null_effective"] else day,
                )
            )
            previous = phase
        if plan["co_referent"] and plan["co_referent"] != plan["referent"]:
            co_referents.append(Parcours.co_referents.through(parcours=parcours, user=plan["co_referent"]))
    PhaseTransition.objects.bulk_create(transitions)
    Parcours.co_referents.through.objects.bulk_create(co_referents)
