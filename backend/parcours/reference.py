"""Loads the official reference lists (fixtures/reference/*.csv) into their tables.

Rows are upserted by code, so a structure follows a change in the official list by updating
the CSV and running ``manage.py load_reference``; a reason that left the list is kept (old
parcours point at it) but marked inactive.
"""

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from parcours.models import ExitCategory, ExitReason

REFERENCE_DIR = Path(settings.FIXTURES_DIR) / "reference"


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "oui", "true", "1"}


@transaction.atomic
def load_exit_reference() -> tuple[int, int]:
    categories = _rows("exit_categories.csv")
    for row in categories:
        ExitCategory.objects.update_or_create(
            code=row["code"],
            defaults={"label": row["label"], "dynamic": _yes(row["dynamic"]), "counted": _yes(row["counted"])},
        )
    reasons = _rows("exit_reasons.csv")
    for row in reasons:
        ExitReason.objects.update_or_create(
            code=row["code"],
            defaults={
                "label": row["label"],
                "category_id": row["category"],
                "source": row["source"],
                "is_active": True,
            },
        )
    ExitReason.objects.exclude(code__in=[row["code"] for row in reasons]).update(is_active=False)
    return len(categories), len(reasons)
