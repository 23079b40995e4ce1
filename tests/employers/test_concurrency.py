"""Races on real concurrent PostgreSQL connections: two contacts of one employer answer the
same proposal at once; exactly one wins and one event is logged."""

import pytest

from employers.models import Placement, PlacementEvent
from tests.conftest import api_client_for
from tests.factories import EstablishmentFactory, World, make_placement, member
from tests.parcours.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_confirm_and_decline_at_once_one_wins_the_other_gets_409():
    world = World.build()
    establishment = EstablishmentFactory(employer=world.employer)
    contact2 = member(world.employer, "employer_contact")
    placement = make_placement(actor=world.counsellor, parcours=world.followed, establishment=establishment)

    def answer(user, name, **body):
        return api_client_for(user).post(f"/api/v1/placements/{placement.pk}/transitions/{name}/", body, format="json")

    first, second = race(
        lambda: answer(world.employer_contact, "confirm"),
        lambda: answer(contact2, "decline", decline_reason="Plus de place"),
    )
    assert sorted([first.status_code, second.status_code]) == [200, 409], (first.json(), second.json())
    winner, loser = (first, second) if first.status_code == 200 else (second, first)
    assert loser.json()["code"] == "transition_not_allowed"
    assert Placement.objects.get(pk=placement.pk).state == winner.json()["state"]
    assert PlacementEvent.objects.filter(placement=placement).exclude(name="propose").count() == 1
