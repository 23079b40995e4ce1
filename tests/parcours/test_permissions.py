"""Object permissions are derived from who follows what, and never left behind."""

import pytest

from organisations.models import Membership
from organisations.services import membership_create, membership_end
from parcours.models import (
    Parcours,
    ParcoursGroupObjectPermission,
    ParcoursUserObjectPermission,
    PersonGroupObjectPermission,
    PersonUserObjectPermission,
)
from parcours.permissions import parcours_sync_permissions
from tests.factories import make_parcours, member
from tremplin.errors import DomainError

pytestmark = pytest.mark.django_db


def user_perms(parcours):
    return set(
        ParcoursUserObjectPermission.objects.filter(content_object=parcours).values_list(
            "user__email", "permission__codename"
        )
    )


def test_followers_and_managers_get_exactly_their_permissions(world):
    parcours = world.followed
    assert user_perms(parcours) == {
        (world.counsellor.email, "view_parcours"),
        (world.counsellor.email, "change_parcours"),
        (world.counsellor.email, "transition_parcours"),
    }
    group_perms = set(
        ParcoursGroupObjectPermission.objects.filter(content_object=parcours).values_list(
            "group__name", "permission__codename"
        )
    )
    group = f"structure-{world.ges.pk}-managers"
    assert group_perms == {
        (group, code) for code in ("view_parcours", "change_parcours", "transition_parcours", "reassign_parcours")
    }
    assert world.manager.has_perm("parcours.reassign_parcours", parcours)
    assert not world.counsellor.has_perm("parcours.reassign_parcours", parcours)
    assert not world.other_manager.has_perm("parcours.view_parcours", parcours)


def test_sync_is_idempotent(world):
    before = user_perms(world.followed)
    parcours_sync_permissions(world.followed)
    parcours_sync_permissions(world.followed)
    assert user_perms(world.followed) == before


def test_ending_a_counsellor_membership_is_refused_while_they_are_referent_of_an_open_parcours(world):
    membership = Membership.objects.get(user=world.counsellor, organisation=world.ges)
    membership_id = membership.pk
    with pytest.raises(DomainError) as error:
        membership_end(membership=membership)
    assert error.value.code == "referent_has_open_parcours"
    assert Membership.objects.filter(pk=membership_id).exists()
    assert world.counsellor.has_perm("parcours.view_parcours", world.followed)


def test_ending_a_counsellor_membership_revokes_every_permission_it_justified(world, client_for):
    leaving = member(world.ges, "counsellor")
    parcours = make_parcours(actor=leaving, structure=world.ges)
    world.unfollowed.co_referents.add(leaving)
    parcours_sync_permissions(world.unfollowed)
    client_for(leaving).post(
        f"/api/v1/parcours/{parcours.pk}/transitions/exit/",
        {"exit_reason": "chomage", "exit_date": world.ges.today().isoformat()},
        format="json",
    )

    membership_end(membership=Membership.objects.get(user=leaving, organisation=world.ges))

    assert not ParcoursUserObjectPermission.objects.filter(user=leaving).exists()
    assert not PersonUserObjectPermission.objects.filter(user=leaving).exists()
    assert leaving not in world.unfollowed.co_referents.all()
    client = client_for(leaving)
    assert client.get("/api/v1/parcours/").json()["count"] == 0
    assert client.get("/api/v1/persons/").json()["count"] == 0


def test_ending_a_manager_membership_removes_structure_access(world, client_for):
    assert client_for(world.manager).get("/api/v1/parcours/").json()["count"] == 2
    membership_end(membership=Membership.objects.get(user=world.manager, organisation=world.ges))
    world.manager.refresh_from_db()
    assert client_for(world.manager).get("/api/v1/parcours/").json()["count"] == 0
    assert world.manager.groups.count() == 0


def test_a_new_manager_sees_the_existing_parcours_of_the_structure(world, client_for):
    newcomer = member(world.ges, "manager")
    assert client_for(newcomer).get("/api/v1/parcours/").json()["count"] == 2


def test_deleting_an_object_leaves_no_permission_rows(world):
    # Persons are never deleted by the application (they are anonymised); if the database ever
    # removes one, its permission rows go with it: foreign keys, not generic object ids.
    from tests.factories import make_person

    person = make_person(actor=world.counsellor, structure=world.ges)
    assert PersonUserObjectPermission.objects.filter(content_object=person).exists()
    person_id = person.pk
    person.delete()
    assert not PersonUserObjectPermission.objects.filter(content_object_id=person_id).exists()
    assert not PersonGroupObjectPermission.objects.filter(content_object_id=person_id).exists()
    for model in (ParcoursUserObjectPermission, ParcoursGroupObjectPermission):
        assert model._meta.get_field("content_object").remote_field.on_delete.__name__ == "CASCADE"
    assert Parcours._meta.get_field("person").remote_field.on_delete.__name__ == "PROTECT"


def test_memberships_must_match_the_organisation_kind(world):
    with pytest.raises(DomainError):
        membership_create(user=world.counsellor, organisation=world.employer, role="counsellor")
    with pytest.raises(DomainError):
        membership_create(user=world.counsellor, organisation=world.ges, role="network_analyst")
