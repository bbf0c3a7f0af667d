from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle

from search.services import search_reindex
from tests.factories import AchievementFactory, DemandFactory, InstitutionFactory, tech_field, transfer_mode

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def listings(embedded_search):
    institution = InstitutionFactory(kind="research_institute")
    made = {
        "battery": AchievementFactory(
            published=True,
            source_language="pt-br",
            title_en="",
            title_pt_br="Bateria de lítio reciclável",
            title_es="Batería de litio reciclable",
            summary_en="",
            summary_pt_br="Baterias para microrredes rurais.",
            trl=7,
            country="BR",
            institution=institution,
        ),
        "panel": AchievementFactory(published=True, trl=3, country="CN", ip_status="pct"),
        "draft": AchievementFactory(title_en="Secret battery draft"),
        "confidential": AchievementFactory(
            published=True,
            country="IN",
            title_en="Graphene coating",
            confidential_dossier="Zanzibarite catalyst recipe",
        ),
        "demand": DemandFactory(
            published=True,
            title_en="Battery recycling partner wanted",
            field=tech_field("renewable-energy"),
            cooperation_modes=[transfer_mode("licensing")],
        ),
    }
    search_reindex()
    return made


def ids(body) -> set[tuple[str, int]]:
    return {(hit["type"], hit["id"]) for hit in body["results"]}


def test_search_finds_both_listing_types_with_facets_and_counts(api_client, listings):
    response = api_client.get(URL, {"q": "battery", "lang": "en"})

    assert response.status_code == 200
    body = response.json()
    assert body["fallback"] is False
    assert ("demand", listings["demand"].pk) in ids(body)
    assert ("achievement", listings["draft"].pk) not in ids(body)
    assert body["count"] == len(body["results"])
    types = {item["value"]: item for item in body["facets"]["type"]}
    assert types["demand"]["count"] >= 1
    assert types["demand"]["label"] == "Demand"
    assert set(body["facets"]) == {
        "field",
        "country",
        "trl",
        "ip_status",
        "transfer_mode",
        "institution_type",
        "category",
        "language",
        "type",
    }


def test_empty_query_lists_every_published_listing_with_labelled_facets(api_client, listings):
    body = api_client.get(URL, {"lang": "en"}).json()

    published = {
        ("achievement", listings["battery"].pk),
        ("achievement", listings["panel"].pk),
        ("achievement", listings["confidential"].pk),
        ("demand", listings["demand"].pk),
    }
    assert ids(body) == published
    assert body["count"] == 4
    countries = {item["value"]: (item["label"], item["count"]) for item in body["facets"]["country"]}
    assert countries["CN"] == ("China", 1)
    trl = {item["value"]: item["label"] for item in body["facets"]["trl"]}
    assert trl["7"] == "TRL 7"
    kinds = {item["value"]: item["label"] for item in body["facets"]["institution_type"]}
    assert kinds["research_institute"] == "Research institute"


def test_hit_carries_page_url_language_and_public_fields(api_client, listings):
    body = api_client.get(URL, {"q": "recycling", "type": "demand", "lang": "en"}).json()

    (hit,) = body["results"]
    demand = listings["demand"]
    assert hit["url"] == f"http://testserver/en/demands/{demand.pk}/"
    assert hit["title"] == demand.title_en
    assert hit["language"] == "en"
    assert hit["country"] == "ZA"
    assert hit["field"] == "renewable-energy"
    assert hit["trl"] is None

    (hit,) = api_client.get(URL, {"q": "passive cooling", "type": "demand"}).json()["results"]
    assert "<mark>" in hit["snippet"]


def test_lang_picks_the_readers_title_and_page_url(api_client, listings):
    battery = listings["battery"]

    body = api_client.get(URL, {"q": "bateria", "lang": "es"}).json()
    (hit,) = [item for item in body["results"] if item["id"] == battery.pk and item["type"] == "achievement"]
    assert hit["title"] == "Batería de litio reciclable"
    assert hit["language"] == "es"
    assert hit["url"].endswith(f"/es/achievements/{battery.pk}/")

    # No English title: the author's Portuguese one, labelled as such.
    body = api_client.get(URL, {"q": "bateria", "lang": "en"}).json()
    (hit,) = [item for item in body["results"] if item["id"] == battery.pk and item["type"] == "achievement"]
    assert (hit["title"], hit["language"]) == ("Bateria de lítio reciclável", "pt-br")


def test_filters_accept_several_values_and_combine(api_client, listings):
    body = api_client.get(f"{URL}?country=br&country=CN&type=achievement").json()
    assert ids(body) == {("achievement", listings["battery"].pk), ("achievement", listings["panel"].pk)}

    body = api_client.get(URL, {"trl_min": 5, "country": ["BR", "CN"]}).json()
    assert ids(body) == {("achievement", listings["battery"].pk)}

    body = api_client.get(URL, {"ip_status": "pct"}).json()
    assert ids(body) == {("achievement", listings["panel"].pk)}

    body = api_client.get(URL, {"institution_type": "research_institute"}).json()
    assert ids(body) == {("achievement", listings["battery"].pk)}


def test_type_filter_keeps_one_kind(api_client, listings):
    body = api_client.get(URL, {"type": "demand"}).json()
    assert ids(body) == {("demand", listings["demand"].pk)}

    body = api_client.get(URL, {"q": "battery", "type": "achievement"}).json()
    assert all(hit["type"] == "achievement" for hit in body["results"])


