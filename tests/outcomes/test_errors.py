"""Malformed or out-of-range filters are a 400 on their field for every outcome endpoint, never a 500."""

import pytest

pytestmark = pytest.mark.django_db

PATHS = ["summary", "timeseries", "funnel", "placements", "trainings", "vae", "export", "parcours-export"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"to": "9999-12-31"}, "to"),
        ({"from": "9999-12-01", "to": "9999-12-31"}, "from"),
        ({"from": "0001-01-01", "to": "0001-02-01"}, "from"),
        ({"from": "2020-13-01"}, "from"),
        ({"structure": "abc"}, "structure"),
        ({"structure": "99999999999999999999"}, "structure"),
        ({"programme": "-1"}, "programme"),
        ({"referent": "1.5"}, "referent"),
    ],
)
@pytest.mark.parametrize("path", PATHS)
def test_bad_filters_are_a_400_on_their_field(world, client_for, params, field, path):
    for user in (world.manager, world.analyst):
        response = client_for(user).get(f"/api/v1/outcomes/{path}/", params)
        if response.status_code == 403:  # the endpoint is not open to this role
            continue
        assert response.status_code == 400, (user, response.status_code)
        assert field in response.json()["errors"]
