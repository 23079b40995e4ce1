"""The manager's tools in a real Chromium: parcours gone quiet reassigned two at a time, and a
structure's file imported after a dry run that found one error."""

import datetime as dt
import re

import pytest
from django.db.models import Max
from django.utils import timezone
from playwright.sync_api import expect

from parcours.models import Parcours, Person, Phase
from tests.e2e.test_web_app import assert_accessible

pytestmark = pytest.mark.e2e

HEADER = "nom;prenom;date_naissance;numero_pass_iae;debut_pass_iae;fin_pass_iae;date_entree;phase;email_referent"


def csv_file(lines: list[str]) -> dict:
    return {"name": "reprise.csv", "mimeType": "text/csv", "buffer": "\n".join([HEADER, *lines]).encode()}


def test_manager_bulk_reassigns_then_imports_after_a_dry_run(app, page):
    # Two of cip1's parcours with no follow-up for the last 3 days.
    quiet = list(
        Parcours.objects.filter(referent__email="cip1@rhone.demo")
        .exclude(phase=Phase.EXITED)
        .annotate(last=Max("follow_ups__occurred_at"))
        .filter(last__lt=timezone.now() - dt.timedelta(days=3))
        .select_related("person")
        .order_by("pk")[:2]
    )
    assert len(quiet) == 2, "the demo has parcours gone quiet"
    names = [f"{p.person.first_name} {p.person.last_name}" for p in quiet]

    # 1. The stale list, for 3 days, two rows ticked, reassigned to cip2 at once.
    app.login("direction@rhone.demo", path="/direction")
    page.get_by_label("Aucun suivi depuis (jours)").fill("3")
    page.get_by_role("button", name="Afficher").click()
    section = page.get_by_role("region", name="Sans suivi depuis 3 jours")
    for name in names:
        section.get_by_role("checkbox", name=f"Sélectionner {name}").check()
    section.get_by_role("button", name="Réaffecter (2)").click()
    dialog = page.get_by_role("dialog", name="Réaffecter les parcours sélectionnés")
    dialog.get_by_label("Nouveau référent").click()
    page.get_by_role("option", name=re.compile("Mehdi|cip2", re.IGNORECASE)).first.click()
    assert_accessible(page, "manager: bulk reassign dialog")
    dialog.get_by_role("button", name="Réaffecter").click()
    expect(dialog).to_be_hidden()
    expect(section.get_by_role("status")).to_contain_text("2 parcours réaffectés")
    assert {p.referent.email for p in Parcours.objects.filter(pk__in=[p.pk for p in quiet])} == {"cip2@rhone.demo"}
    assert_accessible(page, "manager: lists")
    app.screenshot("direction")

    # 2. The import: a dry run finds the unknown referent on line 3 and writes nothing...
    page.get_by_role("link", name="importer un fichier CSV").click()
    expect(page.get_by_role("heading", name="Importer des parcours")).to_be_visible()
    today = dt.date.today().replace(day=1).isoformat()
    good = f"Lemoine;Inès;14/02/1992;999996900901;01/09/2026;31/08/2028;{today};entry;cip1@rhone.demo"
    bad = f"Perrin;Yanis;03/07/1988;;;;{today};entry;inconnu@rhone.demo"
    page.get_by_label("Fichier CSV").set_input_files(csv_file([good, bad]))
    page.get_by_role("button", name="Vérifier le fichier").click()
    report = page.get_by_role("region", name="Rapport d'import")
    expect(report).to_contain_text("Le fichier contient 1 erreur : rien n'a été importé.")
    errors = page.get_by_role("region", name="Erreurs du fichier (1)")
    expect(errors.get_by_role("row").nth(1)).to_contain_text("3")
    expect(errors.get_by_role("row").nth(1)).to_contain_text("email_referent")
    expect(page.get_by_role("button", name="Importer", exact=True)).to_be_disabled()
    assert not Person.objects.filter(last_name__in=["Lemoine", "Perrin"]).exists()
    assert_accessible(page, "manager: import errors")
    app.screenshot("import-erreurs")

    # ... the corrected file checks clean, then imports.
    fixed = bad.replace("inconnu@rhone.demo", "cip2@rhone.demo")
    page.get_by_label("Fichier CSV").set_input_files(csv_file([good, fixed]))
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(report).to_contain_text("Le fichier est valide")
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(report).to_contain_text("Import terminé")
    expect(report).to_contain_text("2 parcours créés")
    rows = Parcours.objects.filter(person__last_name__in=["Lemoine", "Perrin"]).select_related("person", "referent")
    imported = {p.person.last_name: p.referent.email for p in rows}
    assert imported == {"Lemoine": "cip1@rhone.demo", "Perrin": "cip2@rhone.demo"}
