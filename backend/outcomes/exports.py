"""The outcome exports as files: the figures (summary, timeseries, funnel) and the parcours list, in XLSX or CSV.

The figures come as the dicts the API returns (docs/outcomes.md), so that a file and the screen
cannot disagree; this module only lays them out. CSV files are for French spreadsheets: UTF-8
with a BOM, `;` between fields, a decimal comma and dates as DD/MM/YYYY.
"""

import csv
import datetime as dt
import tempfile
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.db.models import Q, QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from organisations.models import Organisation, User
from parcours.models import Parcours, Phase, Programme

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")

# A suppressed figure is written as this text, never as its number (DESIGN §5).
SUPPRESSED = "< 5"
TOTAL = "Total"
DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "0.0%"
DAYS_FORMAT = "0.0"
# Rows read from the database per round trip for the parcours list: memory stays flat at any size.
CHUNK_SIZE = 2000


# -- values ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """One figure of a file: a number with its kind (count, percent, days), or suppressed, or empty."""

    number: int | float | None
    kind: str = "count"
    suppressed: bool = False

    @classmethod
    def of(cls, shape: dict, kind: str = "count") -> "Value":
        """From a Count, Rate or Stat of the API."""
        number = shape.get("value")
        return cls(float(number) if isinstance(number, Decimal) else number, kind, bool(shape.get("suppressed")))

    @classmethod
    def part(cls, rate: dict, key: str) -> "Value":
        """The numerator or denominator of a Rate, suppressed with it."""
        return cls(rate.get(key), "count", bool(rate.get("suppressed")))

    def cell(self) -> int | float | str | None:
        return SUPPRESSED if self.suppressed else self.number

    def text(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        if self.number is None:
            return ""
        if isinstance(self.number, float):
            return repr(self.number).replace(".", ",")
        return str(self.number)


@dataclass
class Row:
    """One indicator: its values per column (structures side by side, then the total)."""

    section: str
    indicator: str
    values: list[Value] = field(default_factory=list)


@dataclass
class Figures:
    """Everything a figures export holds, laid out once for both formats."""

    filters: list[tuple[str, str]]
    columns: list[str]
    indicators: list[Row]
    months_header: list[str]
    months: list[tuple[str, list[Value]]]
    funnel: list[tuple[str, Value]]


def _safe_text(value: str) -> str:
    # Control characters cannot be written in a workbook (openpyxl raises): they are dropped.
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    # A cell starting with = + - @ is run as a formula by spreadsheets (CSV injection); names are free text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _french_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


# -- filters -----------------------------------------------------------------------------------


def describe_filters(filters: dict, *, generated_at: dt.datetime, time_zone: str) -> list[tuple[str, str]]:
    """The filters in words (names, not ids) and the generation date, first in every file."""
    structure_ids = filters.get("structure") or []
    names = dict(Organisation.objects.filter(pk__in=structure_ids).values_list("pk", "name")) if structure_ids else {}
    structures = ", ".join(names.get(pk, str(pk)) for pk in structure_ids) or "Toutes celles du périmètre"
    programme = "Tous"
    if filters.get("programme"):
        programme = Programme.objects.filter(pk=filters["programme"]).values_list("name", flat=True).first() or ""
    referent = "Tous"
    if filters.get("referent"):
        user = User.objects.filter(pk=filters["referent"]).first()
        referent = (user.get_full_name() or user.email) if user else ""
    local = generated_at.astimezone(zoneinfo.ZoneInfo(time_zone))
    return [
        ("Période", f"du {_french_date(_as_date(filters['from']))} au {_french_date(_as_date(filters['to']))}"),
        ("Structures", structures),
        ("Programme", programme),
        ("Référent·e", referent),
        ("Région", filters.get("region") or "Toutes"),
        ("Généré le", f"{local:%d/%m/%Y à %H:%M} ({time_zone})"),
    ]


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def filename(prefix: str, filters: dict, file_format: str) -> str:
    """A French file name with the period, e.g. indicateurs_2026-01-01_2026-11-28.xlsx."""
    return f"{prefix}_{_as_date(filters['from']).isoformat()}_{_as_date(filters['to']).isoformat()}.{file_format}"


# -- the figures -------------------------------------------------------------------------------


def _figure_rows(figures: dict) -> list[tuple[str, str, Value]]:
    """The indicators of one Figures dict, in file order: (section, indicator, value)."""
    rows: list[tuple[str, str, Value]] = []
    for category in figures["exits_by_category"]:
        rows.append(("Sorties par catégorie", category["label"], Value.of(category["count"])))
    rows.append(("Sorties par catégorie", "Sorties constatées", Value.of(figures["counted_exits"])))
    for key, label in (
        ("dynamic_exit_rate", "Taux de sorties dynamiques"),
        ("durable_employment_rate", "Taux d'emploi durable"),
    ):
        rate = figures[key]
        rows.append(("Taux", label, Value.of(rate, "percent")))
        rows.append(("Taux", f"{label} : numérateur", Value.part(rate, "numerator")))
        rows.append(("Taux", f"{label} : dénominateur", Value.part(rate, "denominator")))
    for phase in figures["active_by_phase"]:
        rows.append(("Parcours en cours par phase (fin de période)", phase["label"], Value.of(phase["count"])))
    rows.append(("Entrées", "Entrées dans la période", Value.of(figures["entries"])))
    rows.append(("Durée des parcours sortis (jours)", "Moyenne", Value.of(figures["length_days"]["mean"], "days")))
    rows.append(("Durée des parcours sortis (jours)", "Médiane", Value.of(figures["length_days"]["median"], "days")))
    return rows


def figures_layout(*, summary: dict, timeseries: dict, funnel: dict, filters: list[tuple[str, str]]) -> Figures:
    """Lay the API's figures out: structures side by side and the total when there are several."""
    structures = summary.get("structures") or []
    if len(structures) > 1:
        columns = [s["name"] for s in structures] + [TOTAL]
        per_column = [s["figures"] for s in structures] + [summary["total"]]
    else:
        columns = [structures[0]["name"] if structures else TOTAL]
        per_column = [summary["total"]]
    laid = [_figure_rows(figures) for figures in per_column]
    indicators = [
        Row(section, indicator, [column[index][2] for column in laid])
        for index, (section, indicator, _) in enumerate(laid[0])
    ]
    targets = summary.get("targets") or {}
    for key, label in (
        ("dynamic_exit_rate", "Taux de sorties dynamiques"),
        ("durable_employment_rate", "Taux d'emploi durable"),
    ):
        if key in targets:
            target = Value(targets[key], "percent")
            indicators.append(Row("Objectifs", f"Objectif : {label}", [target] * len(columns)))

    labels = {category["code"]: category["label"] for category in summary["total"]["exits_by_category"]}
    codes = [category["code"] for category in summary["total"]["exits_by_category"]]
    months_header = ["Mois", "Entrées", *(f"Sorties : {labels[code]}" for code in codes)]
    months = []
    for month in timeseries["months"]:
        exits = {item["code"]: Value.of(item["count"]) for item in month["exits"]}
        months.append((month["month"], [Value.of(month["entries"]), *(exits.get(code, Value(0)) for code in codes)]))

    steps = [("Parcours entrés dans la période", Value.of(funnel["entered"]))]
    steps += [(f"Passés par la phase « {phase['label']} »", Value.of(phase["count"])) for phase in funnel["phases"]]
    steps += [
        ("Sortis", Value.of(funnel["exited"])),
        ("Sortis en emploi durable", Value.of(funnel["durable_employment"])),
    ]
    return Figures(filters, columns, indicators, months_header, months, steps)


def _value_cell(sheet, value: Value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value.cell())
    if not value.suppressed and value.number is not None:
        if value.kind == "percent":
            cell.number_format = PERCENT_FORMAT
        elif value.kind == "days":
            cell.number_format = DAYS_FORMAT
    return cell


def _header(sheet, names: Iterable[str]) -> list[WriteOnlyCell]:
    cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, _safe_text(name))
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _filters_sheet(workbook: Workbook, filters: list[tuple[str, str]]) -> None:
    sheet = workbook.create_sheet("Filtres")
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 60
    for label, text in filters:
        sheet.append([_header(sheet, [label])[0], _safe_text(text)])


