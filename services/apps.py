from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Service hub")

    def ready(self):
        from marketplace.navigation import NavCategory, nav_category_register
        from marketplace.selectors import listing_review_queue_count
        from marketplace.staff_queues import StaffQueue, staff_queue_register
        from notifications.registry import register
        from services import extensions, search
        from services.models import RatingState, Service, ServiceRequest
        from services.notifications import REQUEST_KINDS

        for kind in REQUEST_KINDS.values():
            register(kind)

        search.register()
        extensions.register()
        nav_category_register(NavCategory(8, _("Services"), "services:list", ("services",)))
        for queue in (
            StaffQueue(
                key="services",
                label=_("Services awaiting review"),
                count=lambda: listing_review_queue_count(model=Service),
                url_name="admin:services_service_changelist",
                permission="services.change_service",
            ),
            StaffQueue(
                key="service-requests-to-route",
                label=_("Service requests to route"),
                count=lambda: ServiceRequest.objects.filter(
                    provider__isnull=True, expert__isnull=True, state="requested"
                ).count(),
                url_name="admin:services_servicerequest_changelist",
                permission="services.change_servicerequest",
                query="queue=route",
            ),
            StaffQueue(
                key="service-ratings",
                label=_("Service ratings to moderate"),
                count=lambda: ServiceRequest.objects.filter(rating_state=RatingState.PENDING).count(),
                url_name="admin:services_servicerequest_changelist",
                permission="services.change_servicerequest",
                query="queue=ratings",
            ),
        ):
            staff_queue_register(queue)
