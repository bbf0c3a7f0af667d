from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    name = "translation"
    verbose_name = _("Machine translation")

    def ready(self) -> None:
        from marketplace.signals import source_text_changed, source_texts_changed, text_version_written
        from marketplace.staff_queues import StaffQueue, staff_queue_register
        from translation.selectors import translation_records_needing_attention
        from translation.signals import keep_version_written_by_hand, schedule_translations, schedule_translations_many

        source_text_changed.connect(schedule_translations, dispatch_uid="translation-source-text-changed")
        source_texts_changed.connect(schedule_translations_many, dispatch_uid="translation-source-texts-changed")
        text_version_written.connect(keep_version_written_by_hand, dispatch_uid="translation-version-written")
        staff_queue_register(
            StaffQueue(
                key="translations",
                label=_("Translations needing attention"),
                count=lambda: translation_records_needing_attention().count(),
                url_name="admin:translation_translationrecord_changelist",
                permission="translation.view_translationrecord",
            )
        )
