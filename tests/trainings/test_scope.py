"""Training scope (DESIGN §5): a trainer sees the enrolments of their training body's sessions,
and of the person only the name; the structure's staff see the enrolments and VAE of the parcours
they follow (counsellor) or of their structure (manager); employers and networks see none.
Out of scope is 404 and absent from lists. Lists cost the same number of queries at any page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EstablishmentFactory, make_parcours, make_placement
from tests.trainings.conftest import apply, fire_enrolment, fire_vae, make_session, open_vae
from trainings.services import enrolment_apply, enrolment_fire_transition, vae_create

pytestmark = pytest.mark.django_db


def walk_keys(value, prefix=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{prefix}{key}"
            yield from walk_keys(item, f"{prefix}{key}.")
    elif isinstance(value, list):
        for item in value:
            yield from walk_keys(item, prefix)


@pytest.fixture
def enrolled(world, campus, client_for):
    """world.followed applied to the World's session (a detailed person) and to the other body's."""
    person = world.followed.person
    person.phone, person.email = "06 12 34 56 78", "awa@example.test"
    person.birth_date = world.ges.today().replace(year=1980, month=5, day=17)
    person.address, person.city, person.eligibility = "3 rue des Lilas", "Lyon", ["rsa", "qpv"]
    person.pass_iae_number = "999991234567"
    person.save()
    mine = apply(client_for(world.counsellor), world.followed, campus.session).json()["id"]
    theirs = apply(client_for(world.counsellor), world.followed, campus.other_session).json()["id"]
    return mine, theirs


@pytest.fixture
def vae(world, campus, client_for):
    return open_vae(client_for(world.counsellor), world.followed).json()["id"]


def ids(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def test_trainer_reads_only_the_name_of_the_person(world, campus, client_for, enrolled):
    mine, _ = enrolled
    trainer = client_for(campus.trainer)
    fire_enrolment(trainer, mine, "accept")
    detail = trainer.get(f"/api/v1/enrolments/{mine}/").json()
    listed = trainer.get("/api/v1/enrolments/").json()["results"]
    assert [row["id"] for row in listed] == [mine]
    for body in (detail, listed[0]):
        assert "parcours" not in body
        assert body["person"] == {"first_name": "Awa", "last_name": world.followed.person.last_name}
        keys = {key.split(".")[-1] for key in walk_keys(body) if not key.startswith(("applied_by.", "session."))}
        for leaked in ("phone", "email", "birth_date", "address", "city", "eligibility", "pass_iae_number", "phase"):
            assert leaked not in keys, leaked
        text = str(body)
        for value in ("06 12 34 56 78", "awa@example.test", "1980", "Lilas", "rsa", "999991234567"):
            assert value not in text, value
    # The one e-mail address shown is that of the counsellor who applied, not the person's.
    assert detail["applied_by"]["id"] == world.counsellor.pk
    # After firing a transition, the trainer still gets the same narrow body.
    body = fire_enrolment(trainer, mine, "attend").json()
    assert "parcours" not in body and set(body["person"]) == {"first_name", "last_name"}


def test_trainer_sees_only_the_own_training_body(world, campus, client_for, enrolled):
    mine, theirs = enrolled
    trainer, other = client_for(campus.trainer), client_for(campus.other_trainer)
    assert ids(trainer, "/api/v1/enrolments/") == [mine]
    assert ids(other, "/api/v1/enrolments/") == [theirs]
    assert trainer.get(f"/api/v1/enrolments/{theirs}/").status_code == 404
    assert other.get(f"/api/v1/enrolments/{mine}/").status_code == 404
    # Acting on the other body's enrolment: 404, not 409: its existence is not disclosed.
    for name in ("accept", "refuse", "drop", "unknown"):
        response = fire_enrolment(trainer, theirs, name, refusal_reason="Non")
        assert response.status_code == 404, name
        assert response.json() == {"code": "not_found", "message": "Introuvable."}
    assert ids(trainer, f"/api/v1/enrolments/?session={campus.other_session.pk}") == []
    # The parcours filter does not work for the training body: trying ids would tell it which
    # parcours each enrolment belongs to.
    assert ids(trainer, f"/api/v1/enrolments/?parcours={world.followed.pk}") == []
    assert set(ids(client_for(world.counsellor), f"/api/v1/enrolments/?parcours={world.followed.pk}")) == {mine, theirs}


def test_trainer_reaches_no_parcours_person_vae_or_placement(world, campus, client_for, enrolled, vae):
    establishment = EstablishmentFactory(employer=world.employer)
    placement = make_placement(actor=world.counsellor, parcours=world.followed, establishment=establishment)
    trainer = client_for(campus.trainer)
    for url in (
        f"/api/v1/parcours/{world.followed.pk}/",
        f"/api/v1/parcours/{world.followed.pk}/transitions/",
        f"/api/v1/persons/{world.followed.person_id}/",
        f"/api/v1/vae-applications/{vae}/",
        f"/api/v1/placements/{placement.pk}/",
    ):
        assert trainer.get(url).status_code == 404, url
    for url in ("/api/v1/parcours/", "/api/v1/persons/", "/api/v1/vae-applications/", "/api/v1/placements/"):
        assert trainer.get(url).json()["results"] == [], url
    assert fire_vae(trainer, vae, "submit_feasibility").status_code == 404
    response = trainer.post(f"/api/v1/parcours/{world.followed.pk}/transitions/start_training/", {}, format="json")
    assert response.status_code == 404


def test_sessions_are_listed_by_role(world, campus, client_for):
    both = sorted([campus.session.pk, campus.other_session.pk])
    expected = {
        "counsellor": both,
        "counsellor2": both,
        "manager": both,
        "other_counsellor": both,
        "other_manager": both,
        "trainer": [campus.session.pk],
        "employer_contact": [],
        "analyst": [],
    }
    for role, visible in expected.items():
        client = client_for(getattr(world, role))
        assert sorted(ids(client, "/api/v1/training-sessions/")) == visible, role
        for session in (campus.session, campus.other_session):
            status = client.get(f"/api/v1/training-sessions/{session.pk}/").status_code
            assert status == (200 if session.pk in visible else 404), (role, session)
    assert ids(client_for(campus.other_trainer), "/api/v1/training-sessions/") == [campus.other_session.pk]


def test_session_body(world, campus, client_for):
    body = client_for(world.counsellor).get(f"/api/v1/training-sessions/{campus.session.pk}/").json()
    assert body["training"]["certification"]["code"] == "DEAS"
    assert body["training_body"] == {"id": world.training_body.pk, "name": "IFSI"}
    assert (body["capacity"], body["seats_taken"], body["seats_left"]) == (2, 0, 2)


def test_sessions_filters(world, campus, client_for):
    over = make_session(training=campus.training, training_body=world.training_body, start_in_days=-200)
    counsellor = client_for(world.counsellor)
    assert over.pk not in ids(counsellor, "/api/v1/training-sessions/?current=true")
    assert ids(counsellor, "/api/v1/training-sessions/?current=false") == [over.pk]
    assert len(ids(counsellor, "/api/v1/training-sessions/?certification=DEAS")) == 3
    assert ids(counsellor, "/api/v1/training-sessions/?certification=NOPE") == []
    for query in ("training=abc", "training=-1", f"training={10**30}", "current=maybe", "ordering=capacity"):
        response = counsellor.get(f"/api/v1/training-sessions/?{query}")
        assert response.status_code in (200, 400), query
        assert response.status_code != 500


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("counsellor", True),
        ("manager", True),
        ("counsellor2", False),
        ("other_counsellor", False),
        ("other_manager", False),
        ("employer_contact", False),
        ("analyst", False),
    ],
)
def test_staff_matrix_for_enrolments_and_vae(world, campus, client_for, enrolled, vae, role, visible):
    mine, theirs = enrolled
    client = client_for(getattr(world, role))
    for enrolment in (mine, theirs):
        assert client.get(f"/api/v1/enrolments/{enrolment}/").status_code == (200 if visible else 404)
    assert sorted(ids(client, "/api/v1/enrolments/")) == (sorted([mine, theirs]) if visible else [])
    assert client.get(f"/api/v1/vae-applications/{vae}/").status_code == (200 if visible else 404)
    assert ids(client, "/api/v1/vae-applications/") == ([vae] if visible else [])
    if visible:
        assert client.get(f"/api/v1/enrolments/{mine}/").json()["parcours"] == world.followed.pk
        assert client.get(f"/api/v1/vae-applications/{vae}/").json()["parcours"] == world.followed.pk
    else:
        assert fire_enrolment(client, mine, "drop").status_code == 404
        assert fire_vae(client, vae, "submit_feasibility").status_code == 404
        assert fire_vae(client, vae, "no_such_step").status_code == 404


def test_reassigning_the_parcours_moves_enrolments_and_vae_to_the_new_referent(
    world, campus, client_for, enrolled, vae
):
    mine, theirs = enrolled
    counsellor, counsellor2 = client_for(world.counsellor), client_for(world.counsellor2)
    assert counsellor2.get(f"/api/v1/enrolments/{mine}/").status_code == 404
    response = client_for(world.manager).post(
        f"/api/v1/parcours/{world.followed.pk}/reassign/",
        {"referent": world.counsellor2.pk, "version": world.followed.version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    for enrolment in (mine, theirs):
        assert counsellor2.get(f"/api/v1/enrolments/{enrolment}/").status_code == 200
        assert counsellor.get(f"/api/v1/enrolments/{enrolment}/").status_code == 404
    assert sorted(ids(counsellor2, "/api/v1/enrolments/")) == sorted([mine, theirs])
    assert ids(counsellor, "/api/v1/enrolments/") == []
    assert counsellor2.get(f"/api/v1/vae-applications/{vae}/").status_code == 200
    assert counsellor.get(f"/api/v1/vae-applications/{vae}/").status_code == 404
    # The new referent acts; the former one can no longer.
    assert fire_enrolment(counsellor, mine, "drop").status_code == 404
    assert fire_vae(counsellor2, vae, "submit_feasibility").status_code == 200
    assert fire_enrolment(counsellor2, mine, "drop").json()["state"] == "dropped"
    # An enrolment applied after the reassignment goes to the new referent at once.
    response = apply(
        counsellor2, world.followed, make_session(training=campus.training, training_body=world.training_body)
    )
    assert response.status_code == 201
    assert counsellor.get(f"/api/v1/enrolments/{response.json()['id']}/").status_code == 404
    assert apply(counsellor, world.followed, campus.session).status_code == 400


def test_a_co_referent_sees_the_enrolments(world, campus, client_for, enrolled):
    mine, _ = enrolled
    response = client_for(world.manager).post(
        f"/api/v1/parcours/{world.followed.pk}/reassign/",
        {"referent": world.counsellor.pk, "co_referents": [world.counsellor2.pk], "version": world.followed.version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert client_for(world.counsellor2).get(f"/api/v1/enrolments/{mine}/").status_code == 200
    assert client_for(world.counsellor).get(f"/api/v1/enrolments/{mine}/").status_code == 200


def test_a_trainer_who_leaves_the_training_body_loses_access(world, campus, client_for, enrolled):
    from organisations.models import Membership
    from organisations.services import membership_end

    mine, _ = enrolled
    assert client_for(campus.trainer).get(f"/api/v1/enrolments/{mine}/").status_code == 200
    membership_end(membership=Membership.objects.get(user=campus.trainer, organisation=world.training_body))
    assert client_for(campus.trainer).get(f"/api/v1/enrolments/{mine}/").status_code == 404
    assert ids(client_for(campus.trainer), "/api/v1/training-sessions/") == []


def test_a_co_referent_who_leaves_loses_access_to_the_enrolments(world, campus, client_for, enrolled):
    from organisations.models import Membership
    from organisations.services import membership_end
    from tests.factories import member

    mine, _ = enrolled
    colleague = member(world.ges, "counsellor")
    response = client_for(world.manager).post(
        f"/api/v1/parcours/{world.followed.pk}/reassign/",
        {"referent": world.counsellor.pk, "co_referents": [colleague.pk], "version": world.followed.version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert client_for(colleague).get(f"/api/v1/enrolments/{mine}/").status_code == 200
    membership_end(membership=Membership.objects.get(user=colleague, organisation=world.ges))
    assert client_for(colleague).get(f"/api/v1/enrolments/{mine}/").status_code == 404
    assert client_for(world.counsellor).get(f"/api/v1/enrolments/{mine}/").status_code == 200
    assert client_for(world.manager).get(f"/api/v1/enrolments/{mine}/").status_code == 200


# -- bad input on reads ---------------------------------------------------------------------------


@pytest.mark.parametrize("base", ["enrolments", "vae-applications", "training-sessions"])
@pytest.mark.parametrize("bad", ["abc", "0", "-1", "1.5", "1e400", str(10**30), "99999999999999999999", "null"])
def test_bad_ids_in_urls_are_404(world, campus, client_for, base, bad):
    client = client_for(world.manager)
    assert client.get(f"/api/v1/{base}/{bad}/").status_code == 404
    if base != "training-sessions":
        response = client.post(f"/api/v1/{base}/{bad}/transitions/accept/", {}, format="json")
        assert response.status_code == 404


@pytest.mark.parametrize("base", ["enrolments", "vae-applications"])
@pytest.mark.parametrize(
    "query",
    ["parcours=abc", "parcours=-1", f"parcours={10**30}", "parcours=1.5", "state=nowhere", "session=x", "ordering=x"],
)
def test_bad_filters_are_400_never_500(world, campus, client_for, base, query):
    response = client_for(world.manager).get(f"/api/v1/{base}/?{query}")
    assert response.status_code in (200, 400), (query, response.status_code)
    if query.split("=")[0] in ("parcours", "state"):
        assert response.status_code == 400, query


@pytest.mark.parametrize("base", ["enrolments", "vae-applications"])
def test_unknown_transition_is_400(world, campus, client_for, enrolled, vae, base):
    object_id = enrolled[0] if base == "enrolments" else vae
    response = client_for(world.counsellor).post(f"/api/v1/{base}/{object_id}/transitions/fly_away/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_transition"
    assert "name" in response.json()["errors"]


@pytest.mark.parametrize("base", ["enrolments", "vae-applications"])
@pytest.mark.parametrize("body", ["[]", '"texte"', "12", "null", '[{"date": "2026-01-01"}]', "{", "\u00ff"])
def test_transition_bodies_that_are_not_objects_are_400(world, campus, client_for, enrolled, vae, base, body):
    object_id, name = (enrolled[0], "refuse") if base == "enrolments" else (vae, "submit_feasibility")
    user = world.trainer if base == "enrolments" else world.counsellor
    url = f"/api/v1/{base}/{object_id}/transitions/{name}/"
    response = client_for(user).post(url, body, content_type="application/json")
    assert response.status_code == 400, response.content


# -- query counts ---------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.json()
    return len(queries), response


def assert_flat(client, url):
    client.get(url)  # warm the per-process caches (content types, permission ids) before counting
    small, response_small = count_queries(client, f"{url}?page_size=2")
    large, response_large = count_queries(client, f"{url}?page_size=30")
    assert len(response_small.json()["results"]) == 2
    assert len(response_large.json()["results"]) == 30
    assert small == large, (small, large)


@pytest.fixture
def busy(world, campus):
    """30 parcours, each applied to a session (in every enrolment state) and with a VAE in
    every state, over 15 sessions of both training bodies."""
    sessions = [
        make_session(training=campus.training, training_body=body, capacity=3)
        for body in (world.training_body, campus.other_body)
        for _ in range(8)
    ]
    manager = world.manager
    for index in range(30):
        parcours = make_parcours(actor=world.counsellor, structure=world.ges)
        session = sessions[index % 8]  # the World's training body
        enrolment = enrolment_apply(actor=manager, parcours=parcours, session=session)
        steps = [[], ["accept"], ["accept", "attend"], ["refuse"], ["drop"]][index % 5]
        for name in steps:
            data = {"refusal_reason": "Non"} if name == "refuse" else {}
            actor = world.trainer
            enrolment = enrolment_fire_transition(actor=actor, enrolment=enrolment, name=name, data=data)
        other = enrolment_apply(actor=manager, parcours=parcours, session=sessions[8 + index % 8])
        assert other
        application = vae_create(actor=manager, parcours=parcours, certification=campus.deas)
        if index % 3:
            from trainings.services import vae_fire_transition

            names = ["submit_feasibility", "declare_admissible", "submit_validation_file"][: index % 4]
            for name in names:
                application = vae_fire_transition(
                    actor=manager, application=application, name=name, data={"date": world.ges.today()}
                )
    return sessions


@pytest.mark.parametrize("role", ["manager", "counsellor", "trainer"])
def test_enrolment_list_query_count_does_not_grow_with_page_size(world, campus, client_for, busy, role):
    assert_flat(client_for(getattr(world, role)), "/api/v1/enrolments/")


@pytest.mark.parametrize("role", ["manager", "counsellor"])
def test_vae_list_query_count_does_not_grow_with_page_size(world, campus, client_for, busy, role):
    assert_flat(client_for(getattr(world, role)), "/api/v1/vae-applications/")


@pytest.mark.parametrize("role", ["manager", "trainer"])
def test_session_list_query_count_does_not_grow_with_page_size(world, campus, client_for, busy, role):
    if role == "trainer":
        for _ in range(25):
            make_session(training=campus.training, training_body=world.training_body)
    else:
        for _ in range(15):
            make_session(training=campus.training, training_body=campus.other_body)
    assert_flat(client_for(getattr(world, role)), "/api/v1/training-sessions/")
