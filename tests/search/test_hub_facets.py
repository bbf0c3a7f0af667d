"""The service hub's own facets in search: a service's category and the languages a service is offered in, an expert
speaks or a course is taught in. Documents, the engine, the database fallback, the API and the page's sidebar."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from search.documents import document_for
from search.selectors import search_listings
from search.services import search_reindex
from tests.factories import ProviderFactory
from tests.factories_hub import CourseFactory, ExpertFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hub():
    return {
        "valuation": ServiceFactory(
            title_en="Patent valuation", category="valuation", languages="en,zh-hans", institution=ProviderFactory()
        ),
        "legal": ServiceFactory(
            title_en="Licence contract review", category="legal", languages="pt-br", institution=ProviderFactory()
        ),
        "expert": ExpertFactory(languages="pt-br,es"),
        "course": CourseFactory(language="ru"),
    }


def test_documents_carry_the_category_and_each_language_code(hub):
    valuation = document_for(hub["valuation"])
    assert (valuation.category, valuation.languages) == ("valuation", ("en", "zh-hans"))
    expert = document_for(hub["expert"])
    assert (expert.category, expert.languages) == ("", ("es", "pt-br"))
    assert document_for(hub["course"]).languages == ("ru",)


@pytest.mark.parametrize("engine", ["embedded_search", "engine_down"])
def test_category_and_language_filter_services_experts_and_courses(request, hub, engine):
    request.getfixturevalue(engine)
    if engine == "embedded_search":
        search_reindex()
    page = search_listings(text="", lang="en", filters={"category": ["valuation"]})
    assert [hit.key for hit in page.hits] == [f"service:{hub['valuation'].pk}"]
    assert dict(page.facets["category"]) == {"valuation": 1, "legal": 1}
    page = search_listings(text="", lang="en", filters={"language": ["pt-br"]})
    assert {hit.key for hit in page.hits} == {f"service:{hub['legal'].pk}", f"expert:{hub['expert'].pk}"}
    assert dict(page.facets["language"]) == {"en": 1, "zh-hans": 1, "pt-br": 2, "es": 1, "ru": 1}
    page = search_listings(text="", lang="en", filters={"language": ["ru"]})
    assert [hit.key for hit in page.hits] == [f"course:{hub['course'].pk}"]
    assert page.fallback is (engine == "engine_down")


def test_api_filters_by_category_and_labels_the_facets(client, embedded_search, hub):
    search_reindex()
    body = client.get("/api/v1/search/", {"category": "legal", "lang": "en"}).json()
    assert [(hit["type"], hit["id"]) for hit in body["results"]] == [("service", hub["legal"].pk)]
    labels = {value["value"]: value["label"] for value in body["facets"]["category"]}
    assert labels == {"legal": "Legal advice and contracts", "valuation": "Asset valuation"}
    languages = {value["value"]: value["label"] for value in body["facets"]["language"]}
    assert languages["pt-br"] == "Portuguese (Brazil)"
    response = client.get("/api/v1/search/", {"category": "astrology"})
    assert response.status_code == 400
    assert response.json()["code"]


def test_search_page_sidebar_offers_the_service_categories_and_languages(client, embedded_search, hub):
    search_reindex()
    html = client.get("/en/search/", {"type": "service"}).content.decode()
    assert "Service category" in html
    assert "Asset valuation" in html and "Legal advice and contracts" in html
    assert "?type=service&amp;category=valuation" in html
    html = client.get("/zh-hans/search/", {"type": "service", "language": "pt-br"}).content.decode()
    assert "Licence contract review" in html and "Patent valuation" not in html
