"""The outcome exports: the files say what the screen says, cell by cell, with their filters and date."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from organisations.models import User
from organisations.services import membership_create
from parcours.models import ExitReason, Parcours
from parcours.services import parcours_fire_transition
from tests.factories import make_parcours, make_person

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUPPRESSED = "< 5"
CATEGORIES = ["emploi_durable", "emploi_transition", "sortie_positive", "autre_sortie", "retrait"]


def exit_parcours(parcours: Parcours, actor, *, category: str, days_ago: int) -> Parcours:
    reason = ExitReason.objects.filter(category_id=category, is_active=True).order_by("code").first()
    exit_date = parcours.structure.today() - dt.timedelta(days=days_ago)
    parcours_fire_transition(
        actor=actor, parcours=parcours, name="exit", data={"exit_reason": reason, "exit_date": exit_date}
    )
    parcours.refresh_from_db()
    return parcours


def exited(world, structure, actor, category: str, *, entry_days_ago: int = 200, exit_days_ago: int = 10, **kw):
    return exit_parcours(
        make_parcours(actor=actor, structure=structure, entry_days_ago=entry_days_ago, **kw),
        actor,
        category=category,
        days_ago=exit_days_ago,
    )


def period(world) -> dict:
    today = world.ges.today()
    return {"from": (today - dt.timedelta(days=150)).isoformat(), "to": today.isoformat()}


def get_file(client, url: str, params: dict) -> tuple[bytes, object]:
    response = client.get(url, params)
    assert response.status_code == 200, getattr(response, "content", b"")[:500]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content, response


def read_xlsx(content: bytes) -> dict[str, list[list]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def split_csv(rows: list[list[str]]) -> tuple[dict[str, str], list[str], list[list[str]]]:
    """The filter lines, the header and the table of a CSV export."""
    blank = rows.index([])
    return {row[0]: row[1] for row in rows[:blank]}, rows[blank + 1], rows[blank + 2 :]


def csv_number(text: str):
    if text in ("", SUPPRESSED):
        return None if text == "" else text
    number = float(text.replace(",", "."))
    return int(number) if "," not in text and "." not in text else number


# -- the parcours list ---------------------------------------------------------------------------

PARCOURS_URL = "/api/v1/outcomes/parcours-export/"


@pytest.fixture
def parcours_world(world):
    # Exited in the period, one per category, one exited before the period, one open, one in the ACI.
    for index, category in enumerate(CATEGORIES):
        exited(world, world.ges, world.counsellor, category, exit_days_ago=5 + index)
    world.extra["before"] = exited(world, world.ges, world.counsellor, "emploi_durable", exit_days_ago=170)
    world.extra["other"] = exited(world, world.aci, world.other_counsellor, "emploi_durable", exit_days_ago=3)
    return world


def api_parcours_in_period(client, params: dict) -> list[dict]:
    rows, page = [], 1
    while True:
        body = client.get("/api/v1/parcours/", {"page": page, "page_size": 100}).json()
        rows += body["results"]
        if not body["next"]:
            break
        page += 1
    date_from, date_to = dt.date.fromisoformat(params["from"]), dt.date.fromisoformat(params["to"])
    return [
        row
        for row in rows
        if dt.date.fromisoformat(row["entry_date"]) <= date_to
        and (row["exit_date"] is None or dt.date.fromisoformat(row["exit_date"]) >= date_from)
    ]


def expected_parcours_rows(api_rows: list[dict]) -> list[tuple]:
    return sorted(
        (
            row["structure"]["name"],
            row["person"]["last_name"],
            row["person"]["first_name"],
            dt.date.fromisoformat(row["entry_date"]),
            row["phase_label"],
            dt.date.fromisoformat(row["exit_date"]) if row["exit_date"] else None,
            row["exit_reason"]["label"] if row["exit_reason"] else "",
            row["exit_reason"]["category"]["label"] if row["exit_reason"] else "",
        )
        for row in api_rows
    )


def test_parcours_xlsx_rows_are_the_parcours_the_manager_sees_in_the_period(parcours_world, client_for):
    world = parcours_world
    client = client_for(world.manager)
    params = period(world)
    content, response = get_file(client, PARCOURS_URL, {**params, "file": "xlsx"})

    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == f'attachment; filename="parcours_{params["from"]}_{params["to"]}.xlsx"'
    sheets = read_xlsx(content)
    assert list(sheets) == ["Filtres", "Parcours"]
    filters = {row[0]: row[1] for row in sheets["Filtres"]}
    assert filters["Structures"] == "GES Rhône"
    assert filters["Période"] == (
        f"du {dt.date.fromisoformat(params['from']):%d/%m/%Y} au {dt.date.fromisoformat(params['to']):%d/%m/%Y}"
    )
    assert filters["Généré le"].endswith("(Europe/Paris)")

    header, *rows = sheets["Parcours"]
    assert header == [
        "Structure",
        "Nom",
        "Prénom",
        "Date de naissance",
        "Numéro de PASS IAE",
        "Programme",
        "Référent·e",
        "Date d'entrée",
        "Phase actuelle",
        "Date de sortie",
        "Motif de sortie",
        "Catégorie de sortie",
    ]
    # openpyxl reads dates back as datetimes.
    got = sorted(
        (r[0], r[1], r[2], r[7].date(), r[8], r[9].date() if r[9] else None, r[10] or "", r[11] or "") for r in rows
    )
    expected = expected_parcours_rows(api_parcours_in_period(client, params))
    assert got == expected
    assert len(got) == 2 + len(CATEGORIES)  # world.followed and world.unfollowed are open
    assert {"Emploi durable", "Retrait des sorties constatées"} <= {row[7] for row in got}
    assert world.extra["before"].person.last_name not in {row[1] for row in got}
    assert world.extra["other"].person.last_name not in {row[1] for row in got}
    # Never notes, barriers or eligibility.
    assert not {"Notes", "Freins", "Critères d'éligibilité"} & set(header)


def test_parcours_csv_is_the_same_list_for_french_spreadsheets(parcours_world, client_for):
    world = parcours_world
    client = client_for(world.manager)
    params = period(world)
    content, response = get_file(client, PARCOURS_URL, {**params, "file": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="parcours_{params["from"]}_{params["to"]}.csv"'
    filters, header, rows = split_csv(read_csv(content))
    assert filters["Structures"] == "GES Rhône"
    assert "Généré le" in filters
    assert header[0] == "Structure" and header[-1] == "Catégorie de sortie"

    def day(text: str):
        return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None

    got = sorted((r[0], r[1], r[2], day(r[7]), r[8], day(r[9]), r[10], r[11]) for r in rows)
    assert got == expected_parcours_rows(api_parcours_in_period(client, params))


def test_parcours_export_filters_by_programme_and_referent(parcours_world, client_for):
    world = parcours_world
    client = client_for(world.manager)
    params = period(world)
    content, _ = get_file(client, PARCOURS_URL, {**params, "file": "csv", "programme": world.programme.pk})
    filters, _, rows = split_csv(read_csv(content))
    assert filters["Programme"] == "Parcours EHPAD"
    assert [(r[1], r[5]) for r in rows] == [(world.followed.person.last_name, "Parcours EHPAD")]

    content, _ = get_file(client, PARCOURS_URL, {**params, "file": "csv", "referent": world.counsellor2.pk})
    filters, _, rows = split_csv(read_csv(content))
    assert filters["Référent·e"] == world.counsellor2.get_full_name()
    assert [r[1] for r in rows] == [world.unfollowed.person.last_name]


@pytest.mark.parametrize("role", ["counsellor", "employer_contact", "trainer", "analyst"])
def test_only_managers_export_the_parcours_list(world, client_for, role):
    response = client_for(getattr(world, role)).get(PARCOURS_URL, {"file": "xlsx"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_parcours_export_refuses_a_structure_out_of_scope_and_a_bad_format(world, client_for):
    client = client_for(world.manager)
    response = client.get(PARCOURS_URL, {"file": "xlsx", "structure": world.aci.pk})
    assert response.status_code == 400
    assert "structure" in response.json()["errors"]
    response = client.get(PARCOURS_URL, {"file": "pdf"})
    assert response.status_code == 400
    assert "file" in response.json()["errors"]


def test_parcours_export_formula_like_names_are_written_as_text(world, client_for):
    person = make_person(actor=world.counsellor, structure=world.ges, last_name="=HYPERLINK(1)", first_name="+Léa")
    make_parcours(actor=world.counsellor, structure=world.ges, person=person)
    client = client_for(world.manager)
    content, _ = get_file(client, PARCOURS_URL, {"file": "xlsx"})
    names = {(row[1], row[2]) for row in read_xlsx(content)["Parcours"][1:]}
    assert ("'=HYPERLINK(1)", "'+Léa") in names


def test_parcours_export_a_formula_like_structure_name_is_written_as_text(world, client_for):
    world.ges.name = "=HYPERLINK(2)"
    world.ges.save()
    client = client_for(world.manager)
    content, _ = get_file(client, PARCOURS_URL, {"file": "xlsx"})
    assert {row[0] for row in read_xlsx(content)["Parcours"][1:]} == {"'=HYPERLINK(2)"}
    content, _ = get_file(client, PARCOURS_URL, {"file": "csv"})
    assert {row[0] for row in split_csv(read_csv(content))[2]} == {"'=HYPERLINK(2)"}


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_parcours_export_query_count_does_not_grow_with_rows(world, client_for, file_format):
    programme = world.programme
    counsellors = [world.counsellor, world.counsellor2]

    def add(n: int) -> None:
        for index in range(n):
            actor = counsellors[index % 2]
            parcours = make_parcours(actor=actor, structure=world.ges, programme=programme if index % 3 else None)
            if index % 2:
                exit_parcours(parcours, actor, category=CATEGORIES[index % len(CATEGORIES)], days_ago=1)

    def count() -> tuple[int, int]:
        # A fresh user object each time: its roles are cached on it after the first request.
        client = client_for(User.objects.get(pk=world.manager.pk))
        with CaptureQueriesContext(connection) as queries:
            content, _ = get_file(client, PARCOURS_URL, {"file": file_format})
        rows = read_xlsx(content)["Parcours"][1:] if file_format == "xlsx" else split_csv(read_csv(content))[2]
        return len(queries), len(rows)

    add(3)
    few, rows_few = count()
    add(25)
    many, rows_many = count()
    assert (rows_few, rows_many) == (5, 30)
    assert few == many, (few, many)


# -- the figures ---------------------------------------------------------------------------------

EXPORT_URL = "/api/v1/outcomes/export/"
RATES = [("dynamic_exit_rate", "Taux de sorties dynamiques"), ("durable_employment_rate", "Taux d'emploi durable")]


def expected_indicators(figures: dict) -> dict[tuple[str, str], object]:
    """What each Indicateurs row of a file must hold for one column, from the summary API's Figures."""

    def cell(shape: dict, key: str = "value"):
        return SUPPRESSED if shape["suppressed"] else shape[key]

    cells = {("Sorties par catégorie", c["label"]): cell(c["count"]) for c in figures["exits_by_category"]}
    cells[("Sorties par catégorie", "Sorties constatées")] = cell(figures["counted_exits"])
    for key, label in RATES:
        for part, suffix in (("value", ""), ("numerator", " : numérateur"), ("denominator", " : dénominateur")):
            cells[("Taux", label + suffix)] = cell(figures[key], part)
    for phase in figures["active_by_phase"]:
        cells[("Parcours en cours par phase (fin de période)", phase["label"])] = cell(phase["count"])
    cells[("Entrées", "Entrées dans la période")] = cell(figures["entries"])
    for key, label in (("mean", "Moyenne"), ("median", "Médiane")):
        cells[("Durée des parcours sortis (jours)", label)] = cell(figures["length_days"][key])
    return cells


