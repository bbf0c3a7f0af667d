"""Conversion into the reporting currency with the rates staff record."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from indicators.currency import RateTable
from indicators.errors import IndicatorError
from indicators.models import CurrencyRate
from indicators.services import currency_rate_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(db):
    CurrencyRate.objects.create(currency="USD", valid_from=date(2024, 1, 1), rate=Decimal("7.0"))
    CurrencyRate.objects.create(currency="USD", valid_from=date(2025, 1, 1), rate=Decimal("7.2"))
    CurrencyRate.objects.create(currency="RUB", valid_from=date(2024, 6, 1), rate=Decimal("0.0812"))
    return RateTable.load()


def test_the_rate_valid_on_the_day_is_used(rates):
    assert rates.convert(Decimal("100"), "USD", date(2024, 12, 31)) == Decimal("700.00")
    assert rates.convert(Decimal("100"), "USD", date(2025, 1, 1)) == Decimal("720.00")
    assert rates.convert(Decimal("100"), "USD", date(2030, 1, 1)) == Decimal("720.00")


def test_a_day_before_every_rate_uses_the_earliest(rates):
    assert rates.convert(Decimal("100"), "USD", date(2020, 5, 5)) == Decimal("700.00")


def test_the_reporting_currency_is_not_converted(rates, settings):
    assert settings.INDICATORS_REPORTING_CURRENCY == "CNY"
    assert rates.convert(Decimal("123.45"), "CNY", date(2020, 1, 1)) == Decimal("123.45")


def test_a_currency_without_rates_is_not_converted(rates):
    assert rates.convert(Decimal("100"), "EUR", date(2025, 1, 1)) is None


def test_conversion_rounds_to_cents(rates):
    assert rates.convert(Decimal("12345.67"), "RUB", date(2025, 1, 1)) == Decimal("1002.47")


def test_recording_a_rate_twice_for_a_day_corrects_it(db, staff):
    currency_rate_record(currency="USD", valid_from=date(2025, 1, 1), rate=Decimal("7.1"), user=staff)
    currency_rate_record(currency="USD", valid_from=date(2025, 1, 1), rate=Decimal("7.3"), user=staff)
    assert CurrencyRate.objects.get(currency="USD").rate == Decimal("7.3")


@pytest.mark.parametrize(("currency", "rate", "code"), [("XXX", "1", "invalid_currency"), ("USD", "0", "invalid_rate")])
def test_bad_rates_are_refused(db, currency, rate, code):
    with pytest.raises(IndicatorError) as caught:
        currency_rate_record(currency=currency, valid_from=date(2025, 1, 1), rate=Decimal(rate))
    assert caught.value.code == code


def test_rates_are_editable_in_admin(admin_client, db):
    response = admin_client.post(
        "/admin/indicators/currencyrate/add/",
        {"currency": "INR", "valid_from": "2025-01-01", "rate": "0.085", "source": "RBI reference rate"},
    )
    assert response.status_code == 302
    assert CurrencyRate.objects.get(currency="INR").rate == Decimal("0.085")


def test_staff_recompute_snapshots_from_admin(admin_client, refreshed):
    from indicators.models import IndicatorSnapshot

    before = IndicatorSnapshot.objects.get(indicator="deals").computed_at
    response = admin_client.post(
        "/admin/indicators/indicatorsnapshot/",
        {"action": "recompute", "_selected_action": [IndicatorSnapshot.objects.get(indicator="deals").pk]},
    )
    assert response.status_code == 302
    assert IndicatorSnapshot.objects.get(indicator="deals").computed_at > before
    for page in ("indicatorsnapshot", "currencyrate", "opendatafile"):
        assert admin_client.get(f"/admin/indicators/{page}/").status_code == 200
