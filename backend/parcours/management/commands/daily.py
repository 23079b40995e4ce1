import inspect
import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parcours.hooks import daily_jobs

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Applique les règles quotidiennes (VAE recevable par silence du certificateur, récapitulatif des "
        "nouvelles alertes, anonymisation au terme de la durée de conservation, ...). "
        "Idempotente : la relancer le même jour ne change rien. À planifier une fois par jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", action="append", default=[], help="Ne lancer que cette règle (répétable).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Simulation : les règles qui le permettent (anonymisation) disent ce qu'elles feraient, sans rien "
            "modifier ; les autres ne sont pas lancées.",
        )

    def handle(self, *args, only, dry_run=False, **options):
        jobs = daily_jobs()
        unknown = sorted(set(only) - jobs.keys())
        if unknown:
            raise CommandError(f"Règle(s) inconnue(s) : {', '.join(unknown)}. Règles : {', '.join(sorted(jobs))}.")
        now = timezone.now()
        failed = []
        for name, job in jobs.items():
            if only and name not in only:
                continue
            simulated = "dry_run" in inspect.signature(job).parameters
            if dry_run and not simulated:
                self.stdout.write(f"{name} : pas de simulation possible, non lancée")
                continue
            try:
                summary = job(now=now, dry_run=True) if dry_run else job(now=now)
            except Exception as error:  # one failing rule must not keep the others from running
                logger.exception("Daily job %s failed", name)
                failed.append(name)
                self.stderr.write(f"{name} : échec ({error.__class__.__name__}: {error})")
                continue
            self.stdout.write(f"{name} : {summary}")
        if failed:
            raise CommandError(f"Règle(s) en échec : {', '.join(failed)}.")
