"""Each built-in indicator against the hand-counted network of conftest.py."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators import registry
from indicators.errors import IndicatorError
from indicators.models import IndicatorPoint, IndicatorSnapshot
from indicators.registry import Indicator, Point
from indicators.selectors import Filters, indicator_series
from indicators.services import indicators_refresh

pytestmark = pytest.mark.django_db


def table(name: str, **filters) -> dict[str, list]:
    """{axis key: [value per series]} of one indicator, as ints."""
    series = indicator_series(indicator=registry.get(name), filters=Filters(**filters))
    return {row.key: [int(value) for value in row.values] for row in series.rows}


def test_published_listings_over_time_count_published_only(refreshed):
    assert table("listings_published") == {"2024": [1, 1], "2025": [2, 1]}


def test_supply_and_demand_by_field(refreshed):
    assert table("supply_demand_by_field") == {"renewable-energy": [2, 1], "biomedicine": [1, 1]}


def test_listings_by_country_and_source_language(refreshed):
    assert table("listings_by_country") == {"BR": [2, 1], "CN": [1, 0], "ZA": [0, 1]}
    assert table("listings_by_language") == {"en": [2, 1], "zh-hans": [1, 0], "pt-br": [0, 1]}


def test_achievements_by_trl_keep_the_trl_order(refreshed):
    series = indicator_series(indicator=registry.get("achievements_by_trl"), filters=Filters())
    assert [(row.key, int(row.total)) for row in series.rows] == [("4", 1), ("6", 2)]
    assert series.rows[0].label == "TRL 4"


def test_achievements_by_ip_status(refreshed):
    assert table("achievements_by_ip_status") == {"granted_patent": [1], "pending_application": [1], "know_how": [1]}


def test_interactions_and_meetings_per_year(refreshed):
    # series: inquiries, proposals, meetings agreed (the declined meeting is not counted)
    assert table("interactions") == {"2024": [1, 0, 1], "2025": [1, 1, 0]}


def test_interaction_purposes_and_outcomes(refreshed):
    assert table("interactions_by_purpose") == {"licence": [1], "purchase": [1], "solution": [1]}
    assert table("interaction_outcomes") == {"open": [1], "negotiating": [1], "agreed": [1]}


def test_time_to_first_inquiry_and_to_deal(refreshed):
    # a1: inquiry after 4 days, deal after 92; a2: inquiry after 50 days, deal after 81; a3: deal after 30 days
    assert table("time_to_inquiry_and_deal") == {"0-7": [1, 0], "8-30": [0, 1], "31-90": [1, 1], "91-365": [0, 1]}


def test_deals_leave_out_cancelled_ones(refreshed):
    assert table("deals") == {"2024": [0, 1, 0, 0], "2025": [0, 2, 0, 0]}


def test_contract_value_converts_with_the_rate_of_the_day(refreshed):
    # 1,000 USD × 7.0 (2024 rate); 50,000 CNY as is; 200 EUR has no rate and is left out
    assert table("contract_value") == {"2024": [7000], "2025": [50000]}
    assert table("contract_value_by_country") == {"CN": [50000], "BR": [7000]}
    assert table("contract_value_by_field") == {"renewable-energy": [50000], "biomedicine": [7000]}
    point = IndicatorPoint.objects.filter(indicator="contract_value").first()
    assert point.currency == "CNY"


def test_deals_by_currency_show_the_unconverted(refreshed):
    assert table("deals_by_currency") == {"USD": [1, 0], "CNY": [1, 0], "EUR": [0, 1]}


def test_translation_coverage_counts_originals_and_missing(refreshed):
    coverage = table("translation_coverage")
    # series: original, verified, machine, missing; 5 published listings (3 achievements, 2 demands)
    assert coverage["en"] == [3, 0, 0, 2]
    assert coverage["zh-hans"] == [1, 0, 0, 4]
    assert coverage["pt-br"] == [1, 0, 0, 4]
    assert coverage["sw"] == [0, 0, 0, 5]


def test_translation_coverage_counts_verified_and_machine_titles(refreshed, staff):
    from tests.factories import TranslationRecordFactory
    from translation.models import TranslationStatus

    TranslationRecordFactory(content_object=refreshed["a1"], language="es", status=TranslationStatus.VERIFIED)
    TranslationRecordFactory(content_object=refreshed["a3"], language="es", status=TranslationStatus.DONE)
    TranslationRecordFactory(content_object=refreshed["d1"], language="es", status=TranslationStatus.PENDING)
    indicators_refresh(names=["translation_coverage"])
    assert table("translation_coverage")["es"] == [0, 1, 1, 3]


def test_member_institutions_by_country(refreshed):
    assert table("institutions_by_country") == {"BR": [1, 1], "CN": [1, 0]}


def test_filters_narrow_by_year_country_and_field(refreshed):
    assert table("listings_published", year_from=2025) == {"2025": [2, 1]}
    assert table("listings_published", country="BR") == {"2024": [1, 1], "2025": [1, 0]}
    assert table("supply_demand_by_field", field="biomedicine") == {"biomedicine": [1, 1]}
    assert table("contract_value", year_to=2024, country="BR") == {"2024": [7000]}


def test_a_filter_on_a_missing_dimension_is_reported_not_applied(refreshed):
    series = indicator_series(indicator=registry.get("translation_coverage"), filters=Filters(country="BR"))
    assert series.ignored == ["country"]
    assert series.rows[0].values[0] == 3  # English originals, not only Brazil's


def test_years_without_values_are_shown_as_zero(refreshed):
    registry.register(
        Indicator(
            name="test_gap",
            title="Gap",
            description="",
            compute=lambda: [Point(value=1, year=2020), Point(value=2, year=2023)],
            axis="year",
        )
    )
    try:
        indicators_refresh(names=["test_gap"])
        assert table("test_gap") == {"2020": [1], "2021": [0], "2022": [0], "2023": [2]}
    finally:
        registry.unregister("test_gap")


def test_refresh_replaces_the_snapshot_and_records_it(refreshed):
    before = IndicatorPoint.objects.filter(indicator="deals").count()
    indicators_refresh(names=["deals"])
    assert IndicatorPoint.objects.filter(indicator="deals").count() == before
    snapshot = IndicatorSnapshot.objects.get(indicator="deals")
    assert snapshot.points == before


def test_refresh_of_an_unknown_indicator_is_refused(db):
    with pytest.raises(IndicatorError) as caught:
        indicators_refresh(names=["nope"])
    assert caught.value.code == "unknown_indicator"


def test_readers_see_the_snapshot_until_the_next_refresh(refreshed):
    """Pages read the snapshot table: a listing published after the refresh shows only once beat recomputes."""
    from tests.factories import AchievementFactory

    AchievementFactory(published=True, country="ZA")
    assert table("listings_by_country")["ZA"] == [0, 1]
    indicators_refresh(names=["listings_by_country"])
    assert table("listings_by_country")["ZA"] == [1, 1]


def test_the_beat_schedule_refreshes_indicators(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "indicators.tasks.indicators_refresh_task" in tasks


def test_the_refresh_task_writes_points(network):
    from indicators.tasks import indicators_refresh_task

    assert indicators_refresh_task.delay().get() > 0
    assert IndicatorPoint.objects.filter(indicator="deals").exists()


def test_values_are_decimals(refreshed):
    series = indicator_series(indicator=registry.get("contract_value"), filters=Filters())
    assert all(isinstance(value, Decimal) for row in series.rows for value in row.values)
