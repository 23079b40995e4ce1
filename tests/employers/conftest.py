"""Employer fixtures: the World's employer gets an EHPAD and a second contact; a second employer
with its own clinic and contact stands outside."""

from dataclasses import dataclass

import pytest

from employers.models import Establishment
from organisations.models import Organisation, User
from tests.factories import EstablishmentFactory, OrganisationFactory, member


@dataclass
class Hosts:
    establishment: Establishment  # EHPAD of world.employer
    contact: User  # world.employer_contact
    contact2: User  # a second contact of world.employer
    other_employer: Organisation
    other_contact: User
    other_establishment: Establishment


@pytest.fixture
def hosts(world):
    other_employer = OrganisationFactory(name="Clinique du Parc", employer=True, structure_type="")
    return Hosts(
        establishment=EstablishmentFactory(employer=world.employer, name="EHPAD Les Tilleuls — Lyon 8e"),
        contact=world.employer_contact,
        contact2=member(world.employer, "employer_contact"),
        other_employer=other_employer,
        other_contact=member(other_employer, "employer_contact"),
        other_establishment=EstablishmentFactory(employer=other_employer, name="Clinique du Parc", kind="clinic"),
    )


def propose(client, parcours, establishment, **body):
    body = {"parcours": parcours.pk, "establishment": establishment.pk, **body}
    return client.post("/api/v1/placements/", body, format="json")


def fire(client, placement, name, **body):
    return client.post(f"/api/v1/placements/{placement.pk}/transitions/{name}/", body, format="json")
