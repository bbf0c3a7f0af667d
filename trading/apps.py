from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradingConfig(AppConfig):
    name = "trading"
    verbose_name = _("Competitive trading")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from achievements.signals import achievement_page_panels
        from marketplace import extensions
        from marketplace.navigation import NavCategory, nav_category_register
        from marketplace.staff_queues import StaffQueue, staff_queue_register
        from trading.models import Auction
        from trading.selectors import auctions_version, deposits_awaiting_confirmation
        from trading.signals import achievement_auction_panel, auctions_changed

        achievement_page_panels.connect(achievement_auction_panel, dispatch_uid="trading-achievement-panel")
        post_save.connect(auctions_changed, sender=Auction, dispatch_uid="trading-auctions-version-save")
        post_delete.connect(auctions_changed, sender=Auction, dispatch_uid="trading-auctions-version-delete")
        # An achievement's page shows its live or upcoming auction (achievement_auction_panel).
        extensions.register_listing_page_version(auctions_version)
        nav_category_register(NavCategory(4, _("Competitive trading"), "trading:auction-list", ("trading",)))
        staff_queue_register(
            StaffQueue(
                key="deposits",
                label=_("Deposits awaiting confirmation"),
                count=lambda: deposits_awaiting_confirmation().count(),
                url_name="admin:trading_participant_changelist",
                permission="trading.change_participant",
            )
        )