def test_results_are_paginated_with_links(api_client, listings):
    first = api_client.get(URL, {"page_size": 3, "sort": "date"}).json()
    assert first["count"] == 4
    assert len(first["results"]) == 3
    assert first["previous"] is None
    assert "page=2" in first["next"]

    second = api_client.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert "page=" not in second["previous"]
    assert not ids(first) & ids(second)


def test_empty_parameters_from_a_form_mean_no_filter(api_client, listings):
    response = api_client.get(f"{URL}?q=&lang=&type=&trl_min=&country=&sort=&page=&page_size=")

    assert response.status_code == 200
    assert response.json()["count"] == 4


def test_a_page_beyond_the_end_is_an_empty_result(api_client, listings):
    response = api_client.get(URL, {"page": 40})

    assert response.status_code == 200
    body = response.json()
    assert body["results"] == []
    assert body["count"] == 4
    assert body["next"] is None


def test_drafts_and_confidential_text_never_appear(api_client, listings):
    body = api_client.get(URL, {"q": "secret"}).json()
    assert ("achievement", listings["draft"].pk) not in ids(body)

    # A word found only in a confidential dossier matches no text (vectors are made from public text only).
    body = api_client.get(URL, {"q": "zanzibarite", "mode": "text"}).json()
    assert body["results"] == []
    assert body["count"] == 0
    body = api_client.get(URL, {"q": "zanzibarite"}).json()
    assert all(row["match"] == "meaning" for row in body["results"])


@pytest.mark.parametrize(
    "params",
    [
        {"type": "patent"},
        {"trl_min": "0"},
        {"trl_min": "10"},
        {"trl_min": "abc"},
        {"sort": "popularity"},
        {"page": "0"},
        {"page": "abc"},
        {"page_size": "101"},
        {"page_size": "0"},
        {"ip_status": "stolen"},
        {"lang": "xx"},
        {"field": "no-such-field"},
        {"country": "ZZ"},
        {"country": "Brazil"},
    ],
)
def test_bad_parameters_are_a_400_in_the_error_shape(api_client, listings, params):
    response = api_client.get(URL, params)

    assert response.status_code == 400
    assert set(response.json()) >= {"code", "detail"}


@pytest.mark.parametrize(
    "text",
    [
        "battery " * 1250,  # 10,000 characters
        'title:battery AND (recycling OR "partner wanted"~2) -draft^3 fiel*d:[1 TO 9] \\',
        "bat\u200btery\u200d\ufeff",
        "\x00\x07",
        "<script>alert(1)</script>",
    ],
)
def test_hostile_queries_never_fail(api_client, listings, text):
    response = api_client.get(URL, {"q": text})

    assert response.status_code in (200, 400)
    body = response.json()
    if response.status_code == 400:
        assert set(body) >= {"code", "detail"}
    else:
        assert all("<script>" not in hit["snippet"] for hit in body["results"])


def test_zero_width_characters_inside_a_word_still_find_it(api_client, listings):
    body = api_client.get(URL, {"q": "recyc\u200bling"}).json()

    assert ("demand", listings["demand"].pk) in ids(body)


def test_falls_back_to_the_database_when_the_engine_is_down(api_client, engine_down):
    demand = DemandFactory(published=True, title_en="Battery recycling partner wanted")
    AchievementFactory(title_en="Secret battery draft")

    response = api_client.get(URL, {"q": "battery", "lang": "en"})

    assert response.status_code == 200
    body = response.json()
    assert body["fallback"] is True
    assert ids(body) == {("demand", demand.pk)}
    assert body["facets"]["type"] == [{"value": "demand", "label": "Demand", "count": 1}]


def test_search_is_throttled_like_other_anonymous_reads(api_client, listings, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {**AnonRateThrottle.THROTTLE_RATES, "anon": "2/min"})

    codes = [api_client.get(URL).status_code for _ in range(3)]

    assert codes == [200, 200, 429]
    assert api_client.get(URL).json()["code"] == "throttled"


def test_schema_documents_the_search_endpoint(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    operation = schema["paths"]["/api/v1/search/"]["get"]
    names = {item["name"] for item in operation["parameters"]}
    assert {"q", "lang", "type", "field", "country", "trl_min", "sort", "page", "page_size"} <= names
    hit = schema["components"]["schemas"]["SearchHit"]["properties"]
    assert "<mark>" in hit["snippet"]["description"]


def test_the_answer_is_exactly_what_its_documented_serializer_gives(listings, rf):
    """The view sends search_results_data as is; SearchResultsSerializer documents it and must agree on every key,
    type and format (published_at, facet values, nulls)."""
    from search.selectors import search_listings
    from search.serializers import SearchResultsSerializer, search_results_data

    request = rf.get(URL, {"page_size": 2, "page": 2})
    pages = (search_listings(text=None, lang="en", page_size=2, page=2), search_listings(lang="ru", text="battery"))
    for page in pages:
        data = search_results_data(page, request=request, lang="en")
        assert data["results"] and any(data["facets"].values())
        assert json.loads(json.dumps(SearchResultsSerializer(data).data)) == json.loads(json.dumps(data))


def test_a_renamed_technology_field_shows_its_new_name_in_the_facets(api_client, listings):
    label = lambda: {i["value"]: i["label"] for i in api_client.get(URL, {"lang": "en"}).json()["facets"]["field"]}  # noqa: E731
    field = tech_field("renewable-energy")
    assert label()["renewable-energy"] == field.name_en
    field.name_en = "Clean energy"
    field.save()
    assert label()["renewable-energy"] == "Clean energy"
