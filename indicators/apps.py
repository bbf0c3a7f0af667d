from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicators and open data")

    def ready(self) -> None:
        from indicators.builtin import register_builtin
        from marketplace.navigation import NavCategory, nav_category_register

        register_builtin()
        nav_category_register(NavCategory(9, _("Data & insights"), "indicators:dashboard", ("indicators",)))
