from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and roadshows")

    def ready(self) -> None:
        from events import extensions
        from events.notifications import MEETING_KINDS
        from marketplace.navigation import NavCategory, nav_category_register
        from notifications.registry import register

        extensions.register()
        nav_category_register(NavCategory(7, _("Events"), "events:list", ("events",)))
        for kind in MEETING_KINDS:
            register(kind)
