"""The auction lists cached for the public (page and API): a new auction, a bid, a close, a start or an end shows on
the next request; a proposed auction never does; signed-in readers get their own page."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.reads import bump_listings_version
from tests.factories import (
    AchievementFactory,
    AuctionFactory,
    EnterpriseFactory,
    ResearcherFactory,
    StaffFactory,
    place_bid,
)
from trading.models import Auction
from trading.selectors import AUCTIONS_VERSION
from trading.services import AuctionSpec, auction_close, auction_create

pytestmark = pytest.mark.django_db

PAGE = "/en/auctions/"
API = "/api/v1/auctions/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    bump_listings_version()  # not the versions a process remembers from a test before (read at most once a second)
    AUCTIONS_VERSION.bump()
    yield
    cache.clear()


def _api_items(client: Client, query: str = "") -> dict[int, dict]:
    return {item["id"]: item for item in client.get(f"{API}{query}").json()["results"]}


def test_a_stored_list_is_served_without_any_query():
    AuctionFactory()
    first = Client().get(PAGE)
    Client().get(API)

    with CaptureQueriesContext(connection) as captured:
        page = Client().get(PAGE)
        api = Client().get(API)

    assert page.status_code == api.status_code == 200
    assert captured.captured_queries == []
    assert len(page.content) == len(first.content)


def test_a_bid_shows_on_the_next_request():
    auction = AuctionFactory()
    reader = Client()
    assert "US$1,000.00" in reader.get(PAGE).text and _api_items(reader)[auction.pk]["bid_count"] == 0

    place_bid(auction, EnterpriseFactory(), amount="1500")

    assert "US$1,500.00" in reader.get(PAGE).text
    item = _api_items(reader)[auction.pk]
    assert item["bid_count"] == 1 and item["current_price"] == "1500.00"


def test_a_new_auction_shows_on_the_next_request():
    AuctionFactory()
    lot = AchievementFactory(published=True, title_en="Solar desalination membrane")
    reader = Client()
    assert "Solar desalination membrane" not in reader.get(PAGE).text  # stored without it
    reader.get(API)
    now = timezone.now()
    spec = AuctionSpec(
        kind="english",
        currency="USD",
        starting_price=Decimal("500.00"),
        starts_at=now - timedelta(minutes=1),
        ends_at=now + timedelta(days=2),
        min_increment=Decimal("50.00"),
    )

    auction = auction_create(lot=lot, actor=StaffFactory(), spec=spec)

    assert "Solar desalination membrane" in reader.get(PAGE).text
    assert auction.pk in _api_items(reader)


def test_a_closed_auction_moves_to_the_closed_tab_at_once():
    auction = AuctionFactory()
    place_bid(auction, EnterpriseFactory(), amount="1200")
    reader = Client()
    assert auction.achievement.title_en in reader.get(PAGE).text
    assert auction.achievement.title_en not in reader.get(PAGE, {"phase": "closed"}).text
    assert auction.pk not in _api_items(reader, "?phase=closed")

    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    assert auction_close(auction_id=auction.pk)

    assert auction.achievement.title_en not in reader.get(PAGE).text
    assert "Sold for US$1,200.00 to Bidder 1" in reader.get(PAGE, {"phase": "closed"}).text
    assert _api_items(reader, "?phase=closed")[auction.pk]["result"] == "won"


def test_an_auction_changes_tab_when_it_starts_and_ends_without_any_write(monkeypatch):
    auction = AuctionFactory(upcoming=True)
    reader = Client()
    assert "No auction is running right now" in reader.get(PAGE).text
    assert _api_items(reader)[auction.pk]["phase"] == "upcoming"

    started = auction.starts_at + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: started)
    assert auction.achievement.title_en in reader.get(PAGE).text
    assert _api_items(reader)[auction.pk]["phase"] == "live"

    ended = auction.ends_at + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: ended)
    assert "No auction is running right now" in reader.get(PAGE).text
    assert "Closing…" in reader.get(PAGE, {"phase": "closed"}).text
    assert _api_items(reader)[auction.pk]["phase"] == "closing"


def test_a_proposed_auction_never_reaches_a_stored_list():
    proposed = AuctionFactory(state="proposed")
    staff = Client()
    staff.force_login(StaffFactory())
    staff.get(PAGE), staff.get(API)  # staff may see it on its own page: not on the lists

    reader = Client()
    assert proposed.achievement.title_en not in reader.get(PAGE).text
    assert proposed.pk not in _api_items(reader)


def test_signed_in_readers_never_get_the_stored_page_nor_leave_theirs():
    AuctionFactory()
    member = ResearcherFactory(display_name="Ana Quintero")
    Client().get(PAGE)
    signed_in = Client()
    signed_in.force_login(member)

    assert "Ana Quintero" in signed_in.get(PAGE).text
    assert "Ana Quintero" not in Client().get(PAGE).text


def test_a_conditional_request_for_an_unchanged_list_answers_304_until_a_bid():
    auction = AuctionFactory()
    reader = Client()
    page, api = reader.get(PAGE), reader.get(API)
    assert "private" in page["Cache-Control"] and "no-cache" in api["Cache-Control"]

    assert reader.get(PAGE, headers={"if-none-match": page["ETag"]}).status_code == 304
    assert reader.get(API, headers={"if-none-match": api["ETag"]}).status_code == 304

    place_bid(auction, EnterpriseFactory(), amount="1500")

    assert reader.get(PAGE, headers={"if-none-match": page["ETag"]}).status_code == 200
    assert reader.get(API, headers={"if-none-match": api["ETag"]}).status_code == 200