def _save(workbook: Workbook) -> IO[bytes]:
    # Written to a temporary file, not memory: write-only sheets stream to disk too.
    output = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the FileResponse that sends it)
    workbook.save(output)
    output.seek(0)
    return output


def figures_xlsx(figures: Figures) -> IO[bytes]:
    workbook = Workbook(write_only=True)
    _filters_sheet(workbook, figures.filters)

    sheet = workbook.create_sheet("Indicateurs")
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 45
    sheet.append(_header(sheet, ["Section", "Indicateur", *figures.columns]))
    for row in figures.indicators:
        sheet.append([row.section, row.indicator, *(_value_cell(sheet, value) for value in row.values)])

    sheet = workbook.create_sheet("Par mois")
    sheet.append(_header(sheet, figures.months_header))
    for month, values in figures.months:
        sheet.append([month, *(_value_cell(sheet, value) for value in values)])

    sheet = workbook.create_sheet("Entonnoir")
    sheet.column_dimensions["A"].width = 45
    sheet.append(_header(sheet, ["Étape", "Parcours"]))
    for step, value in figures.funnel:
        sheet.append([step, _value_cell(sheet, value)])
    return _save(workbook)


class _Echo:
    """A file-like object that hands back what csv.writer writes, for streaming."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(filters: list[tuple[str, str]], header: list[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff".encode()
    for label, text in filters:
        yield writer.writerow([label, _safe_text(text)]).encode()
    yield writer.writerow([]).encode()
    yield writer.writerow(header).encode()
    for row in rows:
        yield writer.writerow(row).encode()


def figures_csv(figures: Figures) -> Iterator[bytes]:
    """One long table (section; indicateur; structure; valeur) after the filters."""

    def rows() -> Iterator[list[str]]:
        for row in figures.indicators:
            for column, value in zip(figures.columns, row.values, strict=True):
                yield [row.section, row.indicator, _safe_text(column), value.text()]
        scope = figures.columns[-1]
        for month, values in figures.months:
            for name, value in zip(figures.months_header[1:], values, strict=True):
                yield ["Par mois", f"{month} · {name}", _safe_text(scope), value.text()]
        for step, value in figures.funnel:
            yield ["Entonnoir", step, _safe_text(scope), value.text()]

    return _csv_lines(figures.filters, ["Section", "Indicateur", "Structure", "Valeur"], rows())


# -- the parcours list -------------------------------------------------------------------------

PARCOURS_COLUMNS = [
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
_DATE_COLUMNS = {3, 7, 9}
_PHASE_LABELS = dict(Phase.choices)


def parcours_for_export(
    *,
    structure_ids: list[int],
    date_from: dt.date,
    date_to: dt.date,
    programme_id: int | None = None,
    referent_id: int | None = None,
) -> QuerySet:
    """Parcours of the structures active during the period: entered by ``to``, not exited before ``from``.

    Only what the funder's review needs: no notes, barriers or eligibility. One query, the related
    names joined in, read in chunks.
    """
    queryset = Parcours.objects.filter(structure_id__in=structure_ids, entry_date__lte=date_to).filter(
        Q(exit_date__isnull=True) | Q(exit_date__gte=date_from)
    )
    if programme_id:
        queryset = queryset.filter(programme_id=programme_id)
    if referent_id:
        # The referent only, as the indicators count them (outcomes.selectors).
        queryset = queryset.filter(referent_id=referent_id)
    return queryset.order_by(
        "structure__name", "person__last_name", "person__first_name", "entry_date", "pk"
    ).values_list(
        "structure__name",
        "person__last_name",
        "person__first_name",
        "person__birth_date",
        "person__pass_iae_number",
        "programme__name",
        "referent__first_name",
        "referent__last_name",
        "entry_date",
        "phase",
        "exit_date",
        "exit_reason__label",
        "exit_reason__category__label",
    )


def _parcours_rows(queryset: QuerySet) -> Iterator[list[Any]]:
    for (
        structure,
        last_name,
        first_name,
        birth_date,
        pass_iae,
        programme,
        referent_first,
        referent_last,
        entry_date,
        phase,
        exit_date,
        exit_reason,
        exit_category,
    ) in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield [
            _safe_text(structure),
            _safe_text(last_name),
            _safe_text(first_name),
            birth_date,
            _safe_text(pass_iae or ""),
            _safe_text(programme or ""),
            _safe_text(f"{referent_first} {referent_last}".strip()),
            entry_date,
            _PHASE_LABELS.get(phase, phase),
            exit_date,
            exit_reason or "",
            exit_category or "",
        ]


def parcours_xlsx(queryset: QuerySet, filters: list[tuple[str, str]]) -> IO[bytes]:
    workbook = Workbook(write_only=True)
    _filters_sheet(workbook, filters)
    sheet = workbook.create_sheet("Parcours")
    for letter, width in zip("ABCDEFGHIJKL", (24, 20, 16, 12, 15, 24, 22, 12, 20, 12, 40, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet, PARCOURS_COLUMNS))
    for row in _parcours_rows(queryset):
        for index in _DATE_COLUMNS:
            if row[index] is not None:
                cell = WriteOnlyCell(sheet, row[index])
                cell.number_format = DATE_FORMAT
                row[index] = cell
        sheet.append(row)
    return _save(workbook)


def parcours_csv(queryset: QuerySet, filters: list[tuple[str, str]]) -> Iterator[bytes]:
    def rows() -> Iterator[list[Any]]:
        for row in _parcours_rows(queryset):
            for index in _DATE_COLUMNS:
                row[index] = _french_date(row[index])
            yield row

    return _csv_lines(filters, PARCOURS_COLUMNS, rows())
