from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("Experts and capacity building")

    def ready(self):
        from experts import extensions, search
        from marketplace.navigation import NavCategory, nav_category_register

        search.register()
        extensions.register()
        nav_category_register(NavCategory(6, _("Experts"), "experts:list", ("experts", "certificates")))
