from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Vie privée (RGPD)"

    def ready(self) -> None:
        from parcours.hooks import register_daily_job
        from privacy.retention import retention_job

        register_daily_job("retention", retention_job)