def expected_columns(summary: dict) -> dict[str, dict]:
    structures = summary["structures"]
    if len(structures) > 1:
        return {**{s["name"]: s["figures"] for s in structures}, "Total": summary["total"]}
    return {(structures[0]["name"] if structures else "Total"): summary["total"]}


def same(got, expected) -> bool:
    if isinstance(expected, float) and isinstance(got, int | float):
        return got == pytest.approx(expected)
    return got == expected


def assert_files_say_what_the_api_says(client, params: dict) -> dict:
    """Compare every figure of the XLSX and CSV exports with the summary, timeseries and funnel APIs."""
    summary = client.get("/api/v1/outcomes/summary/", params).json()
    timeseries = client.get("/api/v1/outcomes/timeseries/", params).json()
    funnel = client.get("/api/v1/outcomes/funnel/", params).json()
    columns = expected_columns(summary)
    targets = {f"Objectif : {label}": summary["targets"][key] for key, label in RATES}
    codes = [c["code"] for c in summary["total"]["exits_by_category"]]

    # XLSX
    content, response = get_file(client, EXPORT_URL, {**params, "file": "xlsx"})
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        f'attachment; filename="indicateurs_{summary["filters"]["from"]}_{summary["filters"]["to"]}.xlsx"'
    )
    sheets = read_xlsx(content)
    assert list(sheets) == ["Filtres", "Indicateurs", "Par mois", "Entonnoir"]
    header, *rows = sheets["Indicateurs"]
    assert header == ["Section", "Indicateur", *columns]
    expected = {name: expected_indicators(figures) for name, figures in columns.items()}
    seen = set()
    for section, indicator, *values in rows:
        if section == "Objectifs":
            assert values == [targets[indicator]] * len(columns)
            continue
        for name, value in zip(columns, values, strict=True):
            assert same(value, expected[name][(section, indicator)]), (name, section, indicator, value)
        seen.add((section, indicator))
    assert seen == set(expected[next(iter(columns))])
    assert len(rows) == len(seen) + len(targets)

    header, *months = sheets["Par mois"]
    assert len(header) == 2 + len(codes)
    assert [row[0] for row in months] == [m["month"] for m in timeseries["months"]]
    for row, month in zip(months, timeseries["months"], strict=True):
        by_code = {e["code"]: e["count"] for e in month["exits"]}
        wanted = [month["entries"], *(by_code[code] for code in codes)]
        assert row[1:] == [SUPPRESSED if c["suppressed"] else c["value"] for c in wanted]

    steps = [funnel["entered"], *(p["count"] for p in funnel["phases"]), funnel["exited"], funnel["durable_employment"]]
    assert [row[1] for row in sheets["Entonnoir"][1:]] == [SUPPRESSED if c["suppressed"] else c["value"] for c in steps]

    # CSV: the same figures, one per line
    content, response = get_file(client, EXPORT_URL, {**params, "file": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    csv_filters, header, lines = split_csv(read_csv(content))
    assert header == ["Section", "Indicateur", "Structure", "Valeur"]
    indicator_lines = [line for line in lines if line[0] not in ("Par mois", "Entonnoir", "Objectifs")]
    assert len(indicator_lines) == len(seen) * len(columns)
    for section, indicator, structure, value in indicator_lines:
        assert same(csv_number(value), expected[structure][(section, indicator)]), (structure, indicator, value)
    month_lines = [line for line in lines if line[0] == "Par mois"]
    assert [csv_number(line[3]) for line in month_lines] == [
        SUPPRESSED if c["suppressed"] else c["value"]
        for m in timeseries["months"]
        for c in [m["entries"], *({e["code"]: e["count"] for e in m["exits"]}[code] for code in codes)]
    ]
    assert [csv_number(line[3]) for line in lines if line[0] == "Entonnoir"] == [
        SUPPRESSED if c["suppressed"] else c["value"] for c in steps
    ]

    # The filters and the generation date, in both files
    xlsx_filters = {row[0]: row[1] for row in sheets["Filtres"]}
    assert xlsx_filters == csv_filters | {"Généré le": xlsx_filters["Généré le"]}
    assert set(xlsx_filters) == {"Période", "Structures", "Programme", "Référent·e", "Région", "Généré le"}
    return {"summary": summary, "sheets": sheets, "filters": xlsx_filters, "csv": lines}


@pytest.fixture
def figures_world(world):
    # GES: five durable exits, one per other category, one open and one exited long ago; ACI: two.
    for days in range(5):
        exited(world, world.ges, world.counsellor, "emploi_durable", exit_days_ago=5 + days, programme=world.programme)
    for category in CATEGORIES[1:]:
        exited(world, world.ges, world.counsellor2, category, entry_days_ago=30, exit_days_ago=2)
    exited(world, world.ges, world.counsellor, "emploi_durable", exit_days_ago=170)
    exited(world, world.aci, world.other_counsellor, "emploi_durable", exit_days_ago=3)
    exited(world, world.aci, world.other_counsellor, "autre_sortie", exit_days_ago=4)
    return world


def test_manager_export_matches_the_api_cell_by_cell(figures_world, client_for):
    world = figures_world
    params = period(world)
    got = assert_files_say_what_the_api_says(client_for(world.manager), params)

    header = got["sheets"]["Indicateurs"][0]
    assert header == ["Section", "Indicateur", "GES Rhône"]  # one structure: no total column
    assert SUPPRESSED not in {cell for row in got["sheets"]["Indicateurs"] for cell in row}
    cells = {(row[0], row[1]): row[2] for row in got["sheets"]["Indicateurs"][1:]}
    assert cells[("Sorties par catégorie", "Emploi durable")] == 5
    assert cells[("Taux", "Taux d'emploi durable")] == pytest.approx(5 / 8)
    filters = got["filters"]
    assert filters["Structures"] == "GES Rhône"
    assert filters["Programme"] == "Tous"
    today = world.ges.today()
    assert filters["Période"] == (f"du {dt.date.fromisoformat(params['from']):%d/%m/%Y} au {today:%d/%m/%Y}")
    assert filters["Généré le"].startswith(f"{today:%d/%m/%Y} à ")
    assert filters["Généré le"].endswith("(Europe/Paris)")


def test_manager_export_with_programme_and_referent_filters(figures_world, client_for):
    world = figures_world
    params = {**period(world), "programme": world.programme.pk, "referent": world.counsellor.pk}
    got = assert_files_say_what_the_api_says(client_for(world.manager), params)
    assert got["filters"]["Programme"] == "Parcours EHPAD"
    assert got["filters"]["Référent·e"] == world.counsellor.get_full_name()


def test_rates_are_written_as_percents(figures_world, client_for):
    world = figures_world
    content, _ = get_file(client_for(world.manager), EXPORT_URL, {**period(world), "file": "xlsx"})
    sheet = load_workbook(io.BytesIO(content))["Indicateurs"]
    formats = {row[1].value: row[2].number_format for row in sheet.iter_rows(min_row=2)}
    assert formats["Taux de sorties dynamiques"] == "0.0%"
    assert formats["Objectif : Taux d'emploi durable"] == "0.0%"
    assert formats["Taux de sorties dynamiques : dénominateur"] == "General"


def test_analyst_export_matches_the_api_with_small_counts_suppressed(figures_world, client_for):
    world = figures_world
    got = assert_files_say_what_the_api_says(client_for(world.analyst), period(world))

    assert got["sheets"]["Indicateurs"][0] == ["Section", "Indicateur", "ACI Réunion", "GES Rhône", "Total"]
    cells = {(row[0], row[1]): row[2:] for row in got["sheets"]["Indicateurs"][1:]}
    # ACI: one durable exit, hidden; GES: five, hidden with it (else 6 - 5 gives ACI's back); the total shown.
    assert cells[("Sorties par catégorie", "Emploi durable")] == [SUPPRESSED, SUPPRESSED, 6]
    assert cells[("Taux", "Taux d'emploi durable")][0] == SUPPRESSED
    assert cells[("Taux", "Taux d'emploi durable : numérateur")][0] == SUPPRESSED
    # The API hides them too: never the number in the file.
    aci = next(s for s in got["summary"]["structures"] if s["name"] == "ACI Réunion")["figures"]
    assert aci["counted_exits"] == {"value": None, "suppressed": True}
    csv_aci = {(line[1], line[3]) for line in got["csv"] if line[2] == "ACI Réunion"}
    assert ("Emploi durable", SUPPRESSED) in csv_aci
    assert ("Sorties constatées", SUPPRESSED) in csv_aci
    assert got["filters"]["Structures"] == "ACI Réunion, GES Rhône"


def test_multi_structure_manager_sees_structures_side_by_side_and_the_total(figures_world, client_for):
    world = figures_world
    membership_create(user=world.manager, organisation=world.aci, role="manager")
    got = assert_files_say_what_the_api_says(client_for(world.manager), period(world))
    assert got["sheets"]["Indicateurs"][0] == ["Section", "Indicateur", "ACI Réunion", "GES Rhône", "Total"]
    cells = {(row[0], row[1]): row[2:] for row in got["sheets"]["Indicateurs"][1:]}
    assert cells[("Sorties par catégorie", "Emploi durable")] == [1, 5, 6]  # managers see small counts


@pytest.mark.parametrize("role", ["counsellor", "employer_contact", "trainer"])
def test_roles_without_exports_get_403(world, client_for, role):
    for file_format in ("xlsx", "csv"):
        response = client_for(getattr(world, role)).get(EXPORT_URL, {"file": file_format})
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"


def test_figures_export_refuses_bad_filters_with_400(world, client_for):
    client = client_for(world.manager)
    response = client.get(EXPORT_URL, {"file": "xlsx", "from": "2026-05-01", "to": "2026-01-01"})
    assert response.status_code == 400
    assert "from" in response.json()["errors"]
    response = client.get(EXPORT_URL, {"file": "xlsx", "structure": world.aci.pk})
    assert response.status_code == 400
    assert "structure" in response.json()["errors"]


def test_anonymous_gets_401(client):
    assert client.get(EXPORT_URL).status_code in (401, 403)


def test_analyst_export_of_one_structure(figures_world, client_for):
    world = figures_world
    got = assert_files_say_what_the_api_says(client_for(world.analyst), {**period(world), "structure": world.ges.pk})
    assert got["sheets"]["Indicateurs"][0] == ["Section", "Indicateur", "GES Rhône"]
    assert got["filters"]["Structures"] == "GES Rhône"
    assert got["filters"]["Généré le"].endswith("(Europe/Paris)")


def test_generation_date_is_written_in_the_structure_time_zone(world, client_for):
    client = client_for(world.other_manager)
    for url in (EXPORT_URL, PARCOURS_URL):
        content, _ = get_file(client, url, {"file": "csv"})
        filters, _, _ = split_csv(read_csv(content))
        assert filters["Structures"] == "ACI Réunion"
        assert filters["Généré le"].startswith(f"{world.aci.today():%d/%m/%Y} à ")
        assert filters["Généré le"].endswith("(Indian/Reunion)")


def test_parcours_export_a_control_character_in_a_name_does_not_break_the_workbook(world, client_for):
    person = make_person(
        actor=world.counsellor, structure=world.ges, last_name="Dupont\x0bMartin", first_name="Léa\x1f"
    )
    make_parcours(actor=world.counsellor, structure=world.ges, person=person)
    client = client_for(world.manager)
    content, _ = get_file(client, PARCOURS_URL, {"file": "xlsx"})
    names = {(row[1], row[2]) for row in read_xlsx(content)["Parcours"][1:]}
    assert ("DupontMartin", "Léa") in names
