"""End-to-end harness: the built web app, served by pytest-django's live server, driven in
Debian's Chromium through Playwright (its own browser download does not work on these machines).

Without Chromium or without a built frontend the browser tests are skipped with one line that
says why; with CI=true that is a failure instead.
"""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
# Screenshots go to var/screenshots (ignored by git); `make screenshots` refreshes the committed
# ones in frontend/screenshots.
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS") or ROOT / "var" / "screenshots")
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}

# Playwright's sync API runs an event loop in the test thread; the ORM calls made there
# (fixtures, database flushes, assertions) are still plain synchronous code. Test-only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if not (Path(settings.FRONTEND_DIST) / "index.html").exists():
        return f"frontend not built: {settings.FRONTEND_DIST}/index.html missing (make test builds it)"
    return None


def pytest_collection_modifyitems(config, items):
    e2e = [item for item in items if "e2e" in item.keywords]
    reason = _missing() if e2e else None
    if not reason:
        return
    if os.environ.get("CI", "").lower() == "true":
        raise pytest.UsageError(f"Browser tests cannot run in CI: {reason}")
    print(f"\nSkipping {len(e2e)} browser tests: {reason}")
    for item in e2e:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "viewport": DESKTOP}


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def app(live_server, demo, page):
    """A page on the live server with the demo loaded; ``app.url(path)`` builds absolute URLs."""
    page.set_default_timeout(10_000)

    class App:
        base = live_server.url

        def url(self, path: str) -> str:
            return f"{live_server.url}{path}"

        def login(self, email: str, password: str = "tremplin-demo", path: str = "/") -> None:
            page.goto(self.url(path))
            page.get_by_label("Adresse e-mail").fill(email)
            page.get_by_label("Mot de passe").fill(password)
            page.get_by_role("button", name="Se connecter").click()

        def logout(self) -> None:
            # Wait for the logout to finish: a page loaded meanwhile would race it for the session.
            page.get_by_role("button", name="Se déconnecter").click()
            expect(page.get_by_label("Adresse e-mail")).to_be_visible()

        def screenshot(self, name: str) -> None:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            for label, size in (("desktop", DESKTOP), ("mobile", MOBILE)):
                page.set_viewport_size(size)
                page.wait_for_timeout(150)
                page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
            page.set_viewport_size(DESKTOP)

    yield App()
    # Leave no request in flight (the bell polls) while the database is flushed after the test.
    page.goto("about:blank")
    page.wait_for_timeout(300)
