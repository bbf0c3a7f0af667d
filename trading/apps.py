from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradingConfig(AppConfig):
    name = "trading"
    verbose_name = _("Competitive trading")

    def ready(self) -> None:
        from achievements.signals import achievement_page_panels
        from marketplace.navigation import NavCategory, nav_category_register
        from marketplace.staff_queues import StaffQueue, staff_queue_register
        from trading.selectors import deposits_awaiting_confirmation
        from trading.signals import achievement_auction_panel

        achievement_page_panels.connect(achievement_auction_panel, dispatch_uid="trading-achievement-panel")
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
