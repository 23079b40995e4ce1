"""Five roles × {in scope, out of scope} × {list, read, write, transition}, through HTTP.

"In scope" is the closest object each role relates to: the parcours a counsellor follows, a
parcours of the manager's structure, a parcours in a programme where the employer or training
body is a partner, a parcours of a structure in the analyst's network. Only counsellors and
managers may see or move a parcours (DESIGN §5); for the others both columns are 404.
"""

import pytest

pytestmark = pytest.mark.django_db

ALLOWED, HIDDEN = "allowed", "hidden"

# role -> (expected in scope, expected out of scope)
MATRIX = {
    "counsellor": (ALLOWED, HIDDEN),
    "manager": (ALLOWED, HIDDEN),
    "employer_contact": (HIDDEN, HIDDEN),
    "trainer": (HIDDEN, HIDDEN),
    "analyst": (HIDDEN, HIDDEN),
}


def targets(world, role):
    """(in-scope parcours, out-of-scope parcours) for the role."""
    world.programme.partners.add(world.employer, world.training_body)
    return {
        "counsellor": (world.followed, world.unfollowed),
        "manager": (world.unfollowed, world.foreign),
        "employer_contact": (world.followed, world.foreign),  # followed is in a programme they partner
        "trainer": (world.followed, world.foreign),
        "analyst": (world.followed, world.foreign),  # both structures are in their network
    }[role]


def user_of(world, role):
    return getattr(world, role)


@pytest.mark.parametrize("role", MATRIX)
@pytest.mark.parametrize("scope", ["in", "out"])
def test_list(world, client_for, role, scope):
    parcours = targets(world, role)[0 if scope == "in" else 1]
    expected = MATRIX[role][0 if scope == "in" else 1]
    ids = [row["id"] for row in client_for(user_of(world, role)).get("/api/v1/parcours/").json()["results"]]
    assert (parcours.pk in ids) == (expected == ALLOWED)
    person_ids = [row["id"] for row in client_for(user_of(world, role)).get("/api/v1/persons/").json()["results"]]
    assert (parcours.person_id in person_ids) == (expected == ALLOWED)


@pytest.mark.parametrize("role", MATRIX)
@pytest.mark.parametrize("scope", ["in", "out"])
def test_read(world, client_for, role, scope):
    parcours = targets(world, role)[0 if scope == "in" else 1]
    expected = MATRIX[role][0 if scope == "in" else 1]
    client = client_for(user_of(world, role))
    for url in (
        f"/api/v1/parcours/{parcours.pk}/",
        f"/api/v1/parcours/{parcours.pk}/transitions/",
        f"/api/v1/persons/{parcours.person_id}/",
    ):
        response = client.get(url)
        assert response.status_code == (200 if expected == ALLOWED else 404), url
        if expected == HIDDEN:
            assert response.json() == {"code": "not_found", "message": "Introuvable."}


@pytest.mark.parametrize("role", MATRIX)
@pytest.mark.parametrize("scope", ["in", "out"])
def test_write(world, client_for, role, scope):
    parcours = targets(world, role)[0 if scope == "in" else 1]
    expected = MATRIX[role][0 if scope == "in" else 1]
    person = parcours.person
    response = client_for(user_of(world, role)).patch(
        f"/api/v1/persons/{person.pk}/", {"phone": "06 12 34 56 78", "version": person.version}, format="json"
    )
    person.refresh_from_db()
    if expected == ALLOWED:
        assert response.status_code == 200, response.json()
        assert person.phone == "06 12 34 56 78"
    else:
        assert response.status_code == 404
        assert person.phone == ""


@pytest.mark.parametrize("role", MATRIX)
@pytest.mark.parametrize("scope", ["in", "out"])
def test_transition(world, client_for, role, scope):
    parcours = targets(world, role)[0 if scope == "in" else 1]
    expected = MATRIX[role][0 if scope == "in" else 1]
    response = client_for(user_of(world, role)).post(
        f"/api/v1/parcours/{parcours.pk}/transitions/exit/",
        {"exit_reason": "chomage", "exit_date": parcours.structure.today().isoformat()},
        format="json",
    )
    parcours.refresh_from_db()
    if expected == ALLOWED:
        assert response.status_code == 200, response.json()
        assert parcours.phase == "exited"
    else:
        assert response.status_code == 404
        assert parcours.phase == "entry"


def test_reassign_is_for_managers_of_the_structure(world, client_for):
    parcours = world.followed
    body = {"referent": world.counsellor2.pk, "version": parcours.version}
    url = f"/api/v1/parcours/{parcours.pk}/reassign/"

    assert client_for(world.counsellor).post(url, body, format="json").status_code == 403
    assert client_for(world.other_manager).post(url, body, format="json").status_code == 404
    for role in ("employer_contact", "trainer", "analyst"):
        assert client_for(user_of(world, role)).post(url, body, format="json").status_code == 404

    response = client_for(world.manager).post(url, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["referent"]["id"] == world.counsellor2.pk

    # The old referent loses the parcours and the person; the new one gains them.
    assert client_for(world.counsellor).get(f"/api/v1/parcours/{parcours.pk}/").status_code == 404
    assert client_for(world.counsellor).get(f"/api/v1/persons/{parcours.person_id}/").status_code == 404
    assert client_for(world.counsellor2).get(f"/api/v1/parcours/{parcours.pk}/").status_code == 200


def test_co_referents_see_and_move_the_parcours(world, client_for):
    parcours = world.unfollowed
    response = client_for(world.manager).post(
        f"/api/v1/parcours/{parcours.pk}/reassign/",
        {"referent": world.counsellor2.pk, "co_referents": [world.counsellor.pk], "version": parcours.version},
        format="json",
    )
    assert response.status_code == 200
    client = client_for(world.counsellor)
    detail = client.get(f"/api/v1/parcours/{parcours.pk}/").json()
    assert [u["id"] for u in detail["co_referents"]] == [world.counsellor.pk]
    exit_option = next(o for o in detail["available_transitions"] if o["name"] == "exit")
    assert exit_option["allowed"] is True


def test_network_analyst_sees_no_person_at_all(world, client_for):
    client = client_for(world.analyst)
    assert client.get("/api/v1/persons/").json()["count"] == 0
    assert client.get("/api/v1/parcours/").json()["count"] == 0
    for parcours in (world.followed, world.unfollowed, world.foreign):
        assert client.get(f"/api/v1/persons/{parcours.person_id}/").status_code == 404
