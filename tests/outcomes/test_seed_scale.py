"""seed_scale writes coherent data that the API reads like real data (a small run: 300 parcours, 6 structures)."""

import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Q
from rest_framework.test import APIClient

from employers.models import Placement, PlacementGroupObjectPermission, PlacementUserObjectPermission
from organisations.models import Membership, Organisation, User
from outcomes.management.commands.seed_scale import ANALYST_EMAIL, SEED_DOMAIN
from parcours.models import (
    FollowUp,
    Parcours,
    ParcoursGroupObjectPermission,
    ParcoursUserObjectPermission,
    Person,
    PersonGroupObjectPermission,
    PersonUserObjectPermission,
    Phase,
    PhaseTransition,
)
from trainings.models import Enrolment, EnrolmentGroupObjectPermission, EnrolmentUserObjectPermission

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def seed(parcours: int = 300, **options) -> str:
    out = StringIO()
    call_command("seed_scale", parcours=parcours, structures=6, no_progress=True, stdout=out, **options)
    return out.getvalue()


def perms(model, **filters) -> set[str]:
    return set(model.objects.filter(**filters).values_list("permission__codename", flat=True))


def test_seed_is_coherent():
    output = seed()
    assert "300 parcours ajoutés" in output
    assert Parcours.objects.count() == Person.objects.count() == 300
    assert Organisation.objects.filter(kind="structure").count() == 6
    network = Organisation.objects.get(memberships__user__email=ANALYST_EMAIL)
    assert network.members.count() == 6

    # Every check constraint holds (PostgreSQL checked them on insert; re-validate the exit rules).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass, conname FROM pg_constraint WHERE contype = 'c' "
            "AND conrelid::regclass::text LIKE ANY (ARRAY['parcours_%', 'employers_%', 'trainings_%'])"
        )
        assert cursor.fetchall()  # there are some to hold
    exited = Parcours.objects.filter(phase=Phase.EXITED)
    assert 0.3 < exited.count() / 300 < 0.5
    assert not exited.filter(Q(exit_reason__isnull=True) | Q(exit_date__isnull=True)).exists()
    assert exited.values("exit_reason__category").distinct().count() == 5
    for parcours in Parcours.objects.select_related("structure").order_by("pk")[:40]:
        today = parcours.structure.today()
        if parcours.exit_date:
            assert parcours.entry_date <= parcours.exit_date < today
            assert (parcours.exit_date - parcours.entry_date).days <= 730
        else:
            assert (today - parcours.entry_date).days <= 730
        transitions = list(parcours.transitions.order_by("occurred_at", "pk"))
        assert transitions[0].name == "create" and transitions[-1].target == parcours.phase
        assert all(t.source == previous.target for previous, t in itertools.pairwise(transitions))

    # The permission rows the services would derive: referent as follower, managers' group.
    for parcours in Parcours.objects.select_related("person").order_by("pk")[:40]:
        assert Membership.objects.filter(
            user=parcours.referent, organisation=parcours.structure, role="counsellor"
        ).exists()
        assert perms(ParcoursUserObjectPermission, content_object=parcours, user=parcours.referent) == {
            "view_parcours",
            "change_parcours",
            "transition_parcours",
        }
        group = f"structure-{parcours.structure_id}-managers"
        assert perms(ParcoursGroupObjectPermission, content_object=parcours, group__name=group) == {
            "view_parcours",
            "change_parcours",
            "transition_parcours",
            "reassign_parcours",
        }
        assert perms(PersonUserObjectPermission, content_object=parcours.person, user=parcours.referent) == {
            "view_person",
            "change_person",
        }
        assert perms(PersonGroupObjectPermission, content_object=parcours.person, group__name=group) == {
            "view_person",
            "change_person",
        }
    assert ParcoursUserObjectPermission.objects.count() == 3 * 300
    assert ParcoursGroupObjectPermission.objects.count() == 4 * 300
    assert PhaseTransition.objects.filter(name="exit").count() == exited.count()

    # About 20 follow-ups per parcours, within its active period.
    per_parcours = FollowUp.objects.values("parcours").annotate(n=Count("pk")).values_list("n", flat=True)
    assert len(per_parcours) == 300 and 17 <= sum(per_parcours) / 300 <= 23
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM parcours_followup f JOIN parcours_parcours p ON p.id = f.parcours_id "
            "WHERE f.occurred_at::date < p.entry_date - 1 "
            "OR f.occurred_at::date > coalesce(p.exit_date, current_date) + 1"
        )
        assert cursor.fetchone() == (0,)

    # Placements and enrolments with their logs and permissions.
    assert 0.3 < Placement.objects.count() / 300 < 0.7
    assert 0.1 < Enrolment.objects.count() / 300 < 0.35
    for placement in Placement.objects.select_related("parcours").order_by("pk")[:20]:
        events = list(placement.events.order_by("occurred_at", "pk"))
        assert events[0].name == "propose" and events[-1].target == placement.state
        assert perms(PlacementUserObjectPermission, content_object=placement) == {"view_placement", "change_placement"}
        host = perms(PlacementGroupObjectPermission, content_object=placement, group__name__startswith="employer-")
        assert host == (
            set() if placement.state in Placement.DROPPED_STATES else {"view_placement", "respond_placement"}
        )
        if placement.parcours.phase == Phase.EXITED:
            assert placement.state not in {"proposed", "confirmed", "in_progress"}
    for enrolment in Enrolment.objects.order_by("pk")[:20]:
        assert enrolment.events.order_by("occurred_at", "pk").last().target == enrolment.state
        assert perms(EnrolmentUserObjectPermission, content_object=enrolment) == {"view_enrolment", "change_enrolment"}
        trainer = perms(EnrolmentGroupObjectPermission, content_object=enrolment, group__name__startswith="training")
        assert trainer == {"view_enrolment", "decide_enrolment"}


def test_api_scopes_the_seeded_data():
    seed()
    structure = Organisation.objects.filter(kind="structure").order_by("pk").first()
    manager = User.objects.get(memberships__organisation=structure, memberships__role="manager")
    client = APIClient()
    client.force_authenticate(manager)
    body = client.get("/api/v1/parcours/", {"page_size": 100}).json()
    expected = Parcours.objects.filter(structure=structure)
    assert body["count"] == expected.count() > 0
    assert {row["id"] for row in body["results"]} <= set(expected.values_list("pk", flat=True))

    counsellor = User.objects.filter(memberships__organisation=structure, memberships__role="counsellor").first()
    client.force_authenticate(counsellor)
    body = client.get("/api/v1/parcours/", {"page_size": 100}).json()
    assert body["count"] == Parcours.objects.filter(referent=counsellor).count() > 0


def test_grows_to_the_total_and_refuses_foreign_data():
    seed(200)
    assert "100 parcours ajoutés (300 en tout)" in seed(300)
    assert "rien à ajouter" in seed(300)
    assert Parcours.objects.count() == 300
    User.objects.create_user("someone@example.org", "x")
    with pytest.raises(CommandError, match="--force"):
        seed(400)
    assert User.objects.exclude(email__endswith=SEED_DOMAIN).count() == 1
