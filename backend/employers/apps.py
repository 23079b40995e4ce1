from django.apps import AppConfig


class EmployersConfig(AppConfig):
    """Partner employers, their establishments and placements (PMSMP, interim missions)."""

    name = "employers"
    verbose_name = "Employeurs partenaires"
