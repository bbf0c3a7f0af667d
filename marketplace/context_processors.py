from __future__ import annotations

from django.conf import settings
from django.utils import translation

from brics_ttc.languages import RTL_LANGUAGES


def site(request) -> dict:
    lang = translation.get_language() or settings.LANGUAGE_CODE
    return {"SITE_NAME": "BRICS TTC", "IS_RTL": lang in RTL_LANGUAGES, "DEBUG": settings.DEBUG}
