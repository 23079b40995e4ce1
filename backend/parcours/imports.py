"""Bulk import of a structure's persons and parcours from a CSV file (format: docs/import.md).

Every row is parsed and validated first, with the API's rules, and every error is collected with
its physical line and column. Only a file with no error is written, in one transaction, in
batches whose query count does not depend on their size: all of it or nothing. Persons are
matched on a documented key, so that importing the same file twice creates nothing the second
time; the structure's row is locked while an import writes, so that two imports of one file
cannot both create.
"""

import csv
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from organisations.models import Membership, Organisation, User
from organisations.selectors import has_role
from organisations.services import structure_managers_group
from parcours.models import (
    ExitReason,
    Parcours,
    ParcoursGroupObjectPermission,
    ParcoursUserObjectPermission,
    Person,
    PersonGroupObjectPermission,
    PersonUserObjectPermission,
    Phase,
    PhaseTransition,
)
from parcours.permissions import FOLLOWER_PARCOURS_PERMS, MANAGER_PARCOURS_PERMS, PERSON_PERMS, permission_id
from tremplin.errors import DomainError

MAX_FILE_BYTES = 5 * 1024 * 1024
BATCH_SIZE = 500  # rows written per batch: a fixed number of queries each
TEMPLATE_FILENAME = "modele_import_parcours.csv"
REFERENT_PLACEHOLDER = "accompagnateur@votre-structure.fr"


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    examples: tuple[str, str]
    required: bool = False
    person_field: str | None = None  # the Person field it fills, if any


# The one source of truth for the format: the parser, the template and docs/import.md follow it.
COLUMNS: tuple[Column, ...] = (
    Column("nom", "Nom d'usage.", ("MARTIN", "N'DIAYE"), required=True, person_field="last_name"),
    Column("prenom", "Prénom.", ("Léa", "Moussa"), required=True, person_field="first_name"),
    Column("nom_naissance", "Nom de naissance, s'il diffère.", ("DUPONT", ""), person_field="birth_name"),
    Column(
        "date_naissance",
        "Date de naissance ; obligatoire sans numéro de PASS IAE.",
        ("12/03/1985", "1990-07-01"),
        person_field="birth_date",
    ),
    Column("email", "Adresse e-mail de la personne.", ("lea.martin@example.org", ""), person_field="email"),
    Column("telephone", "Téléphone.", ("06 12 34 56 78", ""), person_field="phone"),
    Column("adresse", "Adresse postale (numéro et voie).", ("12 rue des Lilas", ""), person_field="address"),
    Column("code_postal", "Code postal, 5 chiffres.", ("69003", "97400"), person_field="postal_code"),
    Column("commune", "Commune.", ("Lyon", "Saint-Denis"), person_field="city"),
    Column("numero_pass_iae", "Numéro de PASS IAE, 12 chiffres.", ("999990000001", ""), person_field="pass_iae_number"),
    Column("debut_pass_iae", "Début du PASS IAE.", ("01/02/2025", ""), person_field="pass_iae_start"),
    Column("fin_pass_iae", "Fin du PASS IAE (après le début).", ("31/01/2027", ""), person_field="pass_iae_end"),
    Column("date_entree", "Date d'entrée dans le parcours ; pas dans le futur.", ("03/02/2025", "16/09/2024"), True),
    Column("phase", "Phase actuelle : code ou libellé ; par défaut « entry ».", ("training", "Sortie")),
    Column(
        "email_referent",
        "E-mail du ou de la référent·e : un·e accompagnateur·rice actif·ve de la structure.",
        (REFERENT_PLACEHOLDER, REFERENT_PLACEHOLDER),
        required=True,
    ),
    Column("date_sortie", "Date de sortie : pour la phase « exited » seulement.", ("", "31/03/2025")),
    Column(
        "motif_sortie", "Code du motif de sortie (/exit-reasons/) : pour « exited » seulement.", ("", "cdi_non_aide")
    ),
)
COLUMN_NAMES = [column.name for column in COLUMNS]
_COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}
_NAME_FIELDS = {"last_name", "first_name", "birth_name"}
_DATE_COLUMNS = {"date_naissance", "debut_pass_iae", "fin_pass_iae", "date_entree", "date_sortie"}


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    code: str
    message: str


