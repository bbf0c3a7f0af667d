"""Listing page views and search appearances: counted in the cache without a database write in the request, flushed
by Celery beat into daily per-listing counts (each bucket once), shown in the portfolio to the listing's owner and its
institution's administrators only."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from indicators.models import FlushedCounterBucket, ListingDailyCount
from indicators.portfolio import portfolio_get
from indicators.services import listing_counts_flush
from indicators.tasks import listing_counts_flush_task
from marketplace.counters import BUCKET_SECONDS, CACHE_ALIAS, counts_record
from marketplace.models import MembershipRole
from search.services import search_reindex
from tests.factories import (
    AchievementFactory,
    DemandFactory,
    InstitutionFactory,
    MembershipFactory,
    ResearcherFactory,
)
from tests.search.conftest import embedded_search  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
LATER = BUCKET_SECONDS * 2  # a flush this much later sees the bucket closed


@pytest.fixture(autouse=True)
def _empty_counters():
    caches[CACHE_ALIAS].clear()
    yield
    caches[CACHE_ALIAS].clear()


def person(client):
    """A browser: a user agent and some cookie (the language choice)."""
    client.cookies["django_language"] = "en"
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    return client


def counts(listing, kind="achievement") -> tuple[int, int]:
    rows = ListingDailyCount.objects.filter(kind=kind, listing_id=listing.pk)
    return sum(row.views for row in rows), sum(row.appearances for row in rows)


def test_views_are_counted_without_a_database_write_and_flushed_once(client, django_assert_num_queries):
    achievement = AchievementFactory(published=True)
    person(client)
    client.get(achievement.get_absolute_url())  # warm the page's caches
    caches[CACHE_ALIAS].clear()
    for _ in range(3):
        response = client.get(achievement.get_absolute_url())
        assert response.status_code == 200
    assert ListingDailyCount.objects.count() == 0  # nothing written in the requests

    assert listing_counts_flush(now=time.time() + LATER) == 1
    assert counts(achievement) == (3, 0)
    row = ListingDailyCount.objects.get()
    assert row.day == timezone.localdate()
    # Idempotent: the same buckets again (the task retried, two beats) add nothing.
    assert listing_counts_flush(now=time.time() + LATER) == 0
    assert listing_counts_flush_task.delay().get() == 0
    assert counts(achievement) == (3, 0)


def test_a_bucket_already_recorded_as_flushed_is_never_added_again(client):
    achievement = AchievementFactory(published=True)
    now = time.time()
    counts_record(measure="views", listings=[("achievement", achievement.pk)], now=now)
    FlushedCounterBucket.objects.create(bucket=int(now // BUCKET_SECONDS))  # e.g. a run that died after committing
    assert listing_counts_flush(now=now + LATER) == 0
    assert counts(achievement) == (0, 0)


def test_the_open_bucket_waits_and_later_buckets_add_up(client):
    achievement = AchievementFactory(published=True)
    now = time.time()
    counts_record(measure="views", listings=[("achievement", achievement.pk)], now=now)
    assert listing_counts_flush(now=now) == 0  # still open
    assert listing_counts_flush(now=now + LATER) == 1
    counts_record(measure="views", listings=[("achievement", achievement.pk)], now=now + LATER)
    assert listing_counts_flush(now=now + 2 * LATER) == 1
    assert counts(achievement) == (2, 0)


def test_bots_and_the_owner_and_drafts_are_not_counted(client):
    achievement = AchievementFactory(published=True)
    draft = AchievementFactory(owner=achievement.owner)
    client.get(achievement.get_absolute_url())  # no cookie, no user agent: a script
    client.cookies["django_language"] = "en"
    client.get(achievement.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    client.get(achievement.get_absolute_url(), HTTP_USER_AGENT="")
    client.force_login(achievement.owner)
    person(client).get(achievement.get_absolute_url())
    client.get(draft.get_absolute_url())
    listing_counts_flush(now=time.time() + LATER)
    assert ListingDailyCount.objects.count() == 0


def test_a_demand_view_is_counted(client):
    demand = DemandFactory(published=True)
    person(client).get(demand.get_absolute_url())
    listing_counts_flush(now=time.time() + LATER)
    assert counts(demand, "demand") == (1, 0)


@pytest.mark.usefixtures("embedded_search")
def test_search_counts_one_appearance_per_listing_on_each_result_page_served(client):
    first = AchievementFactory(published=True, title_en="Lithium battery recycling")
    second = DemandFactory(published=True, title_en="Battery recycling line wanted")
    other = AchievementFactory(published=True, title_en="Wheat seeds")
    search_reindex()
    person(client)
    assert client.get("/en/search/", {"q": "battery"}).status_code == 200
    assert client.get("/api/v1/search/", {"q": "battery"}).status_code == 200
    client.get("/en/search/", {"q": "battery"}, HTTP_USER_AGENT="curl/8.0")
    listing_counts_flush(now=time.time() + LATER)
    assert counts(first) == (0, 2)
    assert counts(second, "demand") == (0, 2)
    assert counts(other) == (0, 0)


def test_the_portfolio_shows_views_and_appearances_per_listing_and_week(client):
    owner = ResearcherFactory()
    achievement = AchievementFactory(owner=owner, published=True)
    today = timezone.localdate()
    ListingDailyCount.objects.create(kind="achievement", listing_id=achievement.pk, day=today, views=5, appearances=40)
    ListingDailyCount.objects.create(
        kind="achievement", listing_id=achievement.pk, day=today - timedelta(weeks=3), views=2, appearances=10
    )
    ListingDailyCount.objects.create(kind="demand", listing_id=achievement.pk, day=today, views=99, appearances=99)
    portfolio = portfolio_get(user=owner)
    row = portfolio.rows[0]
    assert (row.views, row.appearances) == (7, 50)
    assert (portfolio.totals["views"], portfolio.totals["appearances"]) == (7, 50)
    assert len(portfolio.weeks) == 12
    assert (portfolio.weeks[-1].views, portfolio.weeks[-1].appearances) == (5, 40)
    assert (portfolio.weeks[-4].views, portfolio.weeks[-4].appearances) == (2, 10)
    client.force_login(owner)
    for lang in ("en", "ar"):
        html = client.get(f"/{lang}/indicators/portfolio/").content.decode()
        assert "portfolio_attention-svg-title" in html
    html = client.get("/en/indicators/portfolio/").content.decode()
    assert "Appearances in search" in html and ">50<" in html


def test_another_institutions_admin_never_sees_the_counts(client):
    institution, other = InstitutionFactory(), InstitutionFactory()
    achievement = AchievementFactory(published=True, institution=institution)
    ListingDailyCount.objects.create(
        kind="achievement", listing_id=achievement.pk, day=timezone.localdate(), views=31, appearances=77
    )
    admin = MembershipFactory(institution=institution, role=MembershipRole.ADMIN).user
    stranger = MembershipFactory(institution=other, role=MembershipRole.ADMIN).user
    assert portfolio_get(user=admin, institution=institution).totals["appearances"] == 77
    foreign = portfolio_get(user=stranger, institution=institution)
    assert foreign.institution is None and foreign.totals["appearances"] == 0
    client.force_login(stranger)
    assert client.get("/en/indicators/portfolio/", {"institution": institution.slug}).status_code == 404
    assert ">77<" not in client.get("/en/indicators/portfolio/").content.decode()
