from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """In-app notifications and their e-mails, with each user's preferences per kind."""

    name = "notifications"
    verbose_name = "Notifications"
