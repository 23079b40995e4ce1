from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Journal d'audit"

    def ready(self) -> None:
        from audit import receivers, registration  # noqa: F401 (connects the signals)

        registration.register_models()
