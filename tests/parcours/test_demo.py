"""The demo data (manage.py load_demo): idempotent, coherent, and scoped like real data through the API."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone
from rest_framework.test import APIClient

from employers.models import Establishment, Placement, PlacementEvent
from organisations.models import Membership, Organisation, User
from parcours.alerts import ALERT_CODES
from parcours.models import (
    Action,
    Appointment,
    Barrier,
    BarrierChange,
    FollowUp,
    Parcours,
    ParcoursGroupObjectPermission,
    ParcoursUserObjectPermission,
    Person,
    Phase,
    PhaseTransition,
    Programme,
)
from trainings.models import Enrolment, EnrolmentEvent, Training, TrainingSession, VaeApplication, VaeEvent

PASSWORD = "tremplin-demo"
GES = "GES Rhône Solidaire"
ACI = "ACI Ti Kaz Solidaire"
NETWORK = "Réseau Coorace Auvergne-Rhône-Alpes & Outre-mer"
TILLEULS = "Groupe EHPAD Les Tilleuls"
HORIZON = "Résidences Horizon"
ACCOUNTS = {
    "direction@rhone.demo": (GES, Membership.Role.MANAGER),
    "cip1@rhone.demo": (GES, Membership.Role.COUNSELLOR),
    "cip2@rhone.demo": (GES, Membership.Role.COUNSELLOR),
    "direction@reunion.demo": (ACI, Membership.Role.MANAGER),
    "cip1@reunion.demo": (ACI, Membership.Role.COUNSELLOR),
    "rh@tilleuls.demo": ("Groupe EHPAD Les Tilleuls", Membership.Role.EMPLOYER_CONTACT),
    "rh@horizon.demo": ("Résidences Horizon", Membership.Role.EMPLOYER_CONTACT),
    "formation@ifs.demo": ("IFSI Formation Santé", Membership.Role.TRAINER),
    "analyste@reseau.demo": (NETWORK, Membership.Role.NETWORK_ANALYST),
}


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (
        Organisation,
        User,
        Membership,
        Group,
        Programme,
        Person,
        Parcours,
        PhaseTransition,
        ParcoursUserObjectPermission,
        ParcoursGroupObjectPermission,
        Establishment,
        Placement,
        PlacementEvent,
        Training,
        TrainingSession,
        Enrolment,
        EnrolmentEvent,
        VaeApplication,
        VaeEvent,
        FollowUp,
        Barrier,
        BarrierChange,
        Action,
        Appointment,
    )
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def demo(db):
    load_demo()


def api_as(email: str) -> APIClient:
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"email": email, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def parcours_ids(client: APIClient) -> set[int]:
    response = client.get("/api/v1/parcours/", {"page_size": 100})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["results"])  # everything fits on one page
    return {row["id"] for row in body["results"]}


@pytest.mark.django_db
def test_load_demo_twice_adds_nothing():
    first = load_demo()
    after_first = counts()
    second = load_demo()
    assert counts() == after_first
    assert "Démo chargée : 105 personnes, 106 parcours dont 77 sorties" in first
    assert "26 mises en situation" in first
    assert "12 inscriptions en formation" in first
    assert "11 demandes de VAE" in first
    assert "déjà chargée" in second


@pytest.mark.django_db
def test_structures_network_and_programmes(demo):
    ges, aci = Organisation.objects.get(name=GES), Organisation.objects.get(name=ACI)
    assert (ges.kind, ges.structure_type, ges.time_zone) == ("structure", "GES", "Europe/Paris")
    assert (aci.kind, aci.structure_type, aci.time_zone) == ("structure", "ACI", "Indian/Reunion")
    network = Organisation.objects.get(kind=Organisation.Kind.NETWORK)
    assert set(network.members.all()) == {ges, aci}
    for structure in (ges, aci):
        programme = Programme.objects.get(structure=structure, name="Parcours EHPAD")
        assert {partner.kind for partner in programme.partners.all()} == {"employer", "training_body"}
        assert programme.partners.count() == 3
    for organisation in Organisation.objects.all():
        organisation.full_clean()


@pytest.mark.django_db
def test_persons_and_parcours_are_coherent(demo):
    ges, aci = Organisation.objects.get(name=GES), Organisation.objects.get(name=ACI)
    assert 103 <= Person.objects.count() <= 107  # 40 followed now, 65 in the history of exits
    assert Person.objects.filter(structure=ges).count() > Person.objects.filter(structure=aci).count() >= 10
    for person in Person.objects.select_related("structure"):
        person.full_clean()
        assert person.eligibility and set(person.eligibility) <= set(Person.Eligibility.values)
        assert person.postal_code.startswith("69" if person.structure == ges else "974")
        assert person.pass_iae_start <= person.parcours.order_by("entry_date").first().entry_date

    for parcours in Parcours.objects.select_related("structure"):
        today = parcours.structure.today()
        assert today - timedelta(days=730) <= parcours.entry_date <= today  # one reaches 24 months
        assert parcours.phase in set(Phase)
        # Opened by the referent, or by the direction when it named co-referents.
        opener = parcours.transitions.get(name="create").actor
        expected_role = "manager" if parcours.co_referents.exists() else "counsellor"
        assert opener == parcours.referent or expected_role == "manager"
        assert opener.memberships.filter(organisation=parcours.structure, role=expected_role).exists()
        if parcours.phase == Phase.EXITED:
            assert parcours.entry_date <= parcours.exit_date < today
            assert parcours.exit_comment
            assert parcours.transitions.get(name="exit").actor == parcours.referent

    exited = Parcours.objects.filter(phase=Phase.EXITED)
    assert 75 <= exited.count() <= 79
    assert exited.values("exit_reason").distinct().count() >= 6
    assert Parcours.objects.filter(programme__name="Parcours EHPAD").count() > Parcours.objects.count() / 2

    came_back = (
        Person.objects.filter(structure=ges, parcours__phase=Phase.EXITED)
        .filter(parcours__phase=Phase.ENTRY)
        .distinct()
    )
    assert came_back.count() == 1
    old, new = came_back.get().parcours.order_by("entry_date")
    assert old.exit_date <= new.entry_date


@pytest.mark.django_db
def test_history_of_exits_feeds_the_dashboards(demo):
    """Both structures have exited parcours over the past 24 months, in every exit category and
    many months, some in « Parcours EHPAD », each opened, followed and closed like the others:
    enough for the dashboards to show figures that the analyst's « < 5 » rule does not hide."""
    for name, history in ((GES, 40), (ACI, 25)):
        structure = Organisation.objects.get(name=name)
        today = structure.today()
        exited = Parcours.objects.filter(structure=structure, phase=Phase.EXITED).select_related("exit_reason")
        assert exited.count() >= history
        assert {p.exit_reason.category_id for p in exited} == {
            "emploi_durable",
            "emploi_transition",
            "sortie_positive",
            "autre_sortie",
            "retrait",
        }
        assert len({(p.exit_date.year, p.exit_date.month) for p in exited}) >= 15
        assert all(today - timedelta(days=730) <= p.exit_date < today for p in exited)
        assert exited.filter(programme__name="Parcours EHPAD").count() >= 12
        last_year = exited.filter(exit_date__gt=today - timedelta(days=365), exit_reason__category__counted=True)
        assert last_year.count() >= 10
    # The history's own parcours (PASS IAE numbers 9999969005xx and 9999974005xx): opened, followed, closed.
    history = Parcours.objects.filter(person__pass_iae_number__regex=r"^99999(69|74)005")
    assert history.count() == 40 + 25
    for parcours in history:
        assert parcours.phase == Phase.EXITED and parcours.follow_ups.count() == 3
        assert list(parcours.transitions.order_by("pk").values_list("name", flat=True)) == ["create", "exit"]
    ges_ehpad = Parcours.objects.filter(structure__name=GES, programme__name="Parcours EHPAD", phase=Phase.EXITED)
    assert ges_ehpad.count() >= 15 + 7