@dataclass
class RowResult:
    line: int
    person: str
    person_action: str
    parcours_action: str
    phase: str


@dataclass
class ImportReport:
    structure_id: int
    dry_run: bool
    total_rows: int = 0
    committed: bool = False
    rows: list[RowResult] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> dict[str, int]:
        def count(attribute: str, action: str) -> int:
            return sum(1 for row in self.rows if getattr(row, attribute) == action)

        return {
            "persons_created": count("person_action", Action.CREATE),
            "persons_updated": count("person_action", Action.UPDATE),
            "persons_unchanged": count("person_action", Action.UNCHANGED),
            "parcours_created": count("parcours_action", Action.CREATE),
            "parcours_unchanged": count("parcours_action", Action.UNCHANGED),
        }

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if not self.is_valid:
            body["code"] = "import_invalid"
            body["message"] = (
                f"{len(self.errors)} erreur(s) dans le fichier : rien n'a été importé. "
                "Corrigez les lignes signalées puis relancez l'import."
            )
        body.update(
            dry_run=self.dry_run,
            committed=self.committed,
            structure=self.structure_id,
            total_rows=self.total_rows,
            summary=self.summary,
            rows=[vars(row) for row in self.rows],
            errors=[vars(error) for error in self.errors],
        )
        return body


Progress = Callable[[str, int, int], None]  # (stage, rows done in this step, total rows)


def template_csv() -> str:
    """The downloadable template: the header and two example rows, `;`-separated (what French
    spreadsheets expect), with a BOM so that they read it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    for index in range(2):
        writer.writerow([column.examples[index] for column in COLUMNS])
    return "\ufeff" + buffer.getvalue()


# -- parsing ------------------------------------------------------------------------------------


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


class _Context:
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


def _read(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header names and (line, cells) of each non-blank record; raises on an unreadable file."""
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        raise _FileError("file", "encoding", "Le fichier n'est pas un texte UTF-8 lisible.") from None
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise _FileError("file", "empty", "Le fichier est vide : la première ligne doit être l'en-tête des colonnes.")
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
        raise _FileError("file", "unreadable", f"Fichier CSV illisible ligne {reader.line_num} : {error}.") from None
    return header, records


class _FileError(Exception):
    def __init__(self, field: str, code: str, message: str):
        self.error = RowError(line=1, field=field, code=code, message=message)


def _check_header(header: list[str]) -> tuple[list[str], list[RowError]]:
    names = [_header_name(cell) for cell in header]
    errors = []
    for index, name in enumerate(names):
        if name not in _COLUMNS_BY_NAME:
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
    if column.name in _DATE_COLUMNS:
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


def _parse_row(line: int, cells: dict[str, str], context: _Context, errors: list[RowError]) -> ParsedRow:
    def add_error(column: str, code: str, message: str) -> None:
        errors.append(RowError(line, column, code, message))

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


# -- planning: what each valid row would do ------------------------------------------------------


@dataclass
class _Plan:
    new_persons: list[tuple[ParsedRow, Person]] = field(default_factory=list)
    updated_persons: list[Person] = field(default_factory=list)
    # (row, the person or the new person's index in new_persons)
    new_parcours: list[tuple[ParsedRow, Person]] = field(default_factory=list)


def _existing_persons(structure: Organisation) -> list[Person]:
    """The persons the structure knows: registered there or with a parcours there."""
    in_structure = Parcours.objects.filter(structure=structure).values("person_id")
    return list(
        Person.objects.filter(anonymised_at__isnull=True).filter(Q(structure=structure) | Q(pk__in=in_structure))
    )


