from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    name = "translation"
    verbose_name = _("Machine translation")

    def ready(self) -> None:
        from marketplace.signals import source_text_changed
        from translation.signals import schedule_translations

        source_text_changed.connect(schedule_translations, dispatch_uid="translation-source-text-changed")