@pytest.mark.django_db
def test_accounts_authenticate_with_their_role(demo):
    for email, (organisation, role) in ACCOUNTS.items():
        user = authenticate(username=email, password=PASSWORD)
        assert user is not None, email
        assert user.first_name and user.last_name
        assert list(user.memberships.values_list("organisation__name", "role")) == [(organisation, role)]


@pytest.mark.django_db
def test_api_counsellor_sees_the_parcours_they_follow(demo):
    cip1 = User.objects.get(email="cip1@rhone.demo")
    expected = set(Parcours.objects.filter(Q(referent=cip1) | Q(co_referents=cip1)).values_list("pk", flat=True))
    assert Parcours.objects.filter(co_referents=cip1).exclude(referent=cip1).exists()
    assert parcours_ids(api_as("cip1@rhone.demo")) == expected


@pytest.mark.django_db
def test_api_manager_sees_their_structure_only(demo):
    ges_ids = set(Parcours.objects.filter(structure__name=GES).values_list("pk", flat=True))
    assert parcours_ids(api_as("direction@rhone.demo")) == ges_ids
    aci_ids = set(Parcours.objects.filter(structure__name=ACI).values_list("pk", flat=True))
    assert parcours_ids(api_as("direction@reunion.demo")) == aci_ids


@pytest.mark.django_db
def test_api_network_analyst_sees_no_parcours(demo):
    response = api_as("analyste@reseau.demo").get("/api/v1/parcours/", {"page_size": 100})
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.django_db
def test_establishments_of_both_employers(demo):
    for employer, time_zones in ((TILLEULS, {"Europe/Paris"}), (HORIZON, {"Europe/Paris", "Indian/Reunion"})):
        establishments = Establishment.objects.filter(employer__name=employer)
        assert establishments.count() == 2
        assert set(establishments.values_list("time_zone", flat=True)) == time_zones
        for establishment in establishments:
            establishment.full_clean()