def _plan(rows: list[ParsedRow], structure: Organisation, report: ImportReport) -> _Plan:
    by_pass: dict[str, list[Person]] = defaultdict(list)
    by_name: dict[tuple, list[Person]] = defaultdict(list)
    for person in _existing_persons(structure):
        if person.pass_iae_number:
            by_pass[person.pass_iae_number].append(person)
        by_name[(normalise(person.last_name), normalise(person.first_name), person.birth_date)].append(person)
    parcours_of: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for person_id, entry_date, phase in Parcours.objects.filter(structure=structure).values_list(
        "person_id", "entry_date", "phase"
    ):
        parcours_of[person_id].append((entry_date, phase))

    plan = _Plan()
    seen_keys: dict[tuple, int] = {}
    seen_persons: dict[int, int] = {}
    for row in rows:
        number = row.person_fields["pass_iae_number"]
        key = ("pass", number) if number else ("name", *row.name_key)
        key_field = "numero_pass_iae" if number else "nom"
        if key in seen_keys:
            report.errors.append(
                RowError(row.line, key_field, "duplicate_person", f"Même personne que la ligne {seen_keys[key]}.")
            )
            continue
        seen_keys[key] = row.line
        candidates = by_pass.get(number, []) if number else []
        if number and not candidates:
            # Known by name and birth date, without a PASS number yet (or with this one).
            candidates = [p for p in by_name.get(row.name_key, []) if p.pass_iae_number in ("", number)]
        elif not number:
            candidates = by_name.get(row.name_key, [])
        if len(candidates) > 1:
            report.errors.append(
                RowError(
                    row.line,
                    key_field,
                    "ambiguous_person",
                    f"{len(candidates)} personnes de la structure correspondent à cette ligne : "
                    "dédoublonnez-les avant l'import.",
                )
            )
            continue
        if candidates:
            person = candidates[0]
            if person.pk in seen_persons:
                report.errors.append(
                    RowError(
                        row.line,
                        key_field,
                        "duplicate_person",
                        f"Même personne que la ligne {seen_persons[person.pk]}.",
                    )
                )
                continue
            seen_persons[person.pk] = row.line
            person_action = _merge(person, row, report)
            if person_action is None:
                continue
            if person_action == Action.UPDATE:
                plan.updated_persons.append(person)
            # Its open parcours, else the one that began that day: the import leaves it as it is.
            existing = sorted(parcours_of.get(person.pk, []), key=lambda parcours: parcours[1] == Phase.EXITED)
            same = [phase for entry, phase in existing if phase != Phase.EXITED or entry == row.entry_date]
            has_it = bool(same)
        else:
            person = Person(structure=structure, **row.person_fields)
            plan.new_persons.append((row, person))
            person_action, has_it, same = Action.CREATE, False, []
        if not has_it:
            plan.new_parcours.append((row, person))
        report.rows.append(
            RowResult(
                line=row.line,
                person=row.display,
                person_action=person_action,
                parcours_action=Action.UNCHANGED if has_it else Action.CREATE,
                phase=same[0] if has_it else row.phase,  # what the parcours is in, after the import
            )
        )
    return plan


def _merge(person: Person, row: ParsedRow, report: ImportReport) -> str | None:
    """Fill the matched person's blank fields and update the differing ones (an empty cell keeps
    what is known). Returns the person's action, or None when the result is invalid."""
    changed = False
    for name, value in row.person_fields.items():
        if value in ("", None):
            continue
        current = getattr(person, name)
        if name in _NAME_FIELDS and normalise(current) == normalise(value):
            continue  # "MARTIN" in one file, "Martin" in another: the same name, kept as it is
        if current != value:
            setattr(person, name, value)
            changed = True
    if person.pass_iae_start and person.pass_iae_end and person.pass_iae_end < person.pass_iae_start:
        report.errors.append(
            RowError(
                row.line,
                "fin_pass_iae",
                "pass_iae_dates",
                "Avec les dates déjà connues de la personne, la fin du PASS IAE précéderait son début.",
            )
        )
        return None
    return Action.UPDATE if changed else Action.UNCHANGED


# -- writing ------------------------------------------------------------------------------------


