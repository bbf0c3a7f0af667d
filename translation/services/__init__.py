"""Writes of the machine-translation pipeline: scheduling, running one translation, a person's edit, pausing.

Every (object, field, target language) has a TranslationRecord holding the sha256 of the source text it translates.
A save schedules records whose hash no longer matches; a task runs each record; a person's edit makes it "verified",
and a verified record of unchanged source text is never touched again.

Translated text goes into the modeltranslation column with a queryset ``update()`` of that one column: a full
``save()`` could overwrite what the author changed meanwhile, and would schedule translations again.
"""

from translation.services.human import translation_save_human
from translation.services.language_checks import source_language_check, source_languages_check
from translation.services.runs import RECORDS_JOB_SECONDS, translation_fail, translation_run, translations_run_many
from translation.services.scheduling import (
    RECORDS_PER_INSERT,
    RECORDS_PER_JOB,
    translation_rerun,
    translations_paused,
    translations_schedule,
    translations_schedule_many,
)

__all__ = [
    "RECORDS_JOB_SECONDS",
    "RECORDS_PER_INSERT",
    "RECORDS_PER_JOB",
    "source_language_check",
    "source_languages_check",
    "translation_fail",
    "translation_rerun",
    "translation_run",
    "translation_save_human",
    "translations_paused",
    "translations_run_many",
    "translations_schedule",
    "translations_schedule_many",
]
