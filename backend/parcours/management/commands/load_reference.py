from django.core.management.base import BaseCommand

from parcours.reference import load_reference


class Command(BaseCommand):
    help = "Charge (ou met à jour) les listes de référence : sorties, certifications et leurs blocs."

    def handle(self, *args, **options):
        self.stdout.write(f"Référentiel chargé : {', '.join(load_reference())}.")