def _write(plan: _Plan, *, actor: User, structure: Organisation, progress: Progress | None) -> None:
    now = timezone.now()
    total = len(plan.new_persons) + len(plan.updated_persons) + len(plan.new_parcours)
    for person in plan.updated_persons:
        person.version += 1
        person.updated_at = now
    for start in range(0, len(plan.updated_persons), BATCH_SIZE):
        batch = plan.updated_persons[start : start + BATCH_SIZE]
        Person.objects.bulk_update(
            batch, [column.person_field for column in COLUMNS if column.person_field] + ["version", "updated_at"]
        )
        if progress:
            progress("write", len(batch), total)
    for start in range(0, len(plan.new_persons), BATCH_SIZE):
        batch = [person for _, person in plan.new_persons[start : start + BATCH_SIZE]]
        for person in batch:
            person.created_by = actor
        Person.objects.bulk_create(batch)
        if progress:
            progress("write", len(batch), total)
    managers = structure_managers_group(structure)
    for start in range(0, len(plan.new_parcours), BATCH_SIZE):
        batch = plan.new_parcours[start : start + BATCH_SIZE]
        created = Parcours.objects.bulk_create(
            [
                Parcours(
                    person=person,
                    structure=structure,
                    phase=row.phase,
                    phase_changed_at=now,
                    entry_date=row.entry_date,
                    referent_id=row.referent_id,
                    exit_date=row.exit_date if row.phase == Phase.EXITED else None,
                    exit_reason_id=row.exit_reason_id if row.phase == Phase.EXITED else None,
                )
                for row, person in batch
            ]
        )
        PhaseTransition.objects.bulk_create(
            [
                PhaseTransition(
                    parcours=parcours,
                    name="import",
                    source="",
                    target=parcours.phase,
                    actor=actor,
                    occurred_at=now,
                    effective_date=parcours.entry_date,
                    details={"source": "import"}
                    | ({"exit_reason": parcours.exit_reason_id} if parcours.exit_reason_id else {}),
                )
                for parcours in created
            ]
        )
        _grant_new_parcours_permissions(created, managers_group_id=managers.pk)
        persons_sync_permissions_bulk({parcours.person_id for parcours in created})
        if progress:
            progress("write", len(batch), total)


# -- object permissions, in bulk ---------------------------------------------------------------
# The same rows as parcours.permissions.parcours_sync_permissions and person_sync_permissions,
# computed for a batch in a fixed number of queries (tests/parcours/test_import.py checks that a
# per-object sync afterwards changes nothing).


def _grant_new_parcours_permissions(created: list[Parcours], *, managers_group_id: int) -> None:
    """A new imported parcours has no co-referent, and its referent was checked to be a counsellor
    of its structure: the referent is its only follower. It has no placement or enrolment yet,
    so the parcours syncers of the other apps have nothing to do."""
    ParcoursUserObjectPermission.objects.bulk_create(
        [
            ParcoursUserObjectPermission(
                content_object=parcours, user_id=parcours.referent_id, permission_id=permission_id(code)
            )
            for parcours in created
            for code in FOLLOWER_PARCOURS_PERMS
        ]
    )
    ParcoursGroupObjectPermission.objects.bulk_create(
        [
            ParcoursGroupObjectPermission(
                content_object=parcours, group_id=managers_group_id, permission_id=permission_id(code)
            )
            for parcours in created
            for code in MANAGER_PARCOURS_PERMS
        ]
    )


def persons_sync_permissions_bulk(person_ids: Iterable[int]) -> None:
    """person_sync_permissions for many persons at once: followers of all their parcours (or the
    counsellor who registered a person with no parcours), and the managers' groups of their
    structures."""
    ids = sorted(set(person_ids))
    if not ids:
        return
    persons = {
        pk: (structure_id, created_by_id)
        for pk, structure_id, created_by_id in Person.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", "structure_id", "created_by_id")
    }
    parcours_rows = list(
        Parcours.objects.filter(person_id__in=ids).values_list("pk", "person_id", "structure_id", "referent_id")
    )
    co_referents: dict[int, list[int]] = defaultdict(list)
    for parcours_id, user_id in Parcours.co_referents.through.objects.filter(parcours__person_id__in=ids).values_list(
        "parcours_id", "user_id"
    ):
        co_referents[parcours_id].append(user_id)
    # (person, user, structure where the user must counsel for it to count)
    candidates: list[tuple[int, int, int]] = []
    structures_of: dict[int, set[int]] = {pk: {structure_id} for pk, (structure_id, _) in persons.items()}
    has_parcours = set()
    for parcours_id, person_id, structure_id, referent_id in parcours_rows:
        has_parcours.add(person_id)
        structures_of[person_id].add(structure_id)
        for user_id in (referent_id, *co_referents.get(parcours_id, [])):
            candidates.append((person_id, user_id, structure_id))
    for pk, (structure_id, created_by_id) in persons.items():
        if pk not in has_parcours and created_by_id:
            candidates.append((pk, created_by_id, structure_id))
    counsels = set(
        Membership.objects.filter(
            role=Membership.Role.COUNSELLOR,
            user_id__in={user_id for _, user_id, _ in candidates},
            organisation_id__in={structure_id for _, _, structure_id in candidates},
        ).values_list("user_id", "organisation_id")
    )
    groups = _managers_groups({structure for structures in structures_of.values() for structure in structures})
    perms = [permission_id(code) for code in PERSON_PERMS]
    wanted_users = {
        (person_id, user_id, perm)
        for person_id, user_id, structure_id in candidates
        if (user_id, structure_id) in counsels
        for perm in perms
    }
    wanted_groups = {
        (person_id, groups[structure_id], perm)
        for person_id, structures in structures_of.items()
        for structure_id in structures
        for perm in perms
    }
    for model, owner_field, wanted in (
        (PersonUserObjectPermission, "user_id", wanted_users),
        (PersonGroupObjectPermission, "group_id", wanted_groups),
    ):
        existing = {
            (object_id, owner, perm): pk
            for pk, object_id, owner, perm in model.objects.filter(content_object_id__in=ids).values_list(
                "pk", "content_object_id", owner_field, "permission_id"
            )
        }
        stale = [pk for key, pk in existing.items() if key not in wanted]
        if stale:
            model.objects.filter(pk__in=stale).delete()
        missing = wanted - existing.keys()
        if missing:
            model.objects.bulk_create(
                [
                    model(content_object_id=object_id, permission_id=perm, **{owner_field: owner})
                    for object_id, owner, perm in sorted(missing)
                ]
            )


