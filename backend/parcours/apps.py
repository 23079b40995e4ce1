from django.apps import AppConfig


class ParcoursConfig(AppConfig):
    name = "parcours"
    verbose_name = "Parcours"

    def ready(self) -> None:
        from parcours import (
            receivers,  # noqa: F401  (connects membership_ended)
            timeline,  # noqa: F401  (registers this app's timeline sources)
        )
