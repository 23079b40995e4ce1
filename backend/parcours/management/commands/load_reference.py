from django.core.management.base import BaseCommand

from parcours.reference import load_exit_reference


class Command(BaseCommand):
    help = "Charge (ou met à jour) les listes de référence : catégories et motifs de sortie."

    def handle(self, *args, **options):
        categories, reasons = load_exit_reference()
        self.stdout.write(f"Référentiel chargé : {categories} catégories, {reasons} motifs de sortie.")