def _managers_groups(structure_ids: set[int]) -> dict[int, int]:
    """Structure id -> id of its managers' group (the groups exist once the structure has a
    manager; a missing one is created as structure_managers_group would)."""
    names = {f"structure-{pk}-managers": pk for pk in structure_ids}
    found = {names[name]: pk for name, pk in Group.objects.filter(name__in=names).values_list("name", "pk")}
    for structure_id in structure_ids - found.keys():
        found[structure_id] = structure_managers_group(Organisation(pk=structure_id)).pk
    return found


# -- the service --------------------------------------------------------------------------------


def parcours_import(
    *, actor: User, structure: Organisation, data: bytes, dry_run: bool = True, progress: Progress | None = None
) -> ImportReport:
    """Validate the CSV file and, unless it is a dry run or any row is invalid, write it all.

    Raises DomainError when the actor does not manage the structure. Validation and writing
    happen under a lock on the structure's row (real runs), so that of two imports of the same
    file the second sees what the first created and creates nothing.
    """
    if not has_role(user=actor, organisation_id=structure.pk, role=Membership.Role.MANAGER):
        raise DomainError(
            "Seule la direction de la structure peut y importer des parcours.",
            code="not_manager_of_structure",
            field="structure",
        )
    report = ImportReport(structure_id=structure.pk, dry_run=dry_run)
    try:
        header, records = _read(data)
    except _FileError as error:
        report.errors.append(error.error)
        return report
    names, header_errors = _check_header(header)
    report.total_rows = len(records)
    if header_errors:
        report.errors.extend(header_errors)
        return report

    with transaction.atomic():
        if not dry_run:
            Organisation.objects.select_for_update().filter(pk=structure.pk).values_list("pk").first()
        context = _Context(structure)
        parsed = []
        for index, (line, cells) in enumerate(records):
            if len(cells) > len(names) and any(cell.strip() for cell in cells[len(names) :]):
                report.errors.append(
                    RowError(line, "", "too_many_values", f"{len(cells)} valeurs pour {len(names)} colonnes.")
                )
                continue
            row_errors: list[RowError] = []
            values = {name: cell.strip() for name, cell in zip(names, cells, strict=False)}
            row = _parse_row(line, values, context, row_errors)
            if row_errors:
                report.errors.extend(row_errors)
            else:
                parsed.append(row)
            if progress and (index + 1) % BATCH_SIZE == 0:
                progress("validate", BATCH_SIZE, len(records))
        if progress and len(records) % BATCH_SIZE:
            progress("validate", len(records) % BATCH_SIZE, len(records))
        plan = _plan(parsed, structure, report)
        report.errors.sort(
            key=lambda error: (error.line, COLUMN_NAMES.index(error.field) if error.field in COLUMN_NAMES else -1)
        )
        report.rows.sort(key=lambda row: row.line)
        if report.errors or dry_run:
            return report
        _write(plan, actor=actor, structure=structure, progress=progress)
        report.committed = True
    return report
