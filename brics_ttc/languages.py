"""The 17 interface and content languages of the platform (PRODUCT.md), in one place."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Chinese (Simplified)")),
    ("ru", _("Russian")),
    ("pt-br", _("Portuguese (Brazil)")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("hi", _("Hindi")),
    ("am", _("Amharic")),
    ("id", _("Indonesian")),
    ("ms", _("Malay")),
    ("th", _("Thai")),
    ("vi", _("Vietnamese")),
    ("kk", _("Kazakh")),
    ("uz", _("Uzbek")),
    ("sw", _("Swahili")),
]
LANGUAGE_CODES = [code for code, _name in LANGUAGES]
RTL_LANGUAGES = {"ar", "fa"}

# Django's LANG_INFO has no Amharic entry; without one the admin change form and {% get_language_info %} fail.
EXTRA_LANG_INFO = {
    "am": {"bidi": False, "code": "am", "name": "Amharic", "name_local": "አማርኛ"},
}
