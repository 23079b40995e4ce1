"""Reading the CSV file and validating each row, with the API's rules."""

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError

from organisations.models import Membership, Organisation
from parcours.imports.format import (
    COLUMN_NAMES,
    COLUMNS,
    COLUMNS_BY_NAME,
    DATE_COLUMNS,
    Column,
    RowError,
)
from parcours.models import ExitReason, Person, Phase


def normalise(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name, for matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def _header_name(text: str) -> str:
    """« Date de naissance », « date d'entrée », « E-mail référent » -> the column's name."""
    words = re.split(r"[\s\-'’_]+", normalise(text).replace("e-mail", "email"))
    return "_".join(word for word in words if word and word not in {"de", "d", "du"})


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets on Windows often save CSV in Windows-1252.
        return data.decode("cp1252").lstrip("\ufeff")


def _parse_date(value: str) -> date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


_PHASES: dict[str, str] = {}
for _code, _label in Phase.choices:
    _PHASES[normalise(_code)] = _code
    _PHASES[normalise(_label)] = _code
_PHASES.update(
    {
        "accueil": Phase.ENTRY,
        "entree": Phase.ENTRY,
        "pmsmp": Phase.IMMERSION,
        "contrat d'interim": Phase.INTERIM,
        "sorti": Phase.EXITED,
        "sortie": Phase.EXITED,
    }
)


@dataclass
class ParsedRow:
    line: int
    person_fields: dict[str, Any]  # Person field -> value, "" or None when the cell is empty
    entry_date: date | None = None
    phase: str = Phase.ENTRY
    referent_id: int | None = None
    exit_date: date | None = None
    exit_reason_id: str | None = None

    @property
    def display(self) -> str:
        return f"{self.person_fields['last_name'].upper()} {self.person_fields['first_name']}".strip()

    @property
    def name_key(self) -> tuple[str, str, date | None]:
        fields = self.person_fields
        return (normalise(fields["last_name"]), normalise(fields["first_name"]), fields["birth_date"])


class ImportContext:
    """What validation needs from the database, read once per import."""

    def __init__(self, structure: Organisation):
        self.today = structure.today()
        self.counsellors = {
            email.casefold(): user_id
            for email, user_id in Membership.objects.filter(
                organisation=structure, role=Membership.Role.COUNSELLOR, user__is_active=True
            ).values_list("user__email", "user_id")
        }
        self.exit_reasons: dict[str, tuple[str, bool]] = {}
        for code, label, active in ExitReason.objects.values_list("code", "label", "is_active"):
            self.exit_reasons[code.casefold()] = (code, active)
            self.exit_reasons.setdefault(normalise(label), (code, active))


def read_records(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header names and (line, cells) of each non-blank record; raises on an unreadable file."""
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        raise FileError("file", "encoding", "Le fichier n'est pas un texte UTF-8 lisible.") from None
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise FileError("file", "empty", "Le fichier est vide : la première ligne doit être l'en-tête des colonnes.")
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = []
    try:
        header = next(reader)
        previous = reader.line_num
        for cells in reader:
            if any(cell.strip() for cell in cells):
                records.append((previous + 1, cells))
            previous = reader.line_num
    except csv.Error as error:
        raise FileError("file", "unreadable", f"Fichier CSV illisible ligne {reader.line_num} : {error}.") from None
    return header, records


class FileError(Exception):
    def __init__(self, field: str, code: str, message: str):
        self.error = RowError(line=1, field=field, code=code, message=message)


def check_header(header: list[str]) -> tuple[list[str], list[RowError]]:
    names = [_header_name(cell) for cell in header]
    errors = []
    for index, name in enumerate(names):
        if not name:
            continue  # an empty header cell: its column must stay empty
        if name not in COLUMNS_BY_NAME:
            shown = header[index].strip() or f"colonne {index + 1}"
            errors.append(
                RowError(
                    1, shown, "unknown_column", f"Colonne inconnue : « {shown} ». Colonnes : {', '.join(COLUMN_NAMES)}."
                )
            )
        elif name in names[:index]:
            errors.append(RowError(1, name, "duplicate_column", f"La colonne « {name} » apparaît deux fois."))
    for column in COLUMNS:
        if column.required and column.name not in names:
            errors.append(
                RowError(1, column.name, "missing_column", f"Colonne obligatoire absente : « {column.name} ».")
            )
    return names, errors


def _clean_person_field(column: Column, raw: str, add_error: Callable[[str, str, str], None]) -> Any:
    model_field = Person._meta.get_field(column.person_field)
    if column.required and not raw:
        return ""  # reported as required
    if column.name in DATE_COLUMNS:
        if not raw:
            return None
        try:
            return _parse_date(raw)
        except ValueError:
            add_error(column.name, "invalid_date", f"Date invalide : « {raw} » (attendu JJ/MM/AAAA ou AAAA-MM-JJ).")
            return None
    if column.name == "numero_pass_iae":
        raw = re.sub(r"\s", "", raw)
    elif column.name == "code_postal":
        raw = raw.replace(" ", "")
        if re.fullmatch(r"\d{4}", raw):
            raw = "0" + raw  # a spreadsheet dropped the leading zero (01000 -> 1000)
    try:
        return model_field.clean(raw, None)
    except ValidationError as error:
        add_error(column.name, error.error_list[0].code or "invalid", error.messages[0])
        return ""


def parse_row(line: int, cells: dict[str, str], context: ImportContext, errors: list[RowError]) -> ParsedRow:
    def add_error(column: str, code: str, message: str) -> None:
        errors.append(RowError(line, column, code, message))

    # PostgreSQL text cannot hold NUL: reported on its cell, then left out of every lookup.
    for name in [name for name, value in cells.items() if "\x00" in value]:
        add_error(name, "null_character", "Cette cellule contient un caractère nul (octet 0), interdit.")
        cells = {**cells, name: cells[name].replace("\x00", "")}
    for column in COLUMNS:
        if column.required and not cells.get(column.name):
            add_error(column.name, "required", f"La colonne « {column.name} » est obligatoire.")
    person_fields = {
        column.person_field: _clean_person_field(column, cells.get(column.name, ""), add_error)
        for column in COLUMNS
        if column.person_field
    }
    row = ParsedRow(line=line, person_fields=person_fields)
    birth_date, start, end = (person_fields[name] for name in ("birth_date", "pass_iae_start", "pass_iae_end"))
    if birth_date and birth_date > context.today:
        add_error("date_naissance", "future", "La date de naissance ne peut pas être dans le futur.")
    if not person_fields["pass_iae_number"] and not birth_date and not cells.get("date_naissance"):
        add_error(
            "date_naissance",
            "required",
            "La date de naissance est obligatoire quand le numéro de PASS IAE n'est pas indiqué "
            "(elle sert à reconnaître la personne).",
        )
    if start and end and end < start:
        add_error("fin_pass_iae", "pass_iae_dates", "La fin du PASS IAE précède son début.")

    for name in ("date_entree", "date_sortie"):
        raw = cells.get(name, "")
        if raw:
            try:
                setattr(row, "entry_date" if name == "date_entree" else "exit_date", _parse_date(raw))
            except ValueError:
                add_error(name, "invalid_date", f"Date invalide : « {raw} » (attendu JJ/MM/AAAA ou AAAA-MM-JJ).")
    if row.entry_date and row.entry_date > context.today:
        add_error("date_entree", "entry_in_future", "La date d'entrée ne peut pas être dans le futur.")

    raw_phase = cells.get("phase", "")
    if raw_phase:
        phase = _PHASES.get(normalise(raw_phase))
        if phase is None:
            add_error(
                "phase", "invalid_phase", f"Phase inconnue : « {raw_phase} ». Phases : {', '.join(Phase.values)}."
            )
        else:
            row.phase = phase

    email = cells.get("email_referent", "")
    if email:
        row.referent_id = context.counsellors.get(email.casefold())
        if row.referent_id is None:
            add_error(
                "email_referent",
                "referent_not_counsellor",
                f"« {email} » n'est pas un·e accompagnateur·rice actif·ve de la structure.",
            )

    raw_reason = cells.get("motif_sortie", "")
    if row.phase == Phase.EXITED:
        if not cells.get("date_sortie"):
            add_error("date_sortie", "required", "La date de sortie est obligatoire pour un parcours sorti.")
        if not raw_reason:
            add_error("motif_sortie", "required", "Le motif de sortie est obligatoire pour un parcours sorti.")
        else:
            code, active = context.exit_reasons.get(raw_reason.casefold()) or context.exit_reasons.get(
                normalise(raw_reason), (None, False)
            )
            if code is None:
                add_error("motif_sortie", "unknown_exit_reason", f"Motif de sortie inconnu : « {raw_reason} ».")
            elif not active:
                add_error("motif_sortie", "inactive_exit_reason", f"Le motif « {code} » n'est plus en vigueur.")
            else:
                row.exit_reason_id = code
        if row.exit_date and row.entry_date and row.exit_date < row.entry_date:
            add_error("date_sortie", "exit_before_entry", "La date de sortie précède la date d'entrée.")
        if row.exit_date and row.exit_date > context.today:
            add_error("date_sortie", "exit_in_future", "La date de sortie ne peut pas être dans le futur.")
    else:
        for name in ("date_sortie", "motif_sortie"):
            if cells.get(name):
                add_error(
                    name, "exit_fields_on_open", "Sortie indiquée pour un parcours qui n'est pas en phase « exited »."
                )
        row.exit_date = None
    return row
