from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AchievementsConfig(AppConfig):
    name = "achievements"
    verbose_name = _("Research achievements")

    def ready(self) -> None:
        from achievements.models import Achievement
        from marketplace.navigation import NavCategory, nav_category_register
        from marketplace.reads import connect_version_signals
        from marketplace.selectors import listing_review_queue_count
        from marketplace.staff_queues import StaffQueue, staff_queue_register

        nav_category_register(NavCategory(1, _("Achievements"), "achievements:list", ("achievements",)))
        staff_queue_register(
            StaffQueue(
                key="achievements",
                label=_("Achievements awaiting review"),
                count=lambda: listing_review_queue_count(model=Achievement),
                url_name="admin:achievements_achievement_changelist",
                permission="achievements.change_achievement",
            )
        )

        # Cached counts, filter choices and page fragments start over when an achievement changes.
        connect_version_signals([Achievement])
