from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Project aggregation")

    def ready(self):
        from marketplace.navigation import NavCategory, nav_category_register
        from marketplace.selectors import listing_review_queue_count
        from marketplace.signals import listing_archived
        from marketplace.staff_queues import StaffQueue, staff_queue_register
        from projects import packages, search
        from projects.models import Project
        from projects.signals import achievement_archived

        search.register()
        packages.register()
        nav_category_register(NavCategory(3, _("Projects"), "projects:list", ("projects",)))
        listing_archived.connect(achievement_archived, dispatch_uid="projects-achievement-archived")
        staff_queue_register(
            StaffQueue(
                key="projects",
                label=_("Projects awaiting review"),
                count=lambda: listing_review_queue_count(model=Project),
                url_name="admin:projects_project_changelist",
                permission="projects.change_project",
            )
        )
