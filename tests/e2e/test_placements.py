"""Placements in a real Chromium: the counsellor proposes, the employer confirms, the parcours moves."""

import re

import pytest
from playwright.sync_api import expect

from employers.models import Placement
from parcours.models import Parcours, Phase
from tests.e2e.test_web_app import assert_accessible

pytestmark = pytest.mark.e2e


def open_parcours_without_placements(email: str) -> Parcours:
    return (
        Parcours.objects.filter(referent__email=email, phase=Phase.ENTRY, placements__isnull=True)
        .select_related("person", "structure")
        .order_by("pk")
        .first()
    )


def propose(page, *, kind: str, establishment: str, start: str, end: str, **fields) -> None:
    page.get_by_role("button", name="Proposer une mise en situation").click()
    dialog = page.get_by_role("dialog", name="Proposer une mise en situation")
    dialog.get_by_label("Type").click()
    page.get_by_role("option", name=kind).click()
    dialog.get_by_label("Établissement").click()
    page.get_by_role("option", name=re.compile(re.escape(establishment))).click()
    dialog.get_by_label("Début").fill(start)
    dialog.get_by_label("Fin").fill(end)
    if "objectif" in fields:
        dialog.get_by_label("Objectif").click()
        page.get_by_role("option", name=fields["objectif"]).click()
    if "poste" in fields:
        dialog.get_by_label("Poste").fill(fields["poste"])
        dialog.get_by_label("Heures par semaine").fill(str(fields["heures"]))
    dialog.get_by_role("button", name="Proposer").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text("Mise en situation proposée.")).to_be_visible()


def confirm_as_employer(app, page, person_name: str) -> None:
    app.login("rh@tilleuls.demo")
    expect(page.get_by_role("heading", level=1, name="Mises en situation")).to_be_visible()
    assert_accessible(page, "employer inbox")
    app.screenshot("mises-en-situation")
    card = page.get_by_role("region", name="À confirmer").get_by_role("article", name=person_name)
    expect(card).to_contain_text("Proposée")
    card.get_by_role("button", name="Confirmer").click()
    page.get_by_role("dialog").get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("region", name="En cours")).to_contain_text(person_name)
    app.logout()


def test_pmsmp_then_mission_from_proposal_to_phase_change(app, page):
    parcours = open_parcours_without_placements("cip1@rhone.demo")
    person = f"{parcours.person.first_name} {parcours.person.last_name}"
    today = parcours.structure.today()
    start = today.toordinal()

    # 1. The counsellor proposes a PMSMP at an EHPAD of Les Tilleuls.
    app.login("cip1@rhone.demo", path=f"/parcours/{parcours.pk}")
    propose(
        page,
        kind="Immersion (PMSMP)",
        establishment="Villeurbanne",
        start=today.fromordinal(start + 1).isoformat(),
        end=today.fromordinal(start + 14).isoformat(),
        objectif="Découvrir un métier",
    )
    expect(page.get_by_role("region", name="Mises en situation")).to_contain_text("Proposée")
    expect(page.get_by_role("button", name="Démarrer l'immersion (PMSMP)")).to_be_disabled()
    app.logout()

    # 2. The employer sees it in the inbox and confirms it.
    confirm_as_employer(app, page, person)
    assert Placement.objects.get(parcours=parcours, kind="pmsmp").state == "confirmed"

    # 3. The counsellor is notified and starts the immersion.
    app.login("cip1@rhone.demo")
    bell = page.get_by_role("button", name=re.compile(r"Notifications \([1-9]\d* non lues?\)"))
    expect(bell).to_be_visible()
    bell.click()
    expect(page.get_by_text(re.compile(f"confirmée : {re.escape(person)}"))).to_be_visible()
    page.goto(app.url(f"/parcours/{parcours.pk}"))
    page.get_by_role("button", name="Démarrer l'immersion (PMSMP)").click()
    page.get_by_role("dialog").get_by_role("button", name=re.compile("Confirmer")).click()
    expect(page.get_by_text("Phase actuelle : Immersion (PMSMP)")).to_be_visible()

    # 4. Later an interim mission is confirmed and start_interim succeeds.
    propose(
        page,
        kind="Mission d'intérim",
        establishment="Vénissieux",
        start=today.fromordinal(start + 20).isoformat(),
        end=today.fromordinal(start + 60).isoformat(),
        poste="Agent de service hospitalier",
        heures=35,
    )
    app.logout()
    confirm_as_employer(app, page, person)
    app.login("cip1@rhone.demo", path=f"/parcours/{parcours.pk}")
    page.get_by_role("button", name="Démarrer le contrat d'intérim").click()
    page.get_by_role("dialog").get_by_role("button", name=re.compile("Confirmer")).click()
    expect(page.get_by_text("Phase actuelle : Contrat d'intérim")).to_be_visible()
    parcours.refresh_from_db()
    assert parcours.phase == "interim"
    assert list(parcours.transitions.values_list("name", flat=True)) == ["create", "start_immersion", "start_interim"]
