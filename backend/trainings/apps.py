from django.apps import AppConfig


class TrainingsConfig(AppConfig):
    """Trainings, sessions, enrolments and VAE applications."""

    name = "trainings"
    verbose_name = "Formations et VAE"