@pytest.mark.django_db
def test_placements_cover_every_state_for_each_employer(demo):
    assert set(Placement.objects.values_list("state", flat=True)) == set(Placement.State.values)
    for employer in (TILLEULS, HORIZON):
        states = set(Placement.objects.filter(establishment__employer__name=employer).values_list("state", flat=True))
        assert states == set(Placement.State.values), employer
    contacts = {TILLEULS: "rh@tilleuls.demo", HORIZON: "rh@horizon.demo"}
    for placement in Placement.objects.select_related("parcours__structure", "establishment__employer"):
        placement.full_clean(exclude=["state"])  # a protected FSM field cannot be re-assigned
        parcours = placement.parcours
        assert parcours.is_open and placement.start_date >= parcours.entry_date
        assert placement.proposed_by == parcours.referent
        events = list(placement.events.order_by("pk"))
        assert events[0].name == "propose" and events[-1].target == placement.state
        for event in events[1:]:
            expected = (
                parcours.referent.email if event.name == "cancel" else contacts[placement.establishment.employer.name]
            )
            assert event.actor.email == expected
        if placement.state == Placement.State.COMPLETED:
            assert placement.hours_worked > 0 and placement.assessment
    completed_missions = Placement.objects.filter(kind=Placement.Kind.MISSION, state=Placement.State.COMPLETED)
    assert completed_missions.count() >= 2


@pytest.mark.django_db
def test_parcours_in_immersion_and_interim_have_their_placement(demo):
    live = [Placement.State.CONFIRMED, Placement.State.IN_PROGRESS]
    for phase, kind, transition in (
        (Phase.IMMERSION, Placement.Kind.PMSMP, "start_immersion"),
        (Phase.INTERIM, Placement.Kind.MISSION, "start_interim"),
    ):
        in_phase = Parcours.objects.filter(phase=phase)
        assert in_phase.count() >= 3, phase
        for parcours in in_phase:
            assert parcours.placements.filter(kind=kind, state__in=live).exists(), parcours
            assert parcours.transitions.get(name=transition).actor == parcours.referent
    assert Parcours.objects.filter(phase=Phase.ENTRY).exists()
    assert Parcours.objects.filter(phase=Phase.EXITED).exists()


