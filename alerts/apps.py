from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Saved searches and alerts")

    def ready(self) -> None:
        from alerts.notifications import SAVED_SEARCH_MATCH, WATCH_KINDS
        from alerts.watchlist import on_listing_archived, on_listing_published
        from marketplace.signals import listing_archived, listing_published
        from notifications.registry import register

        for kind in (SAVED_SEARCH_MATCH, *WATCH_KINDS.values()):
            register(kind)
        listing_published.connect(on_listing_published, dispatch_uid="alerts-watch-published")
        listing_archived.connect(on_listing_archived, dispatch_uid="alerts-watch-archived")
