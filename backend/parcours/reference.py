"""Loads the official reference lists (fixtures/reference/*.csv) into their tables.

Rows are upserted by code, so a structure follows a change in the official list by updating
the CSV and running ``manage.py load_reference``; a reason that left the list is kept (old
parcours point at it) but marked inactive.
"""

import csv
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction

from parcours.models import BarrierType, ExitCategory, ExitReason

REFERENCE_DIR = Path(settings.FIXTURES_DIR) / "reference"


def rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "oui", "true", "1"}


@transaction.atomic
def load_exit_reference() -> tuple[int, int]:
    categories = rows("exit_categories.csv")
    for row in categories:
        ExitCategory.objects.update_or_create(
            code=row["code"],
            defaults={"label": row["label"], "dynamic": _yes(row["dynamic"]), "counted": _yes(row["counted"])},
        )
    reasons = rows("exit_reasons.csv")
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


# Other apps' reference lists (certifications and their blocs...), loaded with these.
_loaders: list[Callable[[], str]] = []


def register_reference_loader(loader: Callable[[], str]) -> None:
    """``loader()`` upserts one list and returns a short French summary of what it loaded."""
    if loader not in _loaders:
        _loaders.append(loader)


def load_barrier_types() -> int:
    types = rows("freins.csv")
    for row in types:
        BarrierType.objects.update_or_create(code=row["code"], defaults={"label": row["label"], "is_active": True})
    BarrierType.objects.exclude(code__in=[row["code"] for row in types]).update(is_active=False)
    return len(types)


@transaction.atomic
def load_reference() -> list[str]:
    categories, reasons = load_exit_reference()
    barriers = load_barrier_types()
    return [
        f"{categories} catégories et {reasons} motifs de sortie",
        f"{barriers} types de freins",
        *(loader() for loader in _loaders),
    ]
