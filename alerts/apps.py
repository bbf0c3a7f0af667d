from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Saved searches and alerts")

    def ready(self) -> None:
        from alerts.notifications import SAVED_SEARCH_MATCH
        from notifications.registry import register

        register(SAVED_SEARCH_MATCH)
