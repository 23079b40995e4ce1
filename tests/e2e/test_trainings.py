"""Trainings and VAE in a real Chromium: the counsellor enrols a person in a session, the training
body accepts, the parcours moves to training; a VAE jury validates two blocs and the parcours page
shows the ones still missing."""

import re

import pytest
from playwright.sync_api import expect

from parcours.models import Parcours, Phase
from tests.e2e.test_web_app import assert_accessible
from trainings.models import AttendanceRecord, Enrolment, TrainingSession, VaeApplication

pytestmark = pytest.mark.e2e

SESSION_TITLE = "DEAS — parcours complet"


def parcours_to_enrol(email: str, session: TrainingSession) -> Parcours:
    """A followed parcours that may start a training, not yet in the session and with no VAE."""
    return (
        Parcours.objects.filter(
            referent__email=email,
            phase__in=[Phase.ENTRY, Phase.IMMERSION, Phase.INTERIM],
            vae_applications__isnull=True,
        )
        .exclude(enrolments__session=session)
        .select_related("person", "structure")
        .order_by("pk")
        .first()
    )


def parcours_at_jury(email: str) -> Parcours:
    return (
        Parcours.objects.filter(referent__email=email, vae_applications__state=VaeApplication.State.JURY_SCHEDULED)
        .select_related("person", "structure")
        .order_by("pk")
        .first()
    )


def test_enrolment_from_application_to_start_training(app, page):
    session = TrainingSession.objects.filter(training__title=SESSION_TITLE).order_by("start_date", "pk").first()
    parcours = parcours_to_enrol("cip1@rhone.demo", session)
    assert session is not None and parcours is not None, "the demo has a DEAS session and a parcours to enrol"
    person = f"{parcours.person.first_name} {parcours.person.last_name}"

    # 1. The counsellor enrols the person in the session, its seats shown.
    app.login("cip1@rhone.demo", path=f"/parcours/{parcours.pk}")
    training = page.get_by_role("region", name="Formation", exact=True)
    expect(training).to_be_visible()
    training.get_by_role("button", name="Inscrire à une session").click()
    dialog = page.get_by_role("dialog", name="Inscrire à une session")
    choice = dialog.get_by_role("radio", name=re.compile(re.escape(f"{SESSION_TITLE} — {session.training_body.name}")))
    expect(choice).to_be_enabled()
    expect(dialog).to_contain_text(re.compile(rf"places? restantes? / {session.capacity}"))
    assert_accessible(page, "enrolment dialog")
    app.screenshot("inscription-session")
    choice.check()
    dialog.get_by_label("Commentaire").fill("Projet aide-soignante confirmé en immersion.")
    dialog.get_by_role("button", name="Inscrire").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text("Inscription enregistrée")).to_be_visible()
    expect(training).to_contain_text("Candidature")
    expect(page.get_by_role("button", name="Démarrer la formation")).to_be_disabled()
    expect(page.get_by_text(re.compile("Aucune inscription de ce parcours .* acceptée"))).to_be_visible()
    enrolment = Enrolment.objects.get(parcours=parcours, session=session)
    assert enrolment.state == "applied"
    app.logout()

    # 2. The trainer finds the application in the session and accepts it.
    app.login("formation@ifs.demo")
    expect(page.get_by_role("heading", level=1, name="Sessions de formation")).to_be_visible()
    assert_accessible(page, "trainer sessions")
    app.screenshot("sessions-formation")
    page.get_by_role("region", name="En cours et à venir").get_by_role(
        "link", name=re.compile(re.escape(SESSION_TITLE))
    ).first.click()
    expect(page).to_have_url(re.compile(rf"/sessions/{session.pk}$"))
    to_decide = page.get_by_role("region", name="Candidatures à traiter")
    card = to_decide.get_by_role("article", name=person)
    expect(card).to_contain_text("Candidature")
    assert_accessible(page, "session page")
    app.screenshot("session-formation")
    card.get_by_role("button", name="Accepter").click()
    page.get_by_role("dialog", name="Accepter").get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("region", name="Feuille de présence").get_by_role("article", name=person)).to_be_visible()
    expect(page.get_by_text("Action enregistrée : Accepter.")).to_be_visible()
    enrolment.refresh_from_db()
    assert enrolment.state == "accepted"
    app.logout()

    # 3. The counsellor sees the acceptance and starts the training.
    app.login("cip1@rhone.demo", path=f"/parcours/{parcours.pk}")
    expect(page.get_by_role("region", name="Formation", exact=True)).to_contain_text("Acceptée")
    page.get_by_role("button", name="Démarrer la formation").click()
    page.get_by_role("dialog").get_by_role("button", name="Confirmer").click()
    expect(page.get_by_text("Phase actuelle : Formation")).to_be_visible()
    parcours.refresh_from_db()
    assert parcours.phase == "training"