@pytest.mark.django_db
def test_api_employer_contact_sees_their_placements_only(demo):
    response = api_as("rh@tilleuls.demo").get("/api/v1/placements/", {"page_size": 100})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["results"]) > 0
    expected = set(
        Placement.objects.filter(establishment__employer__name=TILLEULS)
        .exclude(state__in=Placement.DROPPED_STATES)
        .values_list("pk", flat=True)
    )
    assert {row["id"] for row in body["results"]} == expected
    for row in body["results"]:
        assert row["establishment"]["employer"]["name"] == TILLEULS
        assert set(row["person"]) == {"first_name", "last_name", "phone"}


@pytest.mark.django_db
def test_enrolments_and_vae_cover_every_state(demo):
    assert set(Enrolment.objects.values_list("state", flat=True)) == set(Enrolment.State)
    assert set(VaeApplication.objects.values_list("state", flat=True)) == set(VaeApplication.State)
    assert set(Enrolment.objects.filter(state="completed").values_list("result", flat=True)) == {"passed", "failed"}
    # Every enrolment was applied for by the parcours' referent and moved by the training body's trainer.
    trainer = User.objects.get(email="formation@ifs.demo")
    for enrolment in Enrolment.objects.select_related("parcours"):
        events = list(enrolment.events.order_by("occurred_at", "pk"))
        assert events[0].name == "apply" and events[0].actor_id == enrolment.parcours.referent_id
        assert all(event.actor == trainer for event in events[1:])
    # Capacity holds, and one session is full with an application waiting.
    for session in TrainingSession.objects.all():
        assert session.enrolments.filter(state__in=Enrolment.SEAT_STATES).count() <= session.capacity
    assert TrainingSession.objects.filter(capacity=2, enrolments__state="applied").exists()
    # The VAE steps are dated in order, and the silence rule admitted one file, as the system.
    for application in VaeApplication.objects.all():
        dates = [event.effective_date for event in application.events.order_by("occurred_at", "pk")]
        assert dates == sorted(dates), application
    silent = VaeApplication.objects.get(admissible_by_silence=True)
    assert silent.state == "admissible"
    assert silent.events.get(name="declare_admissible").actor is None
    partial = VaeApplication.objects.filter(state__in=["validated_partial", "complement"])
    assert all(0 < application.validated_blocs.count() < 5 for application in partial)
    # Parcours in training or VAE have what their phase guard asked for.
    for parcours in Parcours.objects.filter(phase=Phase.TRAINING):
        assert parcours.enrolments.filter(state__in=["accepted", "attending"]).exists()
    assert Parcours.objects.filter(phase=Phase.TRAINING).count() >= 2
    assert Parcours.objects.get(phase=Phase.VAE).vae_applications.filter(state="admissible").exists()


@pytest.mark.django_db
def test_api_trainer_sees_their_sessions_enrolments_with_names_only(demo):
    client = api_as("formation@ifs.demo")
    sessions = client.get("/api/v1/training-sessions/").json()
    assert sessions["count"] == TrainingSession.objects.count() == 4
    body = client.get("/api/v1/enrolments/", {"page_size": 100}).json()
    assert body["count"] == Enrolment.objects.count() == 12
    for row in body["results"]:
        assert "parcours" not in row
        assert set(row["person"]) == {"first_name", "last_name"}
    assert client.get("/api/v1/parcours/").json()["count"] == 0
    assert client.get("/api/v1/vae-applications/").json()["count"] == 0


