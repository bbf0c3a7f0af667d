from __future__ import annotations

import pytest

from search.backends.base import BadQuery
from search.selectors import search_listings
from search.services import search_reindex
from search.text import normalize_query
from tests.factories import AchievementFactory, DemandFactory, InstitutionFactory, tech_field, transfer_mode

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings():
    institution = InstitutionFactory(kind="research_institute")
    return {
        "battery": AchievementFactory(
            published=True,
            source_language="pt-br",
            title_en="",
            title_pt_br="Bateria de lítio reciclável",
            summary_pt_br="Baterias para microrredes.",
            summary_en="",
            trl=7,
            country="BR",
            institution=institution,
        ),
        "panel": AchievementFactory(published=True, trl=3, country="CN"),
        "draft": AchievementFactory(title_en="Secret battery draft"),
        "demand": DemandFactory(
            published=True,
            title_en="Battery recycling partner wanted",
            field=tech_field("renewable-energy"),
            cooperation_modes=[transfer_mode("licensing")],
        ),
    }


def keys(page) -> set[str]:
    return {hit.key for hit in page.hits}


def test_search_uses_the_engine_when_it_answers(embedded_search, listings):
    search_reindex()
    page = search_listings(text="bateria", lang="pt-br")
    assert page.fallback is False
    assert keys(page) == {f"achievement:{listings['battery'].pk}"}


def test_database_fallback_when_the_engine_is_down(engine_down, listings):
    page = search_listings(text="bateria", lang="en")
    assert page.fallback is True
    # Found through its source-language (Portuguese) title; the draft never shows.
    assert keys(page) == {f"achievement:{listings['battery'].pk}"}
    hit = page.hits[0]
    assert (hit.title, hit.matched_language) == ("Bateria de lítio reciclável", "pt-br")

    page = search_listings(text="battery", lang="en")
    assert keys(page) == {f"demand:{listings['demand'].pk}"}


def test_database_fallback_applies_filters_and_counts_facets(engine_down, listings):
    page = search_listings(text="", lang="en", filters={"country": ["BR", "CN"]}, trl_min=5)
    assert page.fallback is True
    assert keys(page) == {f"achievement:{listings['battery'].pk}"}
    assert page.facets["country"] == [("BR", 1)]
    assert page.facets["trl"] == [("7", 1)]
    assert page.facets["institution_type"] == [("research_institute", 1)]
    assert page.facets["type"] == [("achievement", 1)]

    page = search_listings(text="", lang="en", filters={"transfer_mode": ["licensing"]})
    assert page.total == 3
    assert page.facets["type"] == [("achievement", 2), ("demand", 1)]
    assert page.facets["field"] == [("biomedicine", 2), ("renewable-energy", 1)]


def test_database_fallback_pages_newest_first(engine_down, listings):
    first = search_listings(text="", lang="en", page=1, page_size=2)
    second = search_listings(text="", lang="en", page=2, page_size=2)
    assert first.total == second.total == 3
    assert len(first.hits) == 2 and len(second.hits) == 1
    assert keys(first).isdisjoint(keys(second))
    assert first.num_pages == 2


def test_empty_query_browses_by_date(embedded_search, listings):
    page = search_listings(text="  \u200b ", lang="en", sort="relevance")
    assert page.query.sort == "date"
    assert page.query.text == ""


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"filters": {"owner": ["1"]}}, "unknown filter"),
        ({"types": ["auction"]}, "unknown listing type"),
        ({"trl_min": 12}, "trl_min"),
        ({"sort": "price"}, "sort"),
        ({"page": 0}, "page"),
        ({"page_size": 1000}, "page size"),
    ],
)
def test_unusable_parameters_are_a_bad_query(embedded_search, kwargs, message):
    with pytest.raises(BadQuery, match=message):
        search_listings(text="x", lang="en", **kwargs)


def test_hostile_text_reaches_the_engine_normalised(embedded_search, listings):
    page = search_listings(text="bat\u200btery " + "x" * 10_000, lang="en")
    assert len(page.query.text) <= 500
    assert page.query.text.startswith("battery")


def test_normalize_query_strips_invisible_characters_and_collapses_spaces():
    assert normalize_query(" bat\u200btery\u00ad  \n pack\ufeff ") == "battery pack"
    assert normalize_query("می\u200cشود") == "می شود"
    assert normalize_query("\x00") == ""
    assert normalize_query(None) == ""
    assert len(normalize_query("word " * 1000)) <= 500
