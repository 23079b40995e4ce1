"""« Mes notifications » in a real Chromium: a counsellor switches off the e-mail of the daily
alert digest, and the choice holds after a reload and in the API."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_web_app import assert_accessible

pytestmark = pytest.mark.e2e

DIGEST = "Récapitulatif quotidien des alertes"


def test_counsellor_switches_off_the_alert_digest_email(app, page):
    app.login("cip1@rhone.demo")
    page.get_by_role("navigation").get_by_role("link", name="Mes notifications").click()
    expect(page.get_by_role("heading", level=1, name="Mes notifications")).to_be_visible()
    expect(page).to_have_url(app.url("/mes-notifications"))

    digest = page.get_by_role("group", name=DIGEST)
    email = digest.get_by_role("switch", name="Par e-mail")
    in_app = digest.get_by_role("switch", name="Dans l'application")
    expect(email).to_be_checked()
    expect(in_app).to_be_checked()
    # Only the kinds a counsellor receives: not the employers' proposals.
    expect(page.get_by_role("group", name="Mise en situation proposée")).to_have_count(0)

    # With the keyboard, as the switch is a native checkbox.
    email.focus()
    page.keyboard.press("Space")
    expect(digest.get_by_role("status")).to_have_text(f"Enregistré. Vous ne recevrez plus « {DIGEST} » par e-mail.")
    expect(email).not_to_be_checked()
    assert_accessible(page, "counsellor: notification preferences")
    app.screenshot("mes-notifications")

    page.reload()
    expect(email).not_to_be_checked()
    expect(in_app).to_be_checked()

    # The same session asks the API.
    response = page.request.get(app.url("/api/v1/notifications/preferences/"))
    assert response.ok, response.status
    assert response.json()["alert_digest"] == {"email": False, "in_app": True}