@pytest.mark.django_db
def test_journal_and_every_alert_through_the_api(demo):
    """Every alert is in the caseload of cip1@rhone.demo, one of them a parcours gone quiet that a
    follow-up clears; the other persons were seen recently; the journal reads through its
    endpoints, factual and for staff only."""
    cip1 = api_as("cip1@rhone.demo")
    counts = cip1.get("/api/v1/parcours/alert-counts/").json()
    assert {code for code, count in counts["by_code"].items() if count} == set(ALERT_CODES)
    for code in ALERT_CODES:
        body = cip1.get("/api/v1/parcours/", {"alert": code, "page_size": 100}).json()
        assert body["count"] >= 1, code
        assert all(code in {alert["code"] for alert in row["alerts"]} for row in body["results"]), code
    quiet = cip1.get("/api/v1/parcours/", {"alert": "no_follow_up", "page_size": 100}).json()["results"]
    assert [row["referent"]["email"] for row in quiet] == ["cip1@rhone.demo"]
    # The Réunion counsellor has alerts of their own, on their own calendar.
    reunion = api_as("cip1@reunion.demo").get("/api/v1/parcours/alert-counts/").json()
    assert reunion["by_code"]["no_follow_up"] >= 1 and reunion["total"] >= 4

    # Most open parcours had a follow-up in the last 30 days.
    open_parcours = Parcours.objects.exclude(phase=Phase.EXITED)
    seen = {
        parcours.pk
        for parcours in open_parcours.select_related("structure")
        if parcours.follow_ups.filter(occurred_at__date__gte=parcours.structure.today() - timedelta(days=29)).exists()
    }
    assert len(seen) >= open_parcours.count() - 2
    assert FollowUp.objects.filter(parcours__in=open_parcours).values("parcours").distinct().count() == len(
        open_parcours
    )
    # Every kind of entry, in various states, dated in the past as the timeline reads them.
    assert set(FollowUp.objects.values_list("kind", flat=True)) == set(FollowUp.Kind.values)
    assert set(Barrier.objects.values_list("status", flat=True)) == set(Barrier.Status.values)
    assert set(Barrier.objects.values_list("support", flat=True)) == set(Barrier.Support.values)
    assert {"planned", "in_progress", "done"} <= set(Action.objects.values_list("status", flat=True))
    assert set(Appointment.objects.exclude(attendance="").values_list("attendance", flat=True)) == set(
        Appointment.Attendance.values
    )
    assert Appointment.objects.filter(attendance="", starts_at__gt=timezone.now()).count() >= 5
    for follow_up in FollowUp.objects.all():
        assert follow_up.created_at >= follow_up.occurred_at and follow_up.created_at <= timezone.now()
        # Health and justice are coded barriers, never narrative.
        assert not {"santé", "justice", "addiction", "judiciaire", "traitement"} & set(follow_up.note.lower().split())
    assert Barrier.objects.filter(type__in=["sante", "justice"]).exists()

    # One parcours' journal through its endpoints and its timeline.
    parcours = Parcours.objects.get(person__last_name="Chevalier")
    for endpoint in ("follow-ups", "barriers", "actions", "appointments"):
        body = cip1.get(f"/api/v1/{endpoint}/", {"parcours": parcours.pk}).json()
        assert body["count"] >= 1, endpoint
    timeline = cip1.get(f"/api/v1/parcours/{parcours.pk}/timeline/", {"page_size": 100}).json()["results"]
    assert {"phase", "follow_up", "barrier", "action", "appointment", "placement"} <= {row["type"] for row in timeline}
    moments = [datetime.fromisoformat(row["at"]) for row in timeline]
    assert moments == sorted(moments, reverse=True)

    # Employers, trainers and the network see none of it.
    entry = FollowUp.objects.filter(parcours=parcours).first()
    for email in ("rh@tilleuls.demo", "rh@horizon.demo", "formation@ifs.demo", "analyste@reseau.demo"):
        client = api_as(email)
        for endpoint in ("follow-ups", "barriers", "actions", "appointments"):
            response = client.get(f"/api/v1/{endpoint}/")
            assert response.status_code in {200, 403, 404}, (email, endpoint)
            if response.status_code == 200:
                assert response.json()["count"] == 0, (email, endpoint)
        assert client.get(f"/api/v1/follow-ups/{entry.pk}/").status_code in {403, 404}
        assert client.get(f"/api/v1/parcours/{parcours.pk}/timeline/").status_code == 404
