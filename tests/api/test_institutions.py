from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.models import InstitutionKind, TechnologyField
from tests.factories import AchievementFactory, DemandFactory, InstitutionFactory

LIST_URL = "/api/v1/institutions/"
pytestmark = pytest.mark.django_db


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["results"]]


@pytest.fixture
def directory():
    return {
        "kunming": InstitutionFactory(
            slug="kunming-ttc", country="CN", kind=InstitutionKind.TT_CENTER, is_official_tt=True, name_zh_hans="昆明"
        ),
        "skolkovo": InstitutionFactory(slug="skolkovo", country="RU", kind=InstitutionKind.RESEARCH_INSTITUTE),
        "usp": InstitutionFactory(slug="usp", country="BR", kind=InstitutionKind.UNIVERSITY),
    }


def test_directory_lists_institutions_with_published_counts(api_client, directory):
    AchievementFactory(published=True, institution=directory["usp"])
    AchievementFactory(institution=directory["usp"])  # a draft does not count
    DemandFactory(published=True, institution=directory["usp"])

    response = api_client.get(LIST_URL)

    assert response.status_code == 200
    assert response.json()["count"] == 3
    usp = next(item for item in response.json()["results"] if item["slug"] == "usp")
    assert usp["published_achievements"] == 1
    assert usp["published_demands"] == 1
    assert usp["url"] == "http://testserver/en/institutions/usp/"
    assert usp["kind"] == "university"
    assert usp["country"] == "BR"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=CN", ["kunming-ttc"]),
        ("kind=research_institute", ["skolkovo"]),
        ("official=true", ["kunming-ttc"]),
        ("country=BR&kind=university", ["usp"]),
        ("country=", ["usp", "kunming-ttc", "skolkovo"]),
    ],
)
def test_directory_filters(api_client, directory, query, expected):
    assert slugs(api_client.get(f"{LIST_URL}?{query}")) == expected


@pytest.mark.parametrize("query", ["country=XX", "kind=club", "official=perhaps"])
def test_bad_directory_filters_are_400(api_client, query):
    response = api_client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["errors"]


def test_directory_query_count_does_not_grow(api_client):
    for institution in InstitutionFactory.create_batch(3):
        AchievementFactory(published=True, institution=institution)
    cache.clear()  # both measured before the counts are cached (a save of an institution starts them over)
    with CaptureQueriesContext(connection) as few:
        api_client.get(LIST_URL)
    for institution in InstitutionFactory.create_batch(17):
        AchievementFactory(published=True, institution=institution)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        api_client.get(LIST_URL)
    assert len(few.captured_queries) == len(many.captured_queries)


def test_institution_detail_in_the_readers_language(api_client, directory):
    response = api_client.get(f"{LIST_URL}{directory['kunming'].pk}/?lang=zh-hans")

    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["language"]) == ("昆明", "zh-hans")
    assert body["official"] is True


@pytest.mark.parametrize("pk", ["424242", "abc", "-1"])
def test_unknown_institution_is_404(api_client, pk):
    response = api_client.get(f"{LIST_URL}{pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_institutions_are_read_only(api_client, directory):
    response = api_client.post(LIST_URL, {"name": "x"}, format="json")
    assert response.status_code in (401, 405)
    assert "code" in response.json()


def test_fields_lists_the_taxonomy_in_the_readers_language(api_client):
    response = api_client.get("/api/v1/fields/?lang=zh-hans")

    assert response.status_code == 200
    fields = {item["slug"]: item for item in response.json()}
    assert len(fields) == TechnologyField.objects.count()
    assert fields["biomedicine"]["name"] == "生物医药"
