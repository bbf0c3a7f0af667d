from __future__ import annotations

from functools import partial

from django.conf import settings
from django.utils import translation

from brics_ttc.languages import RTL_LANGUAGES
from marketplace.i18n import reader_languages
from marketplace.navigation import nav_categories


def site(request) -> dict:
    lang = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "SITE_NAME": "BRICS TTC",
        "IS_RTL": lang in RTL_LANGUAGES,
        "DEBUG": settings.DEBUG,
        # The signed-in reader's other languages (the fallback of texts): part of every cached fragment's key.
        "READER_LANGUAGES": reader_languages(),
        # A callable: templates call it when the header renders, pages without a header (admin, e-mails) never do.
        "nav_categories": partial(nav_categories, request=request),
    }
