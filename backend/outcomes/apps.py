from django.apps import AppConfig


def _forget_categories(**kwargs) -> None:
    from django.core.cache import cache

    from outcomes.selectors import CATEGORIES_CACHE_KEY

    cache.delete(CATEGORIES_CACHE_KEY)


class OutcomesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "outcomes"
    verbose_name = "Indicateurs de résultats"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from parcours.models import ExitCategory

        post_save.connect(_forget_categories, sender=ExitCategory, dispatch_uid="outcomes_categories_saved")
        post_delete.connect(_forget_categories, sender=ExitCategory, dispatch_uid="outcomes_categories_deleted")
