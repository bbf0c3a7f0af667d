from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemandsConfig(AppConfig):
    name = "demands"
    verbose_name = _("Technical demands")

    def ready(self) -> None:
        from demands.models import Demand
        from marketplace.navigation import NavCategory, nav_category_register
        from marketplace.reads import connect_version_signals
        from marketplace.selectors import listing_review_queue_count
        from marketplace.staff_queues import StaffQueue, staff_queue_register

        nav_category_register(NavCategory(2, _("Demands"), "demands:list", ("demands",)))
        staff_queue_register(
            StaffQueue(
                key="demands",
                label=_("Demands awaiting review"),
                count=lambda: listing_review_queue_count(model=Demand),
                url_name="admin:demands_demand_changelist",
                permission="demands.change_demand",
            )
        )

        # Cached counts, filter choices and page fragments start over when a demand changes.
        connect_version_signals([Demand])
