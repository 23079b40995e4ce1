"""The managers' privacy tools in a real Chromium: who read a person's file (« Accès au dossier »),
the right-of-access export downloaded as JSON, and the same entries in the « Journal d'accès »."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from audit.models import AuditEntry, Event
from organisations.models import Membership
from parcours.models import Parcours, Phase
from tests.e2e.test_web_app import assert_accessible

pytestmark = pytest.mark.e2e


def test_manager_sees_who_read_a_file_and_exports_it(app, page):
    managed = Membership.objects.filter(user__email="direction@rhone.demo", role=Membership.Role.MANAGER).values(
        "organisation"
    )
    parcours = (
        Parcours.objects.filter(referent__email="cip1@rhone.demo", structure__in=managed)
        .exclude(phase=Phase.EXITED)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    assert parcours is not None, "the demo has a parcours followed by cip1 in direction's structure"
    person = parcours.person
    name = f"{person.first_name} {person.last_name}"

    # 1. The counsellor opens the file: a read of the parcours, about the person.
    app.login("cip1@rhone.demo", path=f"/parcours/{parcours.pk}")
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    tablist = page.get_by_role("tablist", name="Journal de suivi")
    expect(tablist.get_by_role("tab", name="Suivi")).to_be_visible()
    expect(tablist.get_by_role("tab", name="Accès au dossier")).to_have_count(0)
    app.logout()

    # 2. The manager sees that consultation in « Accès au dossier »...
    app.login("direction@rhone.demo", path=f"/parcours/{parcours.pk}?onglet=acces")
    panel = page.get_by_role("tabpanel", name="Accès au dossier")
    table = panel.get_by_role("table", name=f"Accès au dossier de {name}")
    consultation = table.get_by_role("row").filter(has_text="cip1@rhone.demo").filter(has_text="Consultation")
    expect(consultation.first).to_be_visible()
    expect(panel).to_contain_text("article 15 du RGPD")
    assert_accessible(page, "manager: access to the file")
    app.screenshot("acces-au-dossier")

    # ... and downloads the right-of-access export (JSON), itself audited.
    with page.expect_download() as info:
        panel.get_by_role("link", name="Exporter le dossier (JSON)").click()
    download = info.value
    assert download.suggested_filename == f"droit-d-acces-personne-{person.pk}.json"
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["person"]["id"] == person.pk
    assert any(entry["event"] == "read" for entry in data["audit"])
    assert AuditEntry.objects.filter(event=Event.EXPORT, person_id=person.pk).exists()

    # 3. The « Journal d'accès », filtered on the person and the exports, shows that export.
    panel.get_by_role("link", name="Ouvrir dans le journal d'accès").click()
    expect(page.get_by_role("heading", level=1, name="Journal d'accès")).to_be_visible()
    page.get_by_label("Événement").click()
    page.get_by_role("option", name="Export", exact=True).click()
    page.keyboard.press("Escape")
    expect(page).to_have_url(f"{app.url('/direction/journal')}?evenement=export&personne={person.pk}")
    journal = page.get_by_role("table", name=f"Journal d'accès : personne n° {person.pk}")
    expect(
        journal.get_by_role("row").filter(has_text="direction@rhone.demo").filter(has_text="Export").first
    ).to_be_visible()
    assert_accessible(page, "manager: audit log")
    app.screenshot("journal-d-acces")
