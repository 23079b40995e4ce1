"""The import's file format (one list of columns, for the parser, the template and the docs) and
its report."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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
COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}
NAME_FIELDS = {"last_name", "first_name", "birth_name"}
DATE_COLUMNS = {"date_naissance", "debut_pass_iae", "fin_pass_iae", "date_entree", "date_sortie"}


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
