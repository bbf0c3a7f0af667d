from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and roadshows")

    def ready(self) -> None:
        from events import extensions
        from marketplace.navigation import NavCategory, nav_category_register

        extensions.register()
        nav_category_register(NavCategory(7, _("Events"), "events:list", ("events",)))
