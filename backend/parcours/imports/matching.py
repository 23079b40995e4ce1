"""Matching each valid row with the persons and parcours the structure already has."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from organisations.models import Organisation
from parcours.imports.format import NAME_FIELDS, Action, ImportReport, RowError, RowResult
from parcours.imports.parsing import ParsedRow, normalise
from parcours.models import Parcours, Person, Phase


@dataclass
class Plan:
    new_persons: list[tuple[ParsedRow, Person]] = field(default_factory=list)
    updated_persons: list[Person] = field(default_factory=list)
    # (row, its person: the matched one, or a new one saved before its parcours)
    new_parcours: list[tuple[ParsedRow, Person]] = field(default_factory=list)


def _existing_persons(structure: Organisation) -> list[Person]:
    """The persons the structure knows: registered there or with a parcours there."""
    in_structure = Parcours.objects.filter(structure=structure).values("person_id")
    return list(
        Person.objects.filter(anonymised_at__isnull=True).filter(Q(structure=structure) | Q(pk__in=in_structure))
    )


def plan_rows(rows: list[ParsedRow], structure: Organisation, report: ImportReport) -> Plan:
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

    plan = Plan()
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
        if name in NAME_FIELDS and normalise(current) == normalise(value):
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
