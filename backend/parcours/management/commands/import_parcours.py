"""manage.py import_parcours FILE.csv --structure ... --user ...: the bulk import, from a shell."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from organisations.models import Organisation, User
from parcours.imports import COLUMN_NAMES, ImportReport, parcours_import
from tremplin.errors import DomainError

STAGES = {"validate": ("Vérification", "ligne"), "write": ("Écriture", "fiche")}  # rows, then persons and parcours


class Command(BaseCommand):
    help = (
        "Importe des personnes et leurs parcours dans une structure depuis un fichier CSV "
        f"(colonnes : {', '.join(COLUMN_NAMES)} ; voir docs/import.md). Tout ou rien : une ligne invalide "
        "et rien n'est écrit. Réimporter le même fichier ne crée aucun doublon."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Le fichier CSV (UTF-8, séparateur « ; » ou « , »).")
        parser.add_argument("--structure", required=True, help="Identifiant ou nom exact de la structure.")
        parser.add_argument(
            "--user", required=True, help="E-mail de la personne de la direction qui importe (auteur au journal)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Vérifier et dire ce qui serait fait, sans écrire.")
        parser.add_argument("--no-progress", action="store_true", help="Sans barre de progression.")

    def handle(self, *args, file: Path, structure: str, user: str, dry_run: bool, no_progress: bool, **options):
        self.verbosity = options["verbosity"]
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Lecture impossible de {file} : {error.strerror}.") from None
        target = self._structure(structure)
        actor = User.objects.filter(email__iexact=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"Aucun utilisateur actif avec l'e-mail « {user} ».")
        bars: dict[str, tqdm] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in bars:
                for bar in bars.values():
                    bar.close()
                label, unit = STAGES.get(stage, (stage, "ligne"))
                bars[stage] = tqdm(total=total, desc=label, unit=unit, file=sys.stderr, disable=no_progress)
            bars[stage].update(done)

        try:
            report = parcours_import(actor=actor, structure=target, data=data, dry_run=dry_run, progress=progress)
        except DomainError as error:
            raise CommandError(error.message) from None
        finally:
            for bar in bars.values():
                bar.close()
        self._print(report, target)
        if not report.is_valid:
            for error in report.errors:
                column = f" [{error.field}]" if error.field else ""
                self.stderr.write(f"ligne {error.line}{column} {error.code} : {error.message}")
            raise CommandError(f"{len(report.errors)} erreur(s) : rien n'a été importé.")

    def _structure(self, value: str) -> Organisation:
        structures = Organisation.objects.filter(kind=Organisation.Kind.STRUCTURE)
        found = list(structures.filter(pk=int(value))) if value.isdigit() else []
        found = found or list(structures.filter(name__iexact=value)[:2])
        if len(found) != 1:
            raise CommandError(
                f"Structure « {value} » introuvable." if not found else f"Plusieurs structures s'appellent « {value} »."
            )
        return found[0]

    def _print(self, report: ImportReport, structure: Organisation) -> None:
        if not report.is_valid:
            wrong = len({error.line for error in report.errors})
            self.stdout.write(f"Non importé : {structure} — {report.total_rows} ligne(s), {wrong} en erreur.")
            return
        summary = report.summary
        verb = "Essai (rien n'est écrit)" if report.dry_run else "Importé"
        self.stdout.write(f"{verb} : {structure} — {report.total_rows} ligne(s).")
        if report.dry_run or self.verbosity >= 2:  # a dry run says all it would do
            for row in report.rows:
                self.stdout.write(
                    f"  ligne {row.line} : {row.person} — personne {row.person_action}, "
                    f"parcours {row.parcours_action} ({row.phase})"
                )
        self.stdout.write(
            f"Personnes : {summary['persons_created']} créée(s), {summary['persons_updated']} mise(s) à jour, "
            f"{summary['persons_unchanged']} inchangée(s). Parcours : {summary['parcours_created']} créé(s), "
            f"{summary['parcours_unchanged']} inchangé(s)."
        )
