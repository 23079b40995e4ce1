"""Employer scope (DESIGN §5): what each role sees of placements, and of the person placed.

An employer contact sees the placements at their employer's establishments, and of the person
only the name and phone; nothing of other employers' placements (404, absent from lists), and
no parcours, person or follow-up endpoint at all.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import fire_placement, make_parcours, make_placement

pytestmark = pytest.mark.django_db

PERSON_FIELDS_FOR_EMPLOYER = {"first_name", "last_name", "phone"}


@pytest.fixture
def placed(world, hosts):
    person = world.followed.person
    person.phone = "06 12 34 56 78"
    person.birth_date = person.birth_date or world.ges.today().replace(year=1980)
    person.address, person.city, person.eligibility = "3 rue des Lilas", "Lyon", ["rsa", "qpv"]
    person.save()
    return make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)


@pytest.fixture
def elsewhere(world, hosts):
    """A placement of the same person at the other employer."""
    return make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.other_establishment)


def walk_keys(value, prefix=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{prefix}{key}"
            yield from walk_keys(item, f"{prefix}{key}.")
    elif isinstance(value, list):
        for item in value:
            yield from walk_keys(item, prefix)


@pytest.mark.parametrize("contact", ["contact", "contact2"])
def test_employer_contact_reads_only_name_and_phone_of_the_person(world, hosts, client_for, placed, elsewhere, contact):
    client = client_for(getattr(hosts, contact))
    detail = client.get(f"/api/v1/placements/{placed.pk}/").json()
    listed = client.get("/api/v1/placements/").json()["results"]
    assert [row["id"] for row in listed] == [placed.pk]
    for body in (detail, listed[0]):
        assert body["person"] == {
            "first_name": "Awa",
            "last_name": world.followed.person.last_name,
            "phone": "06 12 34 56 78",
        }
        assert "parcours" not in body
        keys = set(walk_keys(body))
        person_keys = {key.removeprefix("person.") for key in keys if key.startswith("person.")}
        assert person_keys == PERSON_FIELDS_FOR_EMPLOYER
        for leaked in (
            "birth_date",
            "address",
            "eligibility",
            "phase",
            "referent",
            "notes",
            "pass_iae_number",
            "email",
        ):
            assert not any(
                key.split(".")[-1] == leaked for key in keys if not key.startswith(("proposed_by", "establishment"))
            ), leaked
        assert "1980" not in str(body) and "Lilas" not in str(body) and "rsa" not in str(body)


def test_employer_contact_sees_nothing_of_another_employer(world, hosts, client_for, placed, elsewhere):
    client = client_for(hosts.contact)
    assert client.get(f"/api/v1/placements/{elsewhere.pk}/").status_code == 404
    assert elsewhere.pk not in [row["id"] for row in client.get("/api/v1/placements/").json()["results"]]
    assert client.get(f"/api/v1/placements/?parcours={world.followed.pk}").json()["count"] == 1
    other = client_for(hosts.other_contact)
    assert other.get(f"/api/v1/placements/{placed.pk}/").status_code == 404
    assert [row["id"] for row in other.get("/api/v1/placements/").json()["results"]] == [elsewhere.pk]


def test_employer_contact_never_reaches_the_parcours_or_the_person(world, hosts, client_for, placed):
    client = client_for(hosts.contact)
    for url in (
        f"/api/v1/parcours/{world.followed.pk}/",
        f"/api/v1/parcours/{world.followed.pk}/transitions/",
        f"/api/v1/persons/{world.followed.person_id}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/parcours/").json()["results"] == []
    assert client.get("/api/v1/persons/").json()["results"] == []


def test_staff_get_the_parcours_id_too(world, hosts, client_for, placed):
    for user in (world.counsellor, world.manager):
        body = client_for(user).get(f"/api/v1/placements/{placed.pk}/").json()
        assert body["parcours"] == world.followed.pk
        assert set(body["person"]) == PERSON_FIELDS_FOR_EMPLOYER


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("counsellor", True),
        ("manager", True),
        ("counsellor2", False),  # a colleague who does not follow this parcours
        ("other_counsellor", False),
        ("other_manager", False),
        ("trainer", False),
        ("analyst", False),
    ],
)
def test_staff_matrix(world, hosts, client_for, placed, role, visible):
    client = client_for(getattr(world, role))
    assert client.get(f"/api/v1/placements/{placed.pk}/").status_code == (200 if visible else 404)
    assert (placed.pk in [row["id"] for row in client.get("/api/v1/placements/").json()["results"]]) == visible


def test_a_contact_who_leaves_the_employer_loses_access(world, hosts, client_for, placed):
    from organisations.models import Membership
    from organisations.services import membership_end

    membership_end(membership=Membership.objects.get(user=hosts.contact2, organisation=world.employer))
    assert client_for(hosts.contact2).get(f"/api/v1/placements/{placed.pk}/").status_code == 404
    assert client_for(hosts.contact).get(f"/api/v1/placements/{placed.pk}/").status_code == 200


def test_establishments_are_listed_for_staff_and_employers_only(world, hosts, client_for):
    for user in (world.counsellor, world.manager, hosts.contact):
        rows = client_for(user).get("/api/v1/establishments/").json()["results"]
        by_id = {row["id"]: row for row in rows}
        assert set(by_id) == {hosts.establishment.pk, hosts.other_establishment.pk}
        assert by_id[hosts.establishment.pk]["employer"] == {"id": world.employer.pk, "name": "EHPAD Les Tilleuls"}
        assert by_id[hosts.other_establishment.pk]["kind_label"] == "Clinique"
    for user in (world.trainer, world.analyst):
        assert client_for(user).get("/api/v1/establishments/").json()["results"] == []


def test_establishments_are_searched_on_the_server(world, hosts, client_for):
    client = client_for(world.counsellor)

    def found(term):
        return {row["id"] for row in client.get("/api/v1/establishments/", {"search": term}).json()["results"]}

    establishment, other = hosts.establishment, hosts.other_establishment
    assert found(establishment.name[:5].upper()) >= {establishment.pk}
    assert found("Tilleuls") >= {establishment.pk}  # the employer's name
    assert found(other.name) == {other.pk}
    assert found("zzz-nowhere") == set()
    # Searching never widens the scope.
    assert client_for(world.trainer).get("/api/v1/establishments/", {"search": "Tilleuls"}).json()["results"] == []


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("role", ["manager", "employer_contact"])
def test_query_count_does_not_grow_with_page_size(world, hosts, client_for, role):
    for index in range(15):
        parcours = make_parcours(actor=world.counsellor, structure=world.ges)
        for kind in ("pmsmp", "mission"):
            placement = make_placement(
                actor=world.counsellor, parcours=parcours, establishment=hosts.establishment, kind=kind
            )
            if index % 3 == 0:
                fire_placement(placement, hosts.contact, "confirm")
    client = client_for(getattr(world, role))
    client.get("/api/v1/placements/")  # warm the per-process caches before counting
    small, response_small = count_queries(client, "/api/v1/placements/?page_size=2")
    large, response_large = count_queries(client, "/api/v1/placements/?page_size=30")
    assert len(response_small.json()["results"]) == 2
    assert len(response_large.json()["results"]) == 30
    assert small == large


def test_reassigning_the_parcours_moves_access_to_its_placements(world, hosts, client_for):
    from tests.factories import make_placement

    placement = make_placement(actor=world.counsellor, parcours=world.followed, establishment=hosts.establishment)
    assert client_for(world.counsellor).get(f"/api/v1/placements/{placement.pk}/").status_code == 200
    assert client_for(world.counsellor2).get(f"/api/v1/placements/{placement.pk}/").status_code == 404

    response = client_for(world.manager).post(
        f"/api/v1/parcours/{world.followed.pk}/reassign/",
        {"referent": world.counsellor2.pk, "version": world.followed.version},
        format="json",
    )
    assert response.status_code == 200
    assert client_for(world.counsellor2).get(f"/api/v1/placements/{placement.pk}/").status_code == 200
    assert client_for(world.counsellor).get(f"/api/v1/placements/{placement.pk}/").status_code == 404