def test_vae_partial_validation_shows_the_missing_blocs(app, page):
    parcours = parcours_at_jury("cip1@rhone.demo")
    assert parcours is not None, "the demo has a VAE at the jury for cip1"
    application = parcours.vae_applications.get(state=VaeApplication.State.JURY_SCHEDULED)

    app.login("cip1@rhone.demo", path=f"/parcours/{parcours.pk}")
    vae = page.get_by_role("region", name="VAE", exact=True)
    card = vae.get_by_role("article", name=re.compile("VAE DEAS"))
    expect(card).to_contain_text("Jury programmé")
    expect(card.get_by_role("progressbar")).to_be_visible()
    expect(vae.get_by_role("button", name="Ouvrir une VAE (DEAS)")).to_have_count(0)

    card.get_by_role("button", name="Validation partielle").click()
    dialog = page.get_by_role("dialog", name="Validation partielle")
    dialog.get_by_label("Date de la décision du jury").fill(parcours.structure.today().isoformat())
    dialog.get_by_role("checkbox", name=re.compile(r"^Bloc 1 ·")).check()
    dialog.get_by_role("checkbox", name=re.compile(r"^Bloc 2 ·")).check()
    assert_accessible(page, "VAE step dialog")
    dialog.get_by_role("button", name="Enregistrer").click()
    expect(dialog).to_be_hidden()

    expect(page.get_by_text("Étape enregistrée : Validation partielle.")).to_be_visible()
    expect(card).to_contain_text("Validation partielle")
    expect(card.get_by_role("list", name="Blocs validés (2)").get_by_role("listitem")).to_have_count(2)
    missing = card.get_by_role("list", name="Blocs manquants (3)")
    for number in (3, 4, 5):
        expect(missing).to_contain_text(f"Bloc {number} ·")
    expect(card.get_by_role("button", name="Parcours complémentaire")).to_be_visible()
    assert_accessible(page, "parcours with a partial VAE")
    app.screenshot("vae-validation-partielle")

    application.refresh_from_db()
    assert application.state == "validated_partial"
    assert sorted(application.validated_blocs.values_list("number", flat=True)) == [1, 2]


def test_trainer_attendance_sheet_and_results(app, page):
    """The trainer marks an accepted person present on today's attendance sheet (their entry into
    training), then enters a result with its bloc for one in training; the counsellor's parcours
    page shows the result."""
    module = TrainingSession.objects.filter(
        enrolments__state=Enrolment.State.ATTENDING, training__blocs__isnull=False
    ).first()
    attending = module.enrolments.select_related("parcours__person").get(state=Enrolment.State.ATTENDING)
    accepted = (  # in a session that has started: attendance is taken from the first day
        Enrolment.objects.filter(
            state=Enrolment.State.ACCEPTED,
            session__training_body=module.training_body,
            session__start_date__lte=module.training_body.today(),
        )
        .select_related("parcours__person")
        .order_by("pk")
        .first()
    )
    bloc = module.training.blocs.order_by("number").first()

    # Today's sheet (feuille d'émargement): present is the accepted person's entry into training.
    today = accepted.session.training_body.today()
    app.login("formation@ifs.demo", path=f"/sessions/{accepted.session_id}")
    sheet = page.get_by_role("region", name="Feuille de présence")
    expect(sheet.get_by_label("Jour de la feuille")).to_have_value(today.isoformat())
    name = f"{accepted.parcours.person.first_name} {accepted.parcours.person.last_name}"
    line = sheet.get_by_role("article", name=name)
    expect(line).to_contain_text("Non saisi")
    line.get_by_role("radio", name="Présent·e").check()
    assert_accessible(page, "attendance sheet")
    app.screenshot("feuille-de-presence")
    sheet.get_by_role("button", name="Enregistrer la feuille").click()
    expect(page.get_by_role("status").filter(has_text="Feuille de présence du")).to_contain_text(
        f"Feuille de présence du {today:%d/%m/%Y} enregistrée"
    )
    results = page.get_by_role("region", name="Résultats à saisir")
    expect(results.get_by_role("article", name=name)).to_be_visible()
    expect(line.get_by_role("radio", name="Présent·e")).to_be_checked()
    accepted.refresh_from_db()
    assert accepted.state == Enrolment.State.ATTENDING
    assert accepted.attendance.get(date=today).status == AttendanceRecord.Status.PRESENT

    page.goto(app.url(f"/sessions/{module.pk}"))
    name = f"{attending.parcours.person.first_name} {attending.parcours.person.last_name}"
    card = page.get_by_role("region", name="Résultats à saisir").get_by_role("article", name=name)
    card.get_by_role("button", name="Saisir le résultat").click()
    dialog = page.get_by_role("dialog", name="Saisir le résultat")
    dialog.get_by_role("button", name="Confirmer").click()
    expect(dialog.get_by_text("Ce champ est obligatoire.")).to_be_visible()  # the result is required
    dialog.get_by_role("radio", name="Réussite").check()
    dialog.get_by_role("checkbox", name=re.compile(rf"^Bloc {bloc.number} ·")).check()
    assert_accessible(page, "results dialog")
    dialog.get_by_role("button", name="Confirmer").click()
    expect(dialog).to_be_hidden()
    closed = page.get_by_role("region", name="Inscriptions closes").get_by_role("article", name=name)
    expect(closed).to_contain_text("Réussite")
    attending.refresh_from_db()
    assert (attending.state, attending.result) == ("completed", "passed")
    assert list(attending.validated_blocs.values_list("number", flat=True)) == [bloc.number]
    app.logout()

    app.login(attending.parcours.referent.email, path=f"/parcours/{attending.parcours_id}")
    training = page.get_by_role("region", name="Formation", exact=True)
    expect(training).to_contain_text("Réussite")
    expect(training).to_contain_text(f"Bloc {bloc.number}")
