from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self) -> None:
        from marketplace.models import Institution, TechnologyField
        from marketplace.navigation import NavCategory, nav_category_register
        from marketplace.reads import connect_listing_events, connect_version_signals

        nav_category_register(NavCategory(5, _("Institutions"), "marketplace:institution_list", ("marketplace",)))
        # Lists and the home page show institutions' and fields' names: their cached fragments start over too.
        connect_version_signals([Institution, TechnologyField], counted=False)
        connect_listing_events()
