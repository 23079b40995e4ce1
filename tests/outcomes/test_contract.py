"""The outcome views return the selectors' bodies as they are (outcomes.api.render_body); the
serializers document them (the OpenAPI schema is generated from them). Both must give the same
JSON (keys, values and types; key order aside), for every endpoint and every role, on the demo's
data."""

import io
import json

import pytest
from django.core.management import call_command
from django.http import QueryDict
from rest_framework.renderers import JSONRenderer

from organisations.models import User
from outcomes import api, selectors
from outcomes.filters import parse_filters
from tremplin.errors import Forbidden

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    (selectors.summary, api.OutcomeSummarySerializer),
    (selectors.timeseries, api.OutcomeTimeseriesSerializer),
    (selectors.funnel, api.OutcomeFunnelSerializer),
    (selectors.placements, api.OutcomePlacementsSerializer),
    (selectors.trainings, api.OutcomeTrainingsSerializer),
    (selectors.vae, api.OutcomeVaeSerializer),
]
USERS = ["direction@rhone.demo", "cip1@rhone.demo", "analyste@reseau.demo", "rh@tilleuls.demo", "formation@ifs.demo"]


def test_every_body_is_what_its_serializer_documents():
    call_command("load_demo", stdout=io.StringIO())

    def render(data):
        return json.loads(JSONRenderer().render(data))

    checked = 0
    for email in USERS:
        user = User.objects.get(email=email)
        for query in ("", "from=2020-01-01"):
            filters = parse_filters(user, QueryDict(query))
            for selector, serializer in ENDPOINTS:
                try:
                    body = selector(user=user, filters=filters)
                except Forbidden:
                    continue
                assert render(api.render_body(body)) == render(serializer(body).data), (email, selector.__name__)
                checked += 1
    assert checked >= 14


def test_an_exit_category_label_edited_shows_at_once(world, client_for):
    from parcours.models import ExitCategory

    client = client_for(world.manager)
    assert client.get("/api/v1/outcomes/summary/").status_code == 200  # cached now
    category = ExitCategory.objects.get(code="retrait")
    category.label = "Retrait (libellé modifié)"
    category.save()
    total = client.get("/api/v1/outcomes/summary/").json()["total"]
    labels = {c["code"]: c["label"] for c in total["exits_by_category"]}
    assert labels["retrait"] == "Retrait (libellé modifié)"
