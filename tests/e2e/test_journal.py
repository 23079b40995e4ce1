"""The follow-up journal in a real Chromium: the counsellor logs an interview with a barrier on
the parcours page, sees both in their tabs, moves the barrier on, and finds them at the top of
the parcours' timeline."""

import re

import pytest
from playwright.sync_api import expect

from parcours.models import Barrier, BarrierType, FollowUp, Parcours, Phase
from tests.e2e.test_web_app import assert_accessible

pytestmark = pytest.mark.e2e

NOTE = "Entretien de suivi : point sur la recherche d'emploi et sur le trajet jusqu'à l'EHPAD."


def followed_parcours(email: str) -> Parcours:
    return (
        Parcours.objects.filter(referent__email=email)
        .exclude(phase=Phase.EXITED)
        .select_related("person", "structure")
        .order_by("pk")
        .first()
    )


def test_counsellor_logs_an_interview_with_a_barrier(app, page):
    parcours = followed_parcours("cip1@rhone.demo")
    assert parcours is not None, "cip1 follows an open parcours in the demo"
    taken = Barrier.objects.filter(parcours=parcours).values("type_id")
    barrier_type = BarrierType.objects.filter(is_active=True).exclude(pk__in=taken).order_by("pk").first()
    assert barrier_type is not None, "the reference list of barriers is loaded"

    # 1. The interview, from the "Suivi" tab (open by default), the CNIL reminder at the note.
    app.login("cip1@rhone.demo", path=f"/parcours/{parcours.pk}")
    journal = page.get_by_role("region", name="Journal de suivi")
    expect(journal.get_by_role("tab", name="Suivi", selected=True)).to_be_visible()
    form = journal.get_by_role("form", name="Noter un suivi")
    expect(form.get_by_label("Type")).to_have_value("interview")
    expect(form.get_by_label("Durée (minutes)")).to_have_value("45")
    expect(form).to_contain_text("la personne peut les lire (droit d'accès)")
    form.get_by_label("Note").fill(NOTE)
    form.get_by_role("button", name="Enregistrer le suivi").click()
    expect(journal.get_by_text(re.compile("Suivi enregistré : Entretien individuel du"))).to_be_visible()
    follow_ups = journal.get_by_role("list", name="Suivis enregistrés")
    expect(follow_ups.get_by_role("listitem").first).to_contain_text(NOTE)
    follow_up = FollowUp.objects.get(parcours=parcours, note=NOTE)
    assert follow_up.kind == "interview" and follow_up.duration_minutes == 45
    assert_accessible(page, "journal: follow-up")
    app.screenshot("journal-suivi")

    # 2. The barrier, coded from the reference list, supported by a partner.
    journal.get_by_role("tab", name="Freins").click()
    journal.get_by_role("button", name="Ajouter un frein").click()
    dialog = page.get_by_role("dialog", name="Ajouter un frein")
    dialog.get_by_label("Frein").select_option(label=barrier_type.label)
    dialog.get_by_role("radio", name="Externe (un partenaire)").check()
    dialog.get_by_label("Par qui").fill("Plateforme mobilité")
    assert_accessible(page, "journal: barrier dialog")
    dialog.get_by_role("button", name="Ajouter").click()
    expect(dialog).to_be_hidden()
    barriers = journal.get_by_role("list", name="Freins")
    item = barriers.get_by_role("listitem").filter(has_text=barrier_type.label)
    expect(item).to_contain_text("Identifié")
    expect(item).to_contain_text("Externe, par Plateforme mobilité")

    # ... then its work starts: identifié -> en cours.
    item.get_by_role("button", name=f"Changer l'état : {barrier_type.label}").click()
    status = page.get_by_role("dialog", name="Changer l'état du frein")
    expect(status.get_by_role("radio", name="En cours de levée")).to_be_checked()
    status.get_by_role("button", name="Enregistrer").click()
    expect(status).to_be_hidden()
    expect(item).to_contain_text("En cours de levée")
    barrier = Barrier.objects.get(parcours=parcours, type=barrier_type)
    assert barrier.status == "in_progress" and barrier.version == 2
    assert_accessible(page, "journal: barriers")
    app.screenshot("journal-freins")

    # 3. The timeline: the barrier's changes and the interview are on top, newest first.
    journal.get_by_role("tab", name="Chronologie").click()
    timeline = journal.get_by_role("list", name="Chronologie")
    entries = timeline.get_by_role("listitem")
    expect(entries.nth(0)).to_contain_text(f"Frein « {barrier_type.label} » : en cours de levée")
    expect(entries.nth(1)).to_contain_text(f"Frein « {barrier_type.label} » : identifié")
    expect(entries.nth(2)).to_contain_text("Entretien individuel (45 min)")
    expect(entries.nth(2)).to_contain_text(NOTE)
    assert_accessible(page, "journal: timeline")
    app.screenshot("journal-chronologie")


def test_counsellor_clears_a_no_follow_up_alert_by_logging_one(app, page):
    quiet = (
        Parcours.objects.filter(referent__email="cip1@rhone.demo", person__last_name="Masson")
        .exclude(phase=Phase.EXITED)
        .select_related("person")
        .get()
    )
    name = f"{quiet.person.first_name} {quiet.person.last_name}"

    # The home page lists the alert among today's tasks, with what to do.
    app.login("cip1@rhone.demo")
    expect(page).to_have_url(re.compile("/accueil$"))
    today = page.get_by_role("list", name="Alertes à traiter")
    line = today.get_by_role("listitem").filter(has_text="Aucun suivi depuis 30 jours").filter(has_text=name)
    expect(line).to_have_count(1)
    expect(line).to_contain_text("À faire : Faire un entretien et le noter dans le journal.")
    assert_accessible(page, "home: today's tasks")
    app.screenshot("accueil-a-faire")

    # Its link opens the parcours on the "Suivi" tab, where the interview is logged.
    line.get_by_role("link", name=name).click()
    journal = page.get_by_role("region", name="Journal de suivi")
    expect(journal.get_by_role("tab", name="Suivi", selected=True)).to_be_visible()
    form = journal.get_by_role("form", name="Noter un suivi")
    form.get_by_label("Note").fill("Entretien téléphonique : point sur les démarches de la semaine.")
    form.get_by_role("button", name="Enregistrer le suivi").click()
    expect(journal.get_by_text(re.compile("Suivi enregistré"))).to_be_visible()

    # Back home, the alert is gone; the caseload's badge too.
    page.get_by_role("link", name="← Retour à l'accueil").click()
    expect(page.get_by_role("heading", name="À faire aujourd'hui")).to_be_visible()
    cleared = page.get_by_role("listitem").filter(has_text="Aucun suivi depuis 30 jours").filter(has_text=name)
    expect(cleared).to_have_count(0)
    assert FollowUp.objects.filter(parcours=quiet).latest("occurred_at").created_by.email == "cip1@rhone.demo"
    page.goto(app.url("/portefeuille?alert=no_follow_up"))
    expect(page.get_by_text(name)).to_have_count(0)
