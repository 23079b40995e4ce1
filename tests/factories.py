"""factory_boy factories, and ``World``: two structures with every role, built through the services."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import factory

from employers.models import Establishment, Placement
from employers.services import placement_fire_transition, placement_propose
from organisations.models import Organisation, User
from organisations.services import membership_create
from parcours.models import Parcours, Person, Programme
from parcours.services import parcours_create, person_create

PASSWORD = "a-Strong-test-passw0rd"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.STRUCTURE
    structure_type = factory.Maybe(factory.LazyAttribute(lambda o: o.kind == Organisation.Kind.STRUCTURE), "ACI", "")
    time_zone = "Europe/Paris"

    class Params:
        employer = factory.Trait(kind=Organisation.Kind.EMPLOYER)
        training_body = factory.Trait(kind=Organisation.Kind.TRAINING_BODY)
        network = factory.Trait(kind=Organisation.Kind.NETWORK)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    structure = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Parcours EHPAD {n}")


def member(organisation: Organisation, role: str, **user_fields) -> User:
    user = UserFactory(**user_fields)
    membership_create(user=user, organisation=organisation, role=role)
    return user


def make_person(*, actor: User, structure: Organisation, **fields) -> Person:
    fields.setdefault("first_name", "Awa")
    fields.setdefault("last_name", f"Personne{Person.objects.count() + 1}")
    return person_create(actor=actor, structure=structure, **fields)


def make_parcours(
    *, actor: User, structure: Organisation, person: Person | None = None, entry_days_ago: int = 60, **kwargs
) -> Parcours:
    person = person or make_person(actor=actor, structure=structure)
    entry_date = structure.today() - dt.timedelta(days=entry_days_ago)
    return parcours_create(actor=actor, person=person, structure=structure, entry_date=entry_date, **kwargs)


@dataclass
class World:
    """Two structures (Lyon and Réunion) in one network, with one user per role, plus outsiders."""

    ges: Organisation
    aci: Organisation
    network: Organisation
    employer: Organisation
    training_body: Organisation
    counsellor: User
    counsellor2: User
    manager: User
    employer_contact: User
    trainer: User
    analyst: User
    other_counsellor: User
    other_manager: User
    programme: Programme
    followed: Parcours  # followed by counsellor, in the GES
    unfollowed: Parcours  # followed by counsellor2, in the GES
    foreign: Parcours  # in the ACI
    extra: dict = field(default_factory=dict)

    @classmethod
    def build(cls) -> "World":
        network = OrganisationFactory(name="Réseau", network=True, structure_type="")
        ges = OrganisationFactory(name="GES Rhône", structure_type="GES", time_zone="Europe/Paris")
        aci = OrganisationFactory(name="ACI Réunion", structure_type="ACI", time_zone="Indian/Reunion")
        ges.networks.add(network)
        aci.networks.add(network)
        employer = OrganisationFactory(name="EHPAD Les Tilleuls", employer=True, structure_type="")
        training_body = OrganisationFactory(name="IFSI", training_body=True, structure_type="")
        counsellor = member(ges, "counsellor")
        counsellor2 = member(ges, "counsellor")
        manager = member(ges, "manager")
        other_counsellor = member(aci, "counsellor")
        other_manager = member(aci, "manager")
        programme = ProgrammeFactory(structure=ges, name="Parcours EHPAD")
        return cls(
            ges=ges,
            aci=aci,
            network=network,
            employer=employer,
            training_body=training_body,
            counsellor=counsellor,
            counsellor2=counsellor2,
            manager=manager,
            employer_contact=member(employer, "employer_contact"),
            trainer=member(training_body, "trainer"),
            analyst=member(network, "network_analyst"),
            other_counsellor=other_counsellor,
            other_manager=other_manager,
            programme=programme,
            followed=make_parcours(actor=counsellor, structure=ges, programme=programme),
            unfollowed=make_parcours(actor=counsellor2, structure=ges),
            foreign=make_parcours(actor=other_counsellor, structure=aci),
        )


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment

    employer = factory.SubFactory(OrganisationFactory, employer=True, structure_type="")
    name = factory.Sequence(lambda n: f"EHPAD {n}")
    kind = Establishment.Kind.EHPAD
    city = "Lyon"


def make_placement(
    *,
    actor: User,
    parcours: Parcours,
    establishment: Establishment,
    kind: str = "pmsmp",
    start_in_days: int = 7,
    days: int = 14,
    **kwargs,
) -> Placement:
    """Propose a placement through the service; a PMSMP defaults to « discover », a mission to
    an aide-soignant position at 35 hours a week."""
    start = parcours.structure.today() + dt.timedelta(days=start_in_days)
    if kind == "pmsmp":
        kwargs.setdefault("purpose", "discover")
    else:
        kwargs.setdefault("position", "Aide-soignant·e")
        kwargs.setdefault("weekly_hours", Decimal(35))
    return placement_propose(
        actor=actor,
        parcours=parcours,
        establishment=establishment,
        kind=kind,
        start_date=start,
        end_date=start + dt.timedelta(days=days - 1),
        **kwargs,
    )


def fire_placement(placement: Placement, user: User, *names: str, **data) -> Placement:
    """Move a placement along through the service, as ``user``."""
    for name in names:
        placement = placement_fire_transition(actor=user, placement=placement, name=name, data=data)
    return placement
