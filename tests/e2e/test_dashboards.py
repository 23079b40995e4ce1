"""The outcomes dashboards in a real Chromium: a manager filters and downloads the figures, a
network analyst sees the structures side by side without any person's name, and employer contacts
and trainers see their own small dashboards."""

import io
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from organisations.models import Organisation
from parcours.models import Person, Programme
from tests.e2e.test_web_app import assert_accessible

pytestmark = pytest.mark.e2e


def number(text: str) -> float:
    """A figure as the page writes it ("12", "1 234", "62,5 %") -> a number."""
    cleaned = re.sub(r"[\s\u00a0\u202f%j]", "", text).replace(",", ".")
    return float(cleaned)


def open_dashboard(app, page, email: str) -> None:
    app.login(email)
    page.get_by_role("navigation").get_by_role("link", name="Tableau de bord").click()
    expect(page.get_by_role("heading", level=1, name="Tableau de bord")).to_be_visible()
    expect(page).to_have_title("Tableau de bord – Tremplin")


def indicators(workbook) -> dict[str, list]:
    sheet = workbook["Indicateurs"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Section", "Indicateur")
    return {row[1]: list(row[2:]) for row in rows[1:]}


def test_manager_filters_to_a_programme_and_downloads_the_xlsx(app, page):
    programme = Programme.objects.get(name="Parcours EHPAD", structure__name="GES Rhône Solidaire")
    open_dashboard(app, page, "direction@rhone.demo")
    expect(page.get_by_text("Les parcours de votre structure.")).to_be_visible()
    expect(page.get_by_test_id("counted-exits")).to_be_visible()

    def filtered_summary(response) -> bool:
        return "/api/v1/outcomes/summary/" in response.url and f"programme={programme.pk}" in response.url

    with page.expect_response(filtered_summary) as answer:
        page.get_by_label("Programme", exact=True).click()
        page.get_by_role("option", name="Parcours EHPAD").click()
    assert answer.value.ok
    expect(page).to_have_url(re.compile(rf"[?&]programme={programme.pk}(&|$)"))
    summary = answer.value.json()
    exits = summary["total"]["counted_exits"]["value"]
    rate = summary["total"]["dynamic_exit_rate"]["value"]
    assert exits and exits > 0, "the demo should have exits in the period"
    expect(page.get_by_test_id("counted-exits")).to_have_text(str(exits))
    expect(page.get_by_text("Mise à jour des chiffres…")).to_have_count(0)

    # Every chart has its figures in a table.
    page.get_by_text("Voir les données").first.click()
    expect(page.get_by_role("table", name="Sorties par mois et par catégorie")).to_be_visible()
    assert_accessible(page, "dashboard (manager)")
    app.screenshot("dashboard-manager")

    on_screen_exits = number(page.get_by_test_id("counted-exits").inner_text())
    on_screen_rate = number(page.get_by_test_id("dynamic-rate").inner_text())
    link = page.get_by_role("link", name="Exporter (Excel)")
    assert f"programme={programme.pk}" in link.get_attribute("href")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    figures = indicators(workbook)
    assert figures["Sorties constatées"][-1] == on_screen_exits == exits
    assert round(figures["Taux de sorties dynamiques"][-1] * 100, 1) == on_screen_rate == round(rate * 100, 1)
    filters = {row[0]: row[1] for row in workbook["Filtres"].iter_rows(values_only=True)}
    assert filters["Programme"] == "Parcours EHPAD"

    # The filters live in the URL: a reload keeps them, back removes the last one.
    page.reload()
    expect(page.get_by_label("Programme", exact=True)).to_have_value("Parcours EHPAD")
    expect(page.get_by_test_id("counted-exits")).to_have_text(str(exits))
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"programme="))
    expect(page.get_by_label("Programme", exact=True)).to_have_value("")
    page.go_forward()
    expect(page.get_by_label("Programme", exact=True)).to_have_value("Parcours EHPAD")
    expect(page.get_by_role("link", name="Liste des parcours (Excel)")).to_have_attribute(
        "href", re.compile(rf"/api/v1/outcomes/parcours-export/\?file=xlsx&.*programme={programme.pk}")
    )


def test_analyst_sees_both_structures_side_by_side_and_no_names(app, page):
    structures = list(Organisation.objects.filter(kind="structure").order_by("name").values_list("name", flat=True))
    assert structures == ["ACI Ti Kaz Solidaire", "GES Rhône Solidaire"]
    open_dashboard(app, page, "analyste@reseau.demo")
    table = page.get_by_role("table", name="Chiffres par structure et au total")
    expect(table).to_be_visible()
    header = table.get_by_role("row").first
    for name in structures:
        expect(header).to_contain_text(name)
    expect(header).to_contain_text("Total")
    expect(page.get_by_text(re.compile("masqué : effectif inférieur à 5")).first).to_be_visible()
    expect(page.get_by_role("link", name="Exporter (Excel)")).to_be_visible()
    expect(page.get_by_role("link", name="Liste des parcours (Excel)")).to_have_count(0)
    expect(page.get_by_label("Structures", exact=True)).to_be_visible()
    page.get_by_text("Voir les données").first.click()
    expect(page.get_by_text("Mise à jour des chiffres…")).to_have_count(0)

    html = page.content()
    names = {n for person in Person.objects.all() for n in (person.first_name, person.last_name) if n}
    assert names, "the demo has people"
    found = sorted(n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", html))
    assert not found, f"names of people on the analyst's dashboard: {found}"
    assert_accessible(page, "dashboard (analyst)")
    app.screenshot("dashboard-analyst")


def test_employer_and_trainer_see_their_small_dashboards(app, page):
    open_dashboard(app, page, "rh@tilleuls.demo")
    expect(page.get_by_role("heading", name="Mises en situation de votre établissement")).to_be_visible()
    expect(page.get_by_test_id("placements-proposed")).to_have_text(re.compile(r"^(\d+|< 5)$"))
    expect(page.get_by_test_id("placements-rate")).to_be_visible()
    expect(page.get_by_test_id("placements-median")).to_be_visible()
    assert_accessible(page, "dashboard (employer)")
    app.screenshot("dashboard-employer")
    app.logout()

    open_dashboard(app, page, "formation@ifs.demo")
    expect(page.get_by_role("heading", name="Inscriptions à vos sessions de formation")).to_be_visible()
    expect(page.get_by_test_id("trainings-enrolments")).to_have_text(re.compile(r"^(\d+|< 5)$"))
    expect(page.get_by_test_id("trainings-rate")).to_be_visible()
    assert_accessible(page, "dashboard (trainer)")
    app.screenshot("dashboard-trainer")
