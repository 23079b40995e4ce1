"""Bulk import of parcours through the API: the template, the dry run, per-row errors, all or
nothing, idempotence, the permissions it grants, who may import, and its query count."""

import csv
import datetime as dt
import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from parcours import imports
from parcours.imports import COLUMN_NAMES, REFERENT_PLACEHOLDER
from parcours.models import (
    Parcours,
    ParcoursGroupObjectPermission,
    ParcoursUserObjectPermission,
    Person,
    PersonGroupObjectPermission,
    PersonUserObjectPermission,
    PhaseTransition,
)
from parcours.permissions import parcours_sync_permissions
from parcours.services import person_create
from tests.conftest import api_client_for
from tests.factories import World

pytestmark = pytest.mark.django_db

URL = "/api/v1/parcours-imports/"
TABLES = (
    Person,
    Parcours,
    PhaseTransition,
    ParcoursUserObjectPermission,
    ParcoursGroupObjectPermission,
    PersonUserObjectPermission,
    PersonGroupObjectPermission,
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


def row(world, n: int = 1, **values) -> dict[str, str]:
    base = {
        "nom": f"Import{n}",
        "prenom": "Léa",
        "date_naissance": f"{(n % 28) + 1:02d}/03/1985",
        "date_entree": "2025-02-03",
        "email_referent": world.counsellor.email,
    }
    return base | values


def csv_bytes(rows: list[dict[str, str]], *, delimiter: str = ";", columns=None) -> bytes:
    columns = columns or COLUMN_NAMES
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def upload(client, data: bytes, structure, *, dry_run: bool = True, name: str = "import.csv"):
    return client.post(
        URL,
        {
            "file": SimpleUploadedFile(name, data, content_type="text/csv"),
            "structure": structure.pk,
            "dry_run": "true" if dry_run else "false",
        },
        format="multipart",
    )


def errors_of(response) -> set[tuple[int, str, str]]:
    return {(error["line"], error["field"], error["code"]) for error in response.json()["errors"]}


def test_template_header_is_the_parser_columns_and_its_examples_import_cleanly(world, client_for):
    manager = client_for(world.manager)
    response = manager.get(URL + "template/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="modele_import_parcours.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert lines[0] == COLUMN_NAMES and len(lines) == 3
    assert manager.get(URL + "template/", HTTP_ACCEPT="text/csv").content == response.content

    filled = text.replace(REFERENT_PLACEHOLDER, world.counsellor.email).encode()
    response = upload(manager, filled, world.ges, dry_run=False)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["committed"] is True and body["errors"] == []
    assert body["summary"]["persons_created"] == 2 and body["summary"]["parcours_created"] == 2
    assert [(r["line"], r["phase"]) for r in body["rows"]] == [(2, "training"), (3, "exited")]
    exited = Parcours.objects.get(person__last_name="N'DIAYE")
    assert (exited.exit_reason_id, exited.exit_date) == ("cdi_non_aide", dt.date(2025, 3, 31))


def test_the_format_documentation_lists_every_column():
    from pathlib import Path

    documented = (Path(__file__).resolve().parents[2] / "docs" / "import.md").read_text()
    for name in COLUMN_NAMES:
        assert f"| `{name}`" in documented, name


def test_template_needs_a_login(world):
    from rest_framework.test import APIClient

    assert APIClient().get(URL + "template/").status_code == 401


def test_dry_run_reports_everything_and_writes_nothing(world, client_for):
    before = counts()
    data = csv_bytes([row(world, 1), row(world, 2, phase="Formation")])
    response = upload(client_for(world.manager), data, world.ges, dry_run=True)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert counts() == before
    assert body == {
        "dry_run": True,
        "committed": False,
        "structure": world.ges.pk,
        "total_rows": 2,
        "summary": {
            "persons_created": 2,
            "persons_updated": 0,
            "persons_unchanged": 0,
            "parcours_created": 2,
            "parcours_unchanged": 0,
        },
        "rows": [
            {
                "line": 2,
                "person": "IMPORT1 Léa",
                "person_action": "create",
                "parcours_action": "create",
                "phase": "entry",
            },
            {
                "line": 3,
                "person": "IMPORT2 Léa",
                "person_action": "create",
                "parcours_action": "create",
                "phase": "training",
            },
        ],
        "errors": [],
    }


def test_real_import_writes_parcours_journal_and_permissions(world, client_for):
    before = counts()
    rows = [
        row(world, 1, numero_pass_iae="999990000011", debut_pass_iae="01/02/2025", fin_pass_iae="31/01/2027"),
        row(world, 2, phase="immersion", email_referent=world.counsellor2.email.upper()),
        row(world, 3, phase="exited", date_sortie="2025-04-30", motif_sortie="cdi_non_aide"),
    ]
    response = upload(client_for(world.manager), csv_bytes(rows), world.ges, dry_run=False)
    assert response.status_code == 200, response.json()
    assert response.json()["committed"] is True
    after = counts()
    assert after["Person"] - before["Person"] == 3
    assert after["Parcours"] - before["Parcours"] == 3
    assert after["PhaseTransition"] - before["PhaseTransition"] == 3

    first = Parcours.objects.select_related("person").get(person__last_name="Import1")
    assert (first.phase, first.entry_date, first.referent, first.structure) == (
        "entry",
        dt.date(2025, 2, 3),
        world.counsellor,
        world.ges,
    )
    assert first.person.pass_iae_number == "999990000011" and first.person.created_by == world.manager
    transition = PhaseTransition.objects.get(parcours__person__last_name="Import2")
    assert (transition.name, transition.source, transition.target, transition.actor, transition.effective_date) == (
        "import",
        "",
        "immersion",
        world.manager,
        dt.date(2025, 2, 3),
    )
    assert transition.details == {"source": "import"}
    assert PhaseTransition.objects.get(parcours__person__last_name="Import3").details == {
        "source": "import",
        "exit_reason": "cdi_non_aide",
    }
    # Who sees what, through the API.
    listed = {p["person"]["last_name"] for p in client_for(world.counsellor).get("/api/v1/parcours/").json()["results"]}
    assert {"Import1", "Import3"} <= listed and "Import2" not in listed
    listed = {
        p["person"]["last_name"] for p in client_for(world.counsellor2).get("/api/v1/parcours/").json()["results"]
    }
    assert "Import2" in listed
    manager_sees = client_for(world.manager).get("/api/v1/parcours/", {"page_size": 100}).json()["results"]
    assert {"Import1", "Import2", "Import3"} <= {p["person"]["last_name"] for p in manager_sees}
    assert client_for(world.other_manager).get(f"/api/v1/parcours/{first.pk}/").status_code == 404
    # The timeline says where the parcours came from.
    second = Parcours.objects.get(person__last_name="Import2")
    entries = client_for(world.counsellor2).get(f"/api/v1/parcours/{second.pk}/timeline/").json()["results"]
    assert [entry["title"] for entry in entries] == ["Reprise depuis l'outil précédent, en phase « Immersion (PMSMP) »"]


def permission_rows():
    return {
        model.__name__: set(
            model.objects.values_list(
                "content_object_id", "user_id" if "User" in model.__name__ else "group_id", "permission_id"
            )
        )
        for model in TABLES[3:]
    }


def test_bulk_permissions_are_exactly_what_the_per_object_sync_derives(world, client_for):
    # A person counsellor2 registered without a parcours: counsellor2 sees them until a parcours
    # with another referent exists; the import must drop that right as the per-object sync would.
    known = person_create(
        actor=world.counsellor2,
        structure=world.ges,
        first_name="Jean",
        last_name="Connu",
        birth_date=dt.date(1980, 1, 2),
    )
    rows = [
        row(world, 1),
        row(world, 2, phase="vae", email_referent=world.counsellor2.email),
        row(world, 3, nom="CONNU", prenom="jean", date_naissance="02/01/1980", telephone="0612345678"),
    ]
    response = upload(client_for(world.manager), csv_bytes(rows), world.ges, dry_run=False)
    assert response.status_code == 200, response.json()
    assert [r["person_action"] for r in response.json()["rows"]] == ["create", "create", "update"]
    imported = permission_rows()
    for parcours in Parcours.objects.filter(transitions__name="import"):
        parcours_sync_permissions(parcours)
    assert permission_rows() == imported
    assert client_for(world.counsellor2).get(f"/api/v1/persons/{known.pk}/").status_code == 404
    assert client_for(world.counsellor).get(f"/api/v1/persons/{known.pk}/").status_code == 200


def test_errors_are_reported_per_row_with_line_and_column(world, client_for):
    world.counsellor2.is_active = False
    world.counsellor2.save()
    tomorrow = world.aci.today() + dt.timedelta(days=1)
    rows = [
        row(world, 1),  # line 2: fine
        row(world, 2, date_naissance="31/02/1985", code_postal="690", email="pas-un-email"),  # line 3
        row(world, 3, email_referent=world.counsellor2.email, phase="retraite"),  # line 4
        row(world, 4, phase="exited", date_sortie="2025-01-01"),  # line 5: exit before entry, no reason
        row(world, 5, date_entree=tomorrow.isoformat(), numero_pass_iae="12345"),  # line 6
        row(world, 6, nom="", date_naissance="", motif_sortie="cdi_non_aide"),  # line 7
        row(world, 7, debut_pass_iae="01/02/2025", fin_pass_iae="01/01/2025", telephone="abc"),  # line 8
        row(world, 1),  # line 9: the same person as line 2
        row(world, 8, email_referent=world.other_counsellor.email),  # line 10: not of this structure
    ]
    before = counts()
    response = upload(client_for(world.manager), csv_bytes(rows), world.ges, dry_run=False)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_invalid" and body["committed"] is False and "rien n'a été importé" in body["message"]
    assert errors_of(response) == {
        (3, "date_naissance", "invalid_date"),
        (3, "email", "invalid"),
        (3, "code_postal", "invalid"),
        (4, "phase", "invalid_phase"),
        (4, "email_referent", "referent_not_counsellor"),
        (5, "motif_sortie", "required"),
        (5, "date_sortie", "exit_before_entry"),
        (6, "numero_pass_iae", "invalid"),
        (6, "date_entree", "entry_in_future"),
        (7, "nom", "required"),
        (7, "date_naissance", "required"),
        (7, "motif_sortie", "exit_fields_on_open"),
        (8, "telephone", "invalid"),
        (8, "fin_pass_iae", "pass_iae_dates"),
        (9, "nom", "duplicate_person"),
        (10, "email_referent", "referent_not_counsellor"),
    }
    assert [e["line"] for e in body["errors"]] == sorted(e["line"] for e in body["errors"])
    assert all(e["message"] for e in body["errors"])
    assert counts() == before


def test_one_bad_row_among_good_ones_writes_nothing(world, client_for):
    rows = [row(world, n) for n in range(1, 6)]
    rows[3]["date_entree"] = "demain"
    before = counts()
    response = upload(client_for(world.manager), csv_bytes(rows), world.ges, dry_run=False)
    assert response.status_code == 400
    assert errors_of(response) == {(5, "date_entree", "invalid_date")}
    assert counts() == before


def test_reimporting_the_same_file_creates_nothing_and_a_new_row_creates_only_itself(world, client_for):
    manager = client_for(world.manager)
    rows = [
        row(world, 1, numero_pass_iae="999990000021"),
        row(world, 2),
        row(world, 3, phase="exited", date_sortie="2025-03-01", motif_sortie="cdi_non_aide"),
    ]
    assert upload(manager, csv_bytes(rows), world.ges, dry_run=False).status_code == 200
    after_first = counts()

    again = upload(manager, csv_bytes(rows), world.ges, dry_run=False)
    assert again.status_code == 200, again.json()
    assert again.json()["summary"] == {
        "persons_created": 0,
        "persons_updated": 0,
        "persons_unchanged": 3,
        "parcours_created": 0,
        "parcours_unchanged": 3,
    }
    assert counts() == after_first

    # Same persons written differently (case, accents, comma separator), plus one new row.
    rows[1] = rows[1] | {"nom": "IMPORT2", "prenom": "lea"}
    response = upload(manager, csv_bytes([*rows, row(world, 4)], delimiter=","), world.ges, dry_run=False)
    assert response.status_code == 200, response.json()
    assert response.json()["summary"]["persons_created"] == 1 and response.json()["summary"]["parcours_created"] == 1
    assert [r["person_action"] for r in response.json()["rows"]] == ["unchanged", "unchanged", "unchanged", "create"]
    after_second = counts()
    assert after_second["Person"] == after_first["Person"] + 1
    assert after_second["Parcours"] == after_first["Parcours"] + 1


def test_a_known_person_is_matched_and_completed_and_a_new_parcours_opens_after_an_exit(world, client_for):
    person = world.followed.person
    person.birth_date = dt.date(1990, 5, 6)
    person.save()
    manager = client_for(world.manager)
    line = row(
        world,
        1,
        nom=person.last_name.upper(),
        prenom=person.first_name,
        date_naissance="1990-05-06",
        telephone="06 11 22 33 44",
        date_entree="2025-01-15",
        phase="training",
    )
    response = upload(manager, csv_bytes([line]), world.ges, dry_run=False)
    assert response.status_code == 200, response.json()
    # An open parcours exists: no second one, and its phase stays (the report says which).
    assert response.json()["rows"][0] | {"line": 0} == {
        "line": 0,
        "person": f"{person.last_name.upper()} {person.first_name}",
        "person_action": "update",
        "parcours_action": "unchanged",
        "phase": "entry",
    }
    person.refresh_from_db()
    assert person.phone == "06 11 22 33 44" and person.version == 2
    assert Parcours.objects.filter(person=person).count() == 1

    # By PASS number, once the person has one; an exited one with another entry date gets a new parcours.
    Person.objects.filter(pk=person.pk).update(pass_iae_number="999990000031")
    Parcours.objects.filter(pk=world.followed.pk).update(
        phase="exited", exit_date=world.followed.entry_date, exit_reason_id="cdi_non_aide"
    )
    line = row(world, 9, nom="Autre", numero_pass_iae="999990000031", date_naissance="")
    response = upload(manager, csv_bytes([line]), world.ges, dry_run=False)
    assert response.status_code == 200, response.json()
    assert (response.json()["rows"][0]["person_action"], response.json()["rows"][0]["parcours_action"]) == (
        "update",
        "create",
    )
    assert Parcours.objects.filter(person=person).count() == 2


@pytest.mark.parametrize("role", ["counsellor", "employer_contact", "trainer", "analyst", "other_counsellor"])
def test_only_managers_may_import(world, client_for, role):
    before = counts()
    response = upload(client_for(getattr(world, role)), csv_bytes([row(world)]), world.ges, dry_run=False)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert counts() == before


def test_a_manager_cannot_import_into_another_structure(world, client_for):
    response = upload(client_for(world.other_manager), csv_bytes([row(world)]), world.ges, dry_run=False)
    assert response.status_code == 400
    assert "structure" in response.json()["errors"]


def test_anonymous_gets_401(world):
    from rest_framework.test import APIClient

    assert upload(APIClient(), csv_bytes([row(world)]), world.ges).status_code == 401


def test_manager_of_the_reunion_structure_imports_with_its_counsellor_and_time_zone(world, client_for):
    today_there = world.aci.today()
    line = row(world, 1, email_referent=world.other_counsellor.email, date_entree=today_there.strftime("%d/%m/%Y"))
    response = upload(client_for(world.other_manager), csv_bytes([line]), world.aci, dry_run=False)
    assert response.status_code == 200, response.json()
    assert Parcours.objects.get(person__last_name="Import1").structure == world.aci


def test_file_too_big_is_a_400_on_file(world, client_for, monkeypatch):
    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 100)
    response = upload(client_for(world.manager), csv_bytes([row(world, n) for n in range(5)]), world.ges)
    assert response.status_code == 400
    assert "file" in response.json()["errors"]


def test_missing_or_unknown_columns_are_reported_on_line_1(world, client_for):
    data = "Nom;Prénom;Date de naissance;colonne_bizarre\nMARTIN;Léa;01/01/1980;x\n".encode()
    response = upload(client_for(world.manager), data, world.ges)
    assert response.status_code == 400
    assert errors_of(response) == {
        (1, "colonne_bizarre", "unknown_column"),
        (1, "date_entree", "missing_column"),
        (1, "email_referent", "missing_column"),
    }
    assert "file" in upload(client_for(world.manager), b"", world.ges).json()["errors"]  # DRF: empty file
    assert errors_of(upload(client_for(world.manager), b"\n\n", world.ges)) == {(1, "file", "empty")}
    assert upload(client_for(world.manager), b"\xff\xfe\x00n\x00o", world.ges).status_code == 400


def test_empty_trailing_columns_are_ignored_but_values_outside_the_header_are_errors(world, client_for):
    email = world.counsellor.email
    data = (
        "nom;prenom;date_naissance;date_entree;email_referent;;\n"
        f"MARTIN;Léa;01/01/1980;2025-02-03;{email};;\n"
        f"DURAND;Paul;01/01/1981;2025-02-03;{email};x;\n"
        f"PETIT;Ana;01/01/1982;2025-02-03;{email};;;y\n"
    ).encode()
    response = upload(client_for(world.manager), data, world.ges)
    assert errors_of(response) == {(3, "", "values_outside_columns"), (4, "", "values_outside_columns")}
    assert [row["line"] for row in response.json()["rows"]] == [2]


def test_a_bom_windows_1252_and_multiline_cells_keep_physical_line_numbers(world, client_for):
    text = (
        "nom,prenom,date_naissance,adresse,date_entree,email_referent\n"
        f'Éloïse,Zoé,01/01/1980,"12 rue\nbâtiment B",2025-02-03,{world.counsellor.email}\n'
        "\n"
        f"Bad,Row,01/01/1980,,3025-02-03,{world.counsellor.email}\n"
    )
    response = upload(client_for(world.manager), b"\xef\xbb\xbf" + text.encode(), world.ges)
    assert errors_of(response) == {(5, "date_entree", "entry_in_future")}
    response = upload(client_for(world.manager), text.encode("cp1252"), world.ges)
    assert errors_of(response) == {(5, "date_entree", "entry_in_future")}
    assert response.json()["rows"][0]["person"] == "ÉLOÏSE Zoé"


def test_queries_do_not_grow_with_the_number_of_rows(world, client_for):
    manager = client_for(world.manager)
    counted = []
    upload(manager, csv_bytes([row(world, 99)]), world.ges, dry_run=False)  # warms the permission ids' cache
    for first, size in ((100, 10), (200, 50)):
        data = csv_bytes([row(world, first + n, nom=f"Q{first + n}") for n in range(size)])
        with CaptureQueriesContext(connection) as queries:
            response = upload(manager, data, world.ges, dry_run=False)
        assert response.status_code == 200, response.json()
        assert response.json()["summary"]["parcours_created"] == size
        counted.append(len(queries))
    assert counted[0] == counted[1], counted


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_imports_of_one_file_create_each_person_once():
    world = World.build()
    data = csv_bytes([row(world, n) for n in range(1, 21)])
    statuses = []

    def run():
        try:
            statuses.append(upload(api_client_for(world.manager), data, world.ges, dry_run=False).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200]
    assert Person.objects.filter(last_name__startswith="Import").count() == 20
    assert Parcours.objects.filter(person__last_name__startswith="Import").count() == 20


@pytest.mark.parametrize("column", ["nom", "email_referent", "numero_pass_iae", "date_entree", "phase", "commune"])
def test_a_nul_character_in_a_cell_is_an_error_on_that_cell(world, client_for, column):
    """PostgreSQL text cannot hold NUL: a cell carrying one is reported on its line and column
    (never a 500), and nothing is written."""
    before = counts()
    bad = row(world, 2)
    bad[column] = f"{bad.get(column) or 'x'}\x00"
    data = csv_bytes([row(world, 1), bad])
    for dry_run in (True, False):
        response = upload(client_for(world.manager), data, world.ges, dry_run=dry_run)
        assert response.status_code == 400, response.content
        assert any(line == 3 and field == column for line, field, _ in errors_of(response)), errors_of(response)
    assert counts() == before
