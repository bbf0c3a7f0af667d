from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AchievementsConfig(AppConfig):
    name = "achievements"
    verbose_name = _("Research achievements")

    def ready(self):
        from achievements.models import Achievement
        from marketplace.selectors import listing_review_queue_count
        from marketplace.staff_queues import StaffQueue, staff_queue_register

        staff_queue_register(
            StaffQueue(
                key="achievements",
                label=_("Achievements awaiting review"),
                count=lambda: listing_review_queue_count(model=Achievement),
                url_name="admin:achievements_achievement_changelist",
                permission="achievements.change_achievement",
            )
        )
