from django.apps import AppConfig


class ParcoursConfig(AppConfig):
    name = "parcours"
    verbose_name = "Parcours"

    def ready(self) -> None:
        from parcours import (
            receivers,  # noqa: F401  (connects membership_ended)
            timeline,  # noqa: F401  (registers this app's timeline sources)
        )
        from parcours.digest import alert_digest
        from parcours.hooks import register_daily_job

        register_daily_job("alert_digest", alert_digest)
