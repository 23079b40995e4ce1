"""API tokens: a well-formed key opens the API; a malformed one (wrong length, other characters, a
NUL byte that PostgreSQL text cannot hold) is refused like an unknown key, with a 401, never a 500."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def me(authorization: str):
    return APIClient(raise_request_exception=False).get("/api/v1/me/", HTTP_AUTHORIZATION=authorization)


def test_a_valid_token_opens_the_api(world):
    token = Token.objects.create(user=world.counsellor)
    response = me(f"Token {token.key}")
    assert response.status_code == 200, response.content
    assert response.json()["email"] == world.counsellor.email


@pytest.mark.parametrize("key", ["abc\x00def", "0" * 39 + "\x00", "x" * 40, "A" * 40, "0" * 41, "';--"])
def test_a_malformed_token_is_refused_like_an_unknown_one(world, key):
    token = Token.objects.create(user=world.counsellor)
    unknown = me("Token " + "0" * 40)
    response = me(f"Token {key}")
    assert response.status_code == 401, response.content
    assert response.json() == unknown.json()
    assert response["WWW-Authenticate"] == unknown["WWW-Authenticate"]
    assert Token.objects.filter(pk=token.pk).exists()


@pytest.mark.parametrize("key", ["'; --", "é" * 40])
def test_a_token_header_with_spaces_or_other_characters_is_a_401(world, key):
    assert me(f"Token {key}").status_code == 401
