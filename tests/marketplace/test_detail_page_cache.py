"""A listing's page stored for readers who are not signed in (marketplace.page_cache): served without a query, its
view still counted, a change (an edit, archiving, a bid on its auction) shown on the next request, never served to
or stored from a signed-in reader."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from indicators.models import ListingDailyCount
from indicators.services import listing_counts_flush
from marketplace.counters import BUCKET_SECONDS, CACHE_ALIAS
from marketplace.reads import bump_listings_version
from marketplace.services import listing_archive
from tests.factories import (
    AchievementFactory,
    AuctionFactory,
    DemandFactory,
    EnterpriseFactory,
    ResearcherFactory,
    place_bid,
)
from trading.selectors import AUCTIONS_VERSION

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"


@pytest.fixture(autouse=True)
def _empty_caches():
    cache.clear()
    caches[CACHE_ALIAS].clear()
    bump_listings_version()  # not the versions a process remembers from a test before (read at most once a second)
    AUCTIONS_VERSION.bump()
    yield
    cache.clear()
    caches[CACHE_ALIAS].clear()


def _person() -> Client:
    """A browser that is not signed in: a user agent and some cookie (its views are counted)."""
    client = Client(HTTP_USER_AGENT=BROWSER)
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize("factory", [AchievementFactory, DemandFactory])
def test_a_stored_listing_page_is_served_without_a_query_and_each_view_is_counted(factory):
    listing = factory(published=True)
    url = listing.get_absolute_url()
    assert _person().get(url).status_code == 200

    with CaptureQueriesContext(connection) as captured:
        for _ in range(3):
            assert _person().get(url).status_code == 200

    assert captured.captured_queries == []
    listing_counts_flush(now=time.time() + 2 * BUCKET_SECONDS)
    kind = listing._meta.model_name
    assert sum(ListingDailyCount.objects.filter(kind=kind, listing_id=listing.pk).values_list("views", flat=True)) == 4


@pytest.mark.parametrize("factory", [AchievementFactory, DemandFactory])
def test_an_archived_listing_leaves_its_stored_page_at_once(factory):
    listing = factory(published=True, title_en="Graphene water filter")
    url = listing.get_absolute_url()
    assert "Graphene water filter" in Client().get(url).text

    listing_archive(listing=type(listing).objects.get(pk=listing.pk), user=listing.owner)

    assert Client().get(url).status_code == 404


def test_a_bid_on_its_auction_shows_on_the_achievement_page_at_once():
    auction = AuctionFactory()
    url = auction.achievement.get_absolute_url()
    assert "US$1,000.00" in Client().get(url).text

    place_bid(auction, EnterpriseFactory(), amount="1500")

    assert "US$1,500.00" in Client().get(url).text


def test_the_owner_never_gets_the_stored_page_nor_leaves_theirs():
    listing = AchievementFactory(published=True, owner=ResearcherFactory(display_name="Ana Quintero"))
    url = listing.get_absolute_url()
    Client().get(url)
    owner = Client()
    owner.force_login(listing.owner)

    assert "Ana Quintero" in owner.get(url).text
    assert "Ana Quintero" not in Client().get(url).text


@pytest.mark.parametrize(("factory", "path"), [(AchievementFactory, "achievements"), (DemandFactory, "demands")])
def test_a_public_listing_api_answer_is_stored_for_readers_not_signed_in_and_goes_when_archived(factory, path):
    listing = factory(published=True)
    url = f"/api/v1/{path}/{listing.pk}/"
    first = Client().get(url)
    assert first.status_code == 200 and "no-cache" in first["Cache-Control"]

    with CaptureQueriesContext(connection) as captured:
        again = Client().get(url)
    not_modified = Client().get(url, headers={"if-none-match": first["ETag"]})

    assert captured.captured_queries == [] and again.json() == first.json()
    assert not_modified.status_code == 304
    listing_archive(listing=type(listing).objects.get(pk=listing.pk), user=listing.owner)
    assert Client().get(url).status_code == 404
    assert Client().get(url, headers={"if-none-match": first["ETag"]}).status_code == 404


def test_a_draft_in_the_api_is_its_owners_only_whoever_asked_first():
    draft = AchievementFactory()
    url = f"/api/v1/achievements/{draft.pk}/"
    owner = Client()
    owner.force_login(draft.owner)

    assert owner.get(url).status_code == 200
    assert Client().get(url).status_code == 404
    assert owner.get(url).status_code == 200
