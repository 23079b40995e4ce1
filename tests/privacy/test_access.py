"""Right of access: a manager exports everything held on one person, as JSON and as a readable
document; the export is audited; nobody else can."""

import datetime as dt
import json

import pytest

from audit.models import AuditEntry, Event
from parcours.models import FollowUp

pytestmark = pytest.mark.django_db


def _url(person_id):
    return f"/api/v1/persons/{person_id}/access-export/"


@pytest.fixture
def file(world, client_for):
    parcours = world.followed
    FollowUp.objects.create(
        parcours=parcours,
        kind="interview",
        occurred_at=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC),
        duration_minutes=30,
        note="Point sur la recherche d'emploi",
        created_by=world.counsellor,
    )
    client_for(world.counsellor).get(f"/api/v1/parcours/{parcours.pk}/")  # a read, for the audit part
    return parcours


def test_the_json_export_holds_the_whole_file_and_who_accessed_it(world, client_for, file):
    response = client_for(world.manager).get(_url(file.person_id))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    body = json.loads(response.content)
    assert body["person"]["first_name"] == file.person.first_name
    assert [p["id"] for p in body["parcours"]] == [file.pk]
    assert [t["target"] for t in body["phasetransition"]] == ["entry"]
    assert body["followup"][0]["note"] == "Point sur la recherche d'emploi"
    for key in ("barrier", "action", "appointment", "placement", "enrolment", "vaeapplication"):
        assert body[key] == []
    events = [(row["event"], row["actor"]) for row in body["audit"]]
    assert ("read", world.counsellor.get_full_name()) in events
    # The export itself is in the trail, and in the file it produced.
    assert ("export", world.manager.get_full_name()) in events
    [entry] = AuditEntry.objects.filter(event=Event.EXPORT, person_id=file.person_id)
    assert entry.actor == world.manager and entry.additional_data == {"file": "droit_d_acces", "format": "json"}


def test_the_html_export_is_a_readable_document(world, client_for, file):
    response = client_for(world.manager).get(_url(file.person_id), {"file": "html"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert f"tout ce que Tremplin conserve sur {file.person.first_name} {file.person.last_name}" in page
    assert "Point sur la recherche d&#x27;emploi" in page
    assert "Qui a consulté ou modifié ce dossier" in page and "Consultation" in page


def test_html_is_escaped(world, client_for, file):
    FollowUp.objects.filter(parcours=file).update(note="<script>alert(1)</script>")
    page = client_for(world.manager).get(_url(file.person_id), {"file": "html"}).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("role", ["counsellor"])
def test_a_counsellor_who_sees_the_person_gets_403(world, client_for, file, role):
    response = client_for(getattr(world, role)).get(_url(file.person_id))
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["other_manager", "other_counsellor", "employer_contact", "trainer", "analyst"])
def test_out_of_scope_is_404_and_nothing_is_recorded(world, client_for, file, role):
    response = client_for(getattr(world, role)).get(_url(file.person_id))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(event=Event.EXPORT).exists()


def test_a_bad_format_is_400(world, client_for, file):
    response = client_for(world.manager).get(_url(file.person_id), {"file": "pdf"})
    assert response.status_code == 400
    assert "file" in response.json()["errors"]
