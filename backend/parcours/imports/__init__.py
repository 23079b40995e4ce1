"""Bulk import of a structure's persons and parcours from a CSV file (format: docs/import.md).

Every row is parsed and validated first, with the API's rules, and every error is collected with
its physical line and column. Only a file with no error is written, in one transaction, in
batches whose query count does not depend on their size: all of it or nothing. Persons are
matched on a documented key, so that importing the same file twice creates nothing the second
time; the structure's row is locked while an import writes, so that two imports of one file
cannot both create.
"""

from django.db import transaction

from organisations.models import Membership, Organisation, User
from organisations.selectors import has_role
from parcours.imports.format import (
    BATCH_SIZE,
    COLUMN_NAMES,
    COLUMNS,
    MAX_FILE_BYTES,
    REFERENT_PLACEHOLDER,
    TEMPLATE_FILENAME,
    ImportReport,
    Progress,
    RowError,
    template_csv,
)
from parcours.imports.matching import plan_rows
from parcours.imports.parsing import FileError, ImportContext, check_header, normalise, parse_row, read_records
from parcours.imports.writing import write_plan
from tremplin.errors import DomainError

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "MAX_FILE_BYTES",
    "REFERENT_PLACEHOLDER",
    "TEMPLATE_FILENAME",
    "ImportReport",
    "normalise",
    "parcours_import",
    "template_csv",
]


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
        header, records = read_records(data)
    except FileError as error:
        report.errors.append(error.error)
        return report
    names, header_errors = check_header(header)
    report.total_rows = len(records)
    if header_errors:
        report.errors.extend(header_errors)
        return report

    with transaction.atomic():
        if not dry_run:
            Organisation.objects.select_for_update().filter(pk=structure.pk).values_list("pk").first()
        context = ImportContext(structure)
        parsed = []
        for index, (line, cells) in enumerate(records):
            # Cells beyond the header, or under a header left empty (spreadsheets add such columns).
            stray = cells[len(names) :] + [cell for name, cell in zip(names, cells, strict=False) if not name]
            if any(cell.strip() for cell in stray):
                report.errors.append(
                    RowError(line, "", "values_outside_columns", "Des valeurs sont hors des colonnes de l'en-tête.")
                )
                continue
            row_errors: list[RowError] = []
            values = {name: cell.strip() for name, cell in zip(names, cells, strict=False)}
            row = parse_row(line, values, context, row_errors)
            if row_errors:
                report.errors.extend(row_errors)
            else:
                parsed.append(row)
            if progress and (index + 1) % BATCH_SIZE == 0:
                progress("validate", BATCH_SIZE, len(records))
        if progress and len(records) % BATCH_SIZE:
            progress("validate", len(records) % BATCH_SIZE, len(records))
        plan = plan_rows(parsed, structure, report)
        report.errors.sort(
            key=lambda error: (error.line, COLUMN_NAMES.index(error.field) if error.field in COLUMN_NAMES else -1)
        )
        report.rows.sort(key=lambda row: row.line)
        if report.errors or dry_run:
            return report
        write_plan(plan, actor=actor, structure=structure, progress=progress)
        report.committed = True
    return report
