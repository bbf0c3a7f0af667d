"""Amounts of money formatted for a language, with CLDR's data through Babel: what Django's own localisation lacks.

``format_money(Decimal("250000"), "USD")`` gives "US$250,000.00" in English, "250 000,00 $US" in French,
"US$ 250.000,00" in Brazilian Portuguese, in the active language. The digits are those of the locale's default CLDR
numbering system (Persian digits in Persian; CLDR's generic Arabic uses Latin digits, as do the other languages of the
site). Services (error messages), views, the admin and the ``money`` template filter (``l10n_tags``) all format
through here.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal, get_currency_symbol
from django.utils import translation

# An achievement's price: up to 14 digits before the decimal point, cents after it (the shared listing form checks it).
PRICE_MAX_DIGITS = 16
PRICE_DECIMALS = 2

# Django codes whose Babel locale is not simply ``to_locale(code)``. English is CLDR's "world English" (en_001), whose
# symbols do not assume an American reader: "US$" rather than "$".
BABEL_LOCALES = {"en": "en_001"}
FALLBACK_LOCALE = "en_001"
# The zero of the numbering systems that CLDR makes the default of some locale; Babel formats with Latin digits only.
ZEROS = {"arab": "\u0660", "arabext": "\u06f0", "beng": "\u09e6", "deva": "\u0966", "mymr": "\u1040"}
# First-strong isolate ... pop directional isolate. In right-to-left languages they keep a symbol such as "US$" in one
# piece (the bidi algorithm would otherwise show its trailing "$" on the far side: "$US"), and each amount apart.
FSI, PDI = "\u2068", "\u2069"


@lru_cache(maxsize=64)
def babel_locale(code: str | None) -> Locale:
    """The Babel locale of a Django language code (zh-hans -> zh_Hans, pt-br -> pt_BR), English when Babel lacks it."""
    code = code or "en"
    name = BABEL_LOCALES.get(code, translation.to_locale(code))
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK_LOCALE)


def native_digits(text: str, locale: Locale) -> str:
    zero = ZEROS.get(locale.default_numbering_system)
    if zero is None:
        return text
    return text.translate({ord("0") + i: chr(ord(zero) + i) for i in range(10)})


def format_money(amount, currency: str | None, language: str | None = None) -> str:
    """``amount`` in ``currency`` (ISO 4217) formatted for ``language`` (default: the active one).

    Without a currency the plain number is formatted; a value that is not a number comes back as it was given.
    """
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return str(amount)
    return _format_money(value, currency or "", language or translation.get_language() or "")


@lru_cache(maxsize=4096)
def _format_money(value: Decimal, currency: str, language: str) -> str:
    """Babel parses the locale's patterns on every call; a page (or a refused bid) formats the same few amounts."""
    locale = babel_locale(language)
    if currency:
        text = format_currency(value, currency, locale=locale, numbering_system="default")
        if locale.text_direction == "rtl":
            symbol = get_currency_symbol(currency, locale)
            text = text.replace(symbol, f"{FSI}{symbol}{PDI}", 1)
    else:
        text = format_decimal(value, locale=locale, numbering_system="default")
    text = native_digits(text, locale)
    if locale.text_direction == "rtl":
        # The amount as one unit: in "<low> – <high>" Persian's LTR marks would otherwise pull the dash and both amounts
        # into one left-to-right run, and the range would read backwards.
        text = f"{FSI}{text}{PDI}"
    return text
