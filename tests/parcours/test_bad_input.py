"""Bad input never gets a 500: odd ids, numbers and query parameters all get a clear 4xx."""

import json

import pytest

from organisations.models import User
from tests.factories import make_person

pytestmark = pytest.mark.django_db

HUGE = "HUGE"  # replaced by the JSON number 1e400, which Python reads as infinity
ODD_IDS = [HUGE, -1, 0, 1.7, 2**70, "abc", "", None, [], {}, True]


def send(client, method, url, payload):
    body = json.dumps(payload).replace(f'"{HUGE}"', "1e400")
    return getattr(client, method)(url, body, content_type="application/json")


@pytest.mark.parametrize("value", ODD_IDS, ids=repr)
@pytest.mark.parametrize("field", ["person", "structure", "programme", "referent", "co_referents"])
def test_parcours_creation_with_odd_ids_is_a_400(world, client_for, field, value):
    person = make_person(actor=world.manager, structure=world.ges)
    payload = {"person": person.pk, "entry_date": world.ges.today().isoformat(), "referent": world.counsellor.pk}
    payload[field] = [value] if field == "co_referents" else value
    response = send(client_for(world.manager), "post", "/api/v1/parcours/", payload)
    if field == "programme" and value in (None, ""):
        assert response.status_code == 201  # programme is optional: null or empty means none
    else:
        assert response.status_code == 400, response.content
        assert field in response.json()["errors"]


@pytest.mark.parametrize("value", ODD_IDS, ids=repr)
def test_reassign_with_odd_ids_is_a_400(world, client_for, value):
    response = send(
        client_for(world.manager),
        "post",
        f"/api/v1/parcours/{world.followed.pk}/reassign/",
        {"referent": value, "version": 1},
    )
    assert response.status_code == 400
    assert "referent" in response.json()["errors"]


@pytest.mark.parametrize("value", ["abc", "1e20", "99999999999999999999999", "-4", "1.5", "%00"])
@pytest.mark.parametrize("param", ["programme", "referent", "structure", "page", "page_size", "ordering", "phase"])
def test_odd_query_parameters_never_500(world, client_for, param, value):
    for url in ("/api/v1/parcours/", "/api/v1/persons/"):
        response = client_for(world.manager).get(url, {param: value})
        assert response.status_code in {200, 400, 404}, (url, param, value)
        assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("body", [[], "texte", None, {"version": "x"}, {"version": 10**30}, {"first_name": None}])
def test_odd_person_updates_are_400(world, client_for, body):
    response = client_for(world.counsellor).patch(f"/api/v1/persons/{world.followed.person_id}/", body, format="json")
    assert response.status_code == 400


def test_sending_back_the_read_representation_is_accepted(world, client_for):
    client = client_for(world.counsellor)
    url = f"/api/v1/persons/{world.followed.person_id}/"
    person = client.get(url).json()
    person["city"] = "Villeurbanne"
    response = client.patch(url, person, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["structure"] == world.ges.pk  # read-only, never moved
    assert client.put(url, person, format="json").status_code == 405


def test_unknown_api_url_answers_json_404(world, client_for):
    for url in ("/api/v1/nope/", "/api/v1/parcours/12/unknown/", "/api/v1/parcours"):
        response = client_for(world.manager).get(url)
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": "Introuvable."}


def test_co_referents_from_another_structure_are_refused_without_naming_them(world, client_for):
    person = make_person(actor=world.manager, structure=world.ges)
    response = client_for(world.manager).post(
        "/api/v1/parcours/",
        {
            "person": person.pk,
            "entry_date": world.ges.today().isoformat(),
            "referent": world.counsellor.pk,
            "co_referents": [world.other_counsellor.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "co_referents" in response.json()["errors"]
    assert world.other_counsellor.last_name not in response.content.decode()


def test_counsellors_cannot_name_co_referents(world, client_for):
    person = make_person(actor=world.counsellor, structure=world.ges)
    response = client_for(world.counsellor).post(
        "/api/v1/parcours/",
        {"person": person.pk, "entry_date": world.ges.today().isoformat(), "co_referents": [world.counsellor2.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "co_referents_by_manager"


def test_superuser_status_grants_no_scope_or_power(world, client_for):
    boss = User.objects.get(pk=world.counsellor.pk)
    boss.is_superuser = True
    boss.save()
    client = client_for(boss)
    assert client.get("/api/v1/parcours/").json()["count"] == 1
    response = client.post(
        f"/api/v1/parcours/{world.followed.pk}/reassign/",
        {"referent": world.counsellor2.pk, "version": 99},
        format="json",
    )
    assert response.status_code == 403  # permission is checked before the version


def test_structure_filter(world, client_for):
    client = client_for(world.manager)
    assert client.get("/api/v1/parcours/", {"structure": world.ges.pk}).json()["count"] == 2
    assert client.get("/api/v1/parcours/", {"structure": world.aci.pk}).json()["count"] == 0
    assert client.get("/api/v1/persons/", {"structure": world.aci.pk}).json()["count"] == 0
    assert client.get("/api/v1/persons/", {"structure": 10**12}).json()["count"] == 0


@pytest.mark.parametrize("content_type", ["json", "multipart"])
def test_a_code_holding_a_nul_character_is_a_400(world, client_for, content_type):
    """Reference-list codes are looked up in the database, where text cannot hold NUL: refused as
    input instead (the schemathesis long run found a 500 on the VAE's certification code)."""
    client = client_for(world.counsellor)
    barrier = {"parcours": world.followed.pk, "type": "loge\x00ment", "identified_on": "2026-11-02"}
    response = client.post("/api/v1/barriers/", barrier, format=content_type)
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["type"] == ["Les caractères nuls ne sont pas autorisés."]
    exit_ = {"exit_reason": "cdi\x00", "exit_date": world.ges.today().isoformat()}
    response = client.post(f"/api/v1/parcours/{world.followed.pk}/transitions/exit/", exit_, format=content_type)
    assert response.status_code == 400, response.content
    assert "exit_reason" in response.json()["errors"]


def test_a_body_over_djangos_limits_is_a_json_400(world, client_for):
    """More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS (found by the schemathesis long run): Django
    refuses the body while DRF reads it; the answer is the API's 400, not Django's HTML page."""
    from django.conf import settings

    fields = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client_for(world.manager).post("/api/v1/parcours/reassign/", fields, format="multipart")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "request_too_large"


def test_requests_django_refuses_outside_the_api_views_get_a_json_400(client, settings):
    settings.ALLOWED_HOSTS = ["tremplin.example"]
    response = client.get("/api/v1/me/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.json() == {"code": "bad_request", "message": "Requête invalide."}
