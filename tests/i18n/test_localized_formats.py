"""Money, numbers and dates in the reader's language: Babel (CLDR) for money, Django's locale formats for dates."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from marketplace.money import babel_locale, format_money
from tests.factories import AchievementFactory, DemandFactory

NBSP, NNBSP, RLM, LRM, FSI, PDI = "\u00a0", "\u202f", "\u200f", "\u200e", "\u2068", "\u2069"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "US$250,000.00"),
        ("fr", f"250{NNBSP}000,00{NBSP}$US"),
        ("pt-br", f"US${NBSP}250.000,00"),
        ("ru", f"250{NBSP}000,00{NBSP}$"),
        ("zh-hans", "US$250,000.00"),
        ("es", f"250.000,00{NBSP}US$"),
        ("hi", "$2,50,000.00"),
        # CLDR's generic Arabic writes Latin digits (Arabic-Indic ones are the default of ar_EG, ar_SA...). In
        # right-to-left languages the amount and its symbol are isolated, or "US$" would show as "$US".
        ("ar", f"{FSI}{RLM}250,000.00{NBSP}{FSI}US${PDI}{PDI}"),
        # Persian's default numbering system is the extended Arabic-Indic digits.
        ("fa", f"{FSI}{LRM}{FSI}${PDI}{NBSP}۲۵۰٬۰۰۰٫۰۰{PDI}"),
    ],
)
def test_money_is_formatted_per_locale(language, expected):
    assert format_money(Decimal("250000.00"), "USD", language) == expected


def test_money_uses_the_active_language_by_default():
    with translation.override("pt-br"):
        assert format_money(Decimal("1250000.5"), "CNY") == f"CN¥{NBSP}1.250.000,50"


def test_money_follows_the_currencys_own_decimals():
    assert format_money(Decimal("1500000"), "IRR", "en") == "IRR1,500,000"


def test_money_without_a_currency_is_a_plain_localized_number():
    assert format_money(Decimal("1234.5"), "", "ru") == f"1{NBSP}234,5"


def test_money_of_nothing_is_empty_and_of_garbage_is_itself():
    assert format_money(None, "USD", "en") == ""
    assert format_money("n/a", "USD", "en") == "n/a"


@pytest.mark.parametrize(
    ("language", "babel_name"),
    [("en", "en_001"), ("zh-hans", "zh_Hans"), ("pt-br", "pt_BR"), ("uz", "uz"), ("am", "am"), ("sw", "sw")],
)
def test_site_languages_map_to_babel_locales(language, babel_name):
    assert str(babel_locale(language)) == babel_name


def test_a_language_babel_lacks_falls_back_to_english():
    assert str(babel_locale("tlh")) == "en_001"
    assert str(babel_locale(None)) == "en_001"


def test_money_filter_formats_in_the_active_language():
    template = Template("{% load l10n_tags %}{{ amount|money:currency }}")

    with translation.override("fr"):
        html = template.render(Context({"amount": Decimal("99.5"), "currency": "EUR"}))

    assert html == f"99,50{NBSP}€"


@pytest.mark.django_db
def test_achievement_price_is_shown_in_the_readers_format(client):
    achievement = AchievementFactory(published=True, price_negotiable=False, price_amount=250000, price_currency="USD")

    with translation.override("pt-br"):
        url = achievement.get_absolute_url()
    html = client.get(url).content.decode()

    assert f"US${NBSP}250.000,00" in html


@pytest.mark.django_db
def test_demand_budget_range_is_shown_in_the_readers_format(client):
    DemandFactory(published=True, budget_min=10000, budget_max=50000, budget_currency="EUR")

    html = client.get("/fr/demands/").content.decode()

    assert f"10{NNBSP}000,00{NBSP}€" in html
    assert f"50{NNBSP}000,00{NBSP}€" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "ru", "ar", "en"])
def test_dates_use_the_languages_own_format(client, language):
    DemandFactory(published=True, deadline=datetime.date(2031, 3, 1))
    with translation.override(language):
        expected = date_format(datetime.date(2031, 3, 1), "DATE_FORMAT")

    html = client.get(f"/{language}/demands/").content.decode()

    assert expected in html


def test_date_formats_differ_per_language():
    day = datetime.date(2031, 3, 1)
    formatted = {}
    for language in ("en", "zh-hans", "ru", "ar"):
        with translation.override(language):
            formatted[language] = date_format(day, "DATE_FORMAT")

    assert formatted["en"] == "March 1, 2031"
    assert formatted["zh-hans"] == "2031年3月1日"
    assert formatted["ru"] == "1 марта 2031 г."
    assert "مارس" in formatted["ar"]
