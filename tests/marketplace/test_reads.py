"""Reading listings at scale (marketplace.reads): ids-first pages, cached counts, page fragments and list answers."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achievements.models import Achievement
from marketplace.reads import listings_version
from tests.factories import AchievementFactory, DemandFactory, InstitutionFactory

API = "/api/v1/achievements/"
DEMANDS_API = "/api/v1/demands/"
PAGES = ["/en/achievements/", "/en/demands/", "/en/"]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _queries(client, url: str) -> tuple[int, list[str]]:
    cache.clear()  # the same conditions for every measurement: nothing counted or rendered yet
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries), [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("url", [API, DEMANDS_API])
def test_api_list_query_count_does_not_depend_on_the_page_size(client, url):
    institution = InstitutionFactory()
    AchievementFactory.create_batch(30, published=True, institution=institution)
    DemandFactory.create_batch(30, published=True, institution=institution)
    _queries(client, url)  # per-process caches (content types)

    small, _sql = _queries(client, f"{url}?page_size=2")
    large, _sql = _queries(client, f"{url}?page_size=30")
    deep, _sql = _queries(client, f"{url}?page_size=2&page=14")

    assert small == large == deep


def test_deep_pages_keep_the_public_order(client):
    AchievementFactory.create_batch(12, published=True)
    order = list(
        Achievement.objects.filter(state="published").order_by("-published_at", "-id").values_list("pk", flat=True)
    )

    pages = [client.get(f"{API}?page_size=5&page={number}").json() for number in (1, 2, 3)]

    assert [item["id"] for page in pages for item in page["results"]] == order
    assert [page["count"] for page in pages] == [12, 12, 12]


def test_deep_page_reads_ids_first_then_only_that_pages_rows(client):
    AchievementFactory.create_batch(12, published=True)
    _queries(client, API)

    _count, statements = _queries(client, f"{API}?page_size=5&page=3")
    listing_reads = [sql for sql in statements if 'FROM "achievements_achievement"' in sql and "COUNT" not in sql]

    assert "OFFSET 10" in listing_reads[0] and '"title_en"' not in listing_reads[0]  # ids only
    assert "OFFSET" not in listing_reads[1] and '"title_en"' in listing_reads[1]  # the rows, by id


@pytest.mark.parametrize("url", PAGES)
def test_pages_are_served_from_the_fragment_cache_without_listing_queries(client, url):
    AchievementFactory.create_batch(3, published=True)
    DemandFactory.create_batch(3, published=True)
    client.get(url)

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200

    assert not [query for query in captured.captured_queries if "achievements_achievement" in query["sql"]]
    assert not [query for query in captured.captured_queries if "demands_demand" in query["sql"]]


@pytest.mark.parametrize("url", PAGES)
def test_a_saved_listing_shows_at_once_on_cached_pages(client, url):
    AchievementFactory(published=True)
    DemandFactory(published=True)
    client.get(url)
    version = listings_version()

    AchievementFactory(published=True, title_en="Freshly published tidal turbine")
    DemandFactory(published=True, title_en="Freshly published water demand")

    assert listings_version() != version
    html = client.get(url).content.decode()
    assert "Freshly published" in html


def test_list_pages_are_cached_per_language_and_query(client):
    AchievementFactory(published=True, title_en="English title", title_fr="Titre français", country="CN")
    AchievementFactory(published=True, title_en="Only in Brazil", country="BR")

    english = client.get("/en/achievements/").content.decode()
    french = client.get("/fr/achievements/").content.decode()
    filtered = client.get("/en/achievements/?country=CN").content.decode()

    assert "English title" in english and "Titre français" in french
    assert "Only in Brazil" in english and "Only in Brazil" not in filtered
