"""What counsellors and managers do in the web app, in a real Chromium."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from parcours.models import Parcours, Phase

pytestmark = pytest.mark.e2e


def followed_open_parcours(email: str) -> Parcours:
    return (
        Parcours.objects.filter(referent__email=email, phase=Phase.ENTRY, co_referents__isnull=True)
        .select_related("person", "structure")
        .order_by("pk")
        .first()
    )


def assert_accessible(page, name: str) -> None:
    # Audit the page at rest: a dialog still fading out (Mantine's close transition) is a
    # half-removed node that axe would judge, and the verdict would depend on timing.
    # (Endless ones, such as a loader's spin, are not waited for.)
    page.wait_for_function(
        "() => document.getAnimations().every("
        "(a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)"
    )
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not serious, f"{name}: " + "; ".join(f"{v['id']}: {v['help']}" for v in serious)


def test_login_page_is_accessible_and_rejects_bad_credentials(app, page):
    page.goto(app.url("/"))
    expect(page).to_have_url(re.compile(r"/connexion"))
    assert_accessible(page, "login")
    app.screenshot("login")
    page.get_by_label("Adresse e-mail").fill("cip1@rhone.demo")
    page.get_by_label("Mot de passe").fill("wrong")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text("E-mail ou mot de passe incorrect")


def test_counsellor_finds_a_person_and_exits_the_parcours(app, page):
    parcours = followed_open_parcours("cip1@rhone.demo")
    person = parcours.person
    app.login("cip1@rhone.demo")
    expect(page.get_by_role("heading", name="À faire aujourd'hui")).to_be_visible()  # the landing page
    page.get_by_role("navigation").get_by_role("link", name="Mon portefeuille").click()
    expect(page.get_by_role("heading", name="Mon portefeuille")).to_be_visible()
    page.get_by_label("Rechercher une personne").fill(person.last_name)
    expect(page).to_have_url(re.compile(r"search="))
    link = page.get_by_role("link", name=f"{person.first_name} {person.last_name}")
    expect(link).to_be_visible()
    assert_accessible(page, "caseload")
    app.screenshot("caseload")

    link.click()
    expect(page.get_by_role("heading", level=1, name=f"{person.first_name} {person.last_name}")).to_be_visible()
    expect(page).to_have_title(f"{person.first_name} {person.last_name} – Tremplin")
    expect(page.get_by_text("Phase actuelle : Accueil / entrée")).to_be_visible()
    assert_accessible(page, "parcours")
    app.screenshot("parcours")

    page.get_by_role("button", name="Sortie du parcours").click()
    dialog = page.get_by_role("dialog", name="Sortie du parcours")
    dialog.get_by_label("Motif de sortie").click()
    page.get_by_role("option", name="Embauche en CDI non aidé").click()
    dialog.get_by_label("Date de sortie").fill(parcours.structure.today().isoformat())
    dialog.get_by_label("Commentaire").fill("Embauchée à l'EHPAD Les Tilleuls")
    dialog.get_by_role("button", name="Confirmer la sortie").click()

    expect(page.get_by_text("Phase actuelle : Sortie")).to_be_visible()
    history = page.get_by_role("region", name="Historique")
    expect(history).to_contain_text("Sortie du parcours")
    expect(history).to_contain_text("Embauchée à l'EHPAD Les Tilleuls")
    expect(page.get_by_text("Aucune transition possible : le parcours est clos.")).to_be_visible()
    parcours.refresh_from_db()
    assert (parcours.phase, parcours.exit_reason_id) == ("exited", "cdi_non_aide")


def test_exit_errors_from_the_server_are_shown_next_to_the_field(app, page):
    parcours = followed_open_parcours("cip1@rhone.demo")
    app.login("cip1@rhone.demo", path=f"/parcours/{parcours.pk}")
    page.get_by_role("button", name="Sortie du parcours").click()
    dialog = page.get_by_role("dialog", name="Sortie du parcours")
    dialog.get_by_role("button", name="Confirmer la sortie").click()
    # The server's 400 field errors land under their fields.
    expect(dialog.get_by_label("Motif de sortie")).to_have_attribute("aria-invalid", "true")
    expect(dialog.get_by_text("Ce champ est obligatoire.")).to_be_visible()
    parcours.refresh_from_db()
    assert parcours.phase == "entry"


def test_a_conflict_from_the_server_is_shown_in_the_dialog(app, page):
    from parcours.models import ExitReason
    from parcours.services import parcours_fire_transition

    parcours = followed_open_parcours("cip1@rhone.demo")
    app.login("cip1@rhone.demo", path=f"/parcours/{parcours.pk}")
    page.get_by_role("button", name="Sortie du parcours").click()
    dialog = page.get_by_role("dialog", name="Sortie du parcours")
    # Meanwhile a colleague closes the parcours.
    parcours_fire_transition(
        actor=parcours.referent,
        parcours=parcours,
        name="exit",
        data={"exit_reason": ExitReason.objects.get(pk="chomage"), "exit_date": parcours.entry_date, "comment": ""},
    )
    dialog.get_by_label("Motif de sortie").click()
    page.get_by_role("option", name="Embauche en CDI non aidé").click()
    dialog.get_by_label("Date de sortie").fill(parcours.structure.today().isoformat())
    dialog.get_by_role("button", name="Confirmer la sortie").click()
    expect(dialog.get_by_role("alert")).to_contain_text("n'est pas possible depuis la phase « Sortie »")
    dialog.get_by_role("button", name="Annuler").click()
    # The conflict reloaded the parcours: the page now shows what the colleague did.
    expect(page.get_by_text("Phase actuelle : Sortie")).to_be_visible()
    expect(page.get_by_role("button", name="Sortie du parcours")).to_have_count(0)
    parcours.refresh_from_db()
    assert parcours.exit_reason_id == "chomage"


def test_counsellor_cannot_reach_a_parcours_of_another_structure(app, page):
    foreign = followed_open_parcours("cip1@reunion.demo")
    app.login("cip1@rhone.demo", path="/portefeuille")
    expect(page.get_by_role("heading", name="Mon portefeuille")).to_be_visible()
    page.goto(app.url(f"/parcours/{foreign.pk}"))
    expect(page.get_by_text("Parcours introuvable.")).to_be_visible()
    expect(page.get_by_text(foreign.person.last_name)).to_have_count(0)


def test_manager_reassigns_the_referent(app, page):
    parcours = followed_open_parcours("cip1@rhone.demo")
    app.login("direction@rhone.demo", path=f"/parcours/{parcours.pk}")
    page.get_by_role("button", name="Réaffecter").click()
    dialog = page.get_by_role("dialog", name="Réaffecter le parcours")
    dialog.get_by_label("Nouveau référent").click()
    page.get_by_role("option", name=re.compile("Mehdi|cip2", re.IGNORECASE)).first.click()
    dialog.get_by_role("button", name="Réaffecter le parcours").click()
    expect(dialog).to_be_hidden()
    parcours.refresh_from_db()
    assert parcours.referent.email == "cip2@rhone.demo"
    expect(page.get_by_text(parcours.referent.get_full_name()).first).to_be_visible()


def test_filters_live_in_the_url_and_survive_back_and_reload(app, page):
    app.login("direction@rhone.demo", path="/portefeuille")
    expect(page.get_by_role("heading", name="Parcours de la structure")).to_be_visible()
    page.goto(app.url("/portefeuille?phase=exited"))
    rows = page.get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Sortie")
    exited = Parcours.objects.filter(structure__name="GES Rhône Solidaire", phase="exited").count()
    shown = min(exited, 25)  # the first page (the demo's history of exits fills more than one)
    expect(rows).to_have_count(shown + 1)
    page.reload()
    expect(rows).to_have_count(shown + 1)
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"phase=exited"))


def test_an_expired_session_returns_to_login_and_then_to_the_page_wanted(app, page):
    app.login("cip1@rhone.demo", path="/portefeuille")
    expect(page.get_by_role("heading", name="Mon portefeuille")).to_be_visible()
    page.wait_for_load_state("networkidle")  # a response still in flight would renew the session
    page.context.clear_cookies()  # what the server does after 30 idle minutes
    page.goto(app.url("/portefeuille?phase=entry"))
    expect(page).to_have_url(re.compile(r"/connexion\?suivant="))
    page.get_by_label("Adresse e-mail").fill("cip1@rhone.demo")
    page.get_by_label("Mot de passe").fill("tremplin-demo")
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/portefeuille\?phase=entry"))


def test_other_roles_land_on_a_page_that_says_what_they_will_find(app, page):
    app.login("analyste@reseau.demo")
    expect(page.get_by_role("heading", name="Bienvenue")).to_be_visible()
    expect(page.get_by_text("Réseau Coorace", exact=False).first).to_be_visible()
    app.screenshot("accueil")


def test_logout(app, page):
    app.login("cip1@rhone.demo")
    app.logout()
    expect(page).to_have_url(re.compile(r"/connexion"))
    page.goto(app.url("/portefeuille"))
    expect(page).to_have_url(re.compile(r"/connexion"))


def test_a_blocked_transition_is_disabled_and_says_why(app, page):
    parcours = followed_open_parcours("cip1@rhone.demo")
    app.login("cip1@rhone.demo", path=f"/parcours/{parcours.pk}")
    button = page.get_by_role("button", name="Démarrer l'immersion (PMSMP)")
    expect(button).to_be_disabled()
    # The reason is text on the page, tied to the button, not only a tooltip.
    reason = "Aucune immersion (PMSMP) de ce parcours n'est confirmée par l'employeur d'accueil."
    expect(page.get_by_text(reason)).to_be_visible()
    described_by = button.get_attribute("aria-describedby")
    assert described_by and reason in page.locator(f"#{described_by}").inner_text()
