"""The open-data API: catalogue, series, filters, errors and its OpenAPI description."""

from __future__ import annotations

import pytest

from indicators import registry

pytestmark = pytest.mark.django_db


def test_the_catalogue_lists_every_indicator(refreshed, api_client):
    response = api_client.get("/api/v1/indicators/")
    assert response.status_code == 200
    names = [item["name"] for item in response.json()]
    assert names == [indicator.name for indicator in registry.all_indicators()]
    contract = next(item for item in response.json() if item["name"] == "contract_value")
    assert contract["unit"] == "money" and contract["currency"] == "CNY"
    assert contract["url"].endswith("/api/v1/indicators/contract_value/")
    assert contract["computed_at"]


def test_the_catalogue_speaks_the_requested_language(refreshed, api_client):
    body = api_client.get("/api/v1/indicators/", {"lang": "ru"}).json()
    listings = next(item for item in body if item["name"] == "listings_published")
    assert listings["series"][0]["label"] not in ("", "Achievements")


def test_a_series_with_filters(refreshed, api_client):
    body = api_client.get("/api/v1/indicators/listings_by_country/", {"year_from": "2025", "country": "br"}).json()
    assert body["filters"] == {"year_from": "2025", "country": "BR"}
    assert body["rows"] == [{"key": "BR", "label": "Brazil", "values": {"achievements": 1, "demands": 0}}]
    assert [s["key"] for s in body["series"]] == ["achievements", "demands"]


def test_a_money_series_is_in_the_reporting_currency(refreshed, api_client):
    body = api_client.get("/api/v1/indicators/contract_value/").json()
    assert body["currency"] == "CNY"
    assert [(row["key"], row["values"][""]) for row in body["rows"]] == [("2024", 7000), ("2025", 50000)]


def test_labels_follow_lang(refreshed, api_client):
    body = api_client.get("/api/v1/indicators/listings_by_country/", {"lang": "zh-hans"}).json()
    assert "巴西" in {row["label"] for row in body["rows"]}
    assert body["language"] == "zh-hans"


@pytest.mark.parametrize(
    "params",
    [{"year_from": "abc"}, {"year_from": "2026", "year_to": "2025"}, {"country": "XX"}, {"field": "no-such-field"}],
)
def test_bad_filters_are_a_400_with_a_code(refreshed, api_client, params):
    response = api_client.get("/api/v1/indicators/deals/", params)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_an_unknown_indicator_is_a_404_with_a_code(db, api_client):
    response = api_client.get("/api/v1/indicators/nope/")
    assert response.status_code == 404
    assert response.json()["code"] == "indicator_not_found"


def test_an_unknown_language_is_refused(db, api_client):
    response = api_client.get("/api/v1/indicators/", {"lang": "xx"})
    assert response.status_code == 400 and response.json()["code"] == "invalid_language"


def test_the_schema_documents_the_indicator_endpoints(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/indicators/" in schema["paths"]
    detail = schema["paths"]["/api/v1/indicators/{name}/"]["get"]
    assert {p["name"] for p in detail["parameters"]} >= {"name", "year_from", "year_to", "country", "field", "lang"}
    assert set(detail["responses"]) >= {"200", "400", "404"}


def test_the_indicator_endpoints_add_no_schema_warning():
    """drf-spectacular's warnings and errors while describing only the indicator endpoints (the whole schema is
    checked by tests/api/test_schema_and_errors.py)."""
    from django.urls import include, path
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    patterns = [path("api/v1/indicators/", include("indicators.api_urls"))]
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    assert set(schema["paths"]) == {"/api/v1/indicators/", "/api/v1/indicators/{name}/"}
    assert not GENERATOR_STATS, (dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache))
