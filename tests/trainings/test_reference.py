"""Certifications and their blocs are reference data: loaded from fixtures/reference/, upserted
by ``load_reference``, listed to everyone who works on parcours or trainings."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from trainings.models import Certification, CertificationBloc

pytestmark = pytest.mark.django_db
REFERENCE = Path(__file__).resolve().parents[2] / "fixtures" / "reference"


def test_the_deas_and_its_five_blocs_come_from_the_reference_files(world, client_for):
    with (REFERENCE / "certification_blocs.csv").open(encoding="utf-8", newline="") as handle:
        expected = [
            (int(row["bloc"]), row["label"]) for row in csv.DictReader(handle) if row["certification"] == "DEAS"
        ]
    assert [number for number, _ in expected] == [1, 2, 3, 4, 5]
    body = client_for(world.counsellor).get("/api/v1/certifications/").json()
    deas = next(item for item in body if item["code"] == "DEAS")
    assert deas["title"] == "Diplôme d'État d'aide-soignant"
    assert deas["required_experience_hours"] == 1607
    assert [(bloc["number"], bloc["label"]) for bloc in deas["blocs"]] == expected


def test_load_reference_upserts_and_says_what_it_loaded(world):
    CertificationBloc.objects.filter(certification__code="DEAS", number=2).update(label="ancien intitulé")
    out = StringIO()
    call_command("load_reference", stdout=out)
    assert "1 certification(s) et 5 blocs de compétences" in out.getvalue()
    assert Certification.objects.count() == 1
    assert CertificationBloc.objects.get(certification__code="DEAS", number=2).label.startswith("Évaluation")
