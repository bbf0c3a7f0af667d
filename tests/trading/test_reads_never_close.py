"""GET never writes: an auction whose end has passed is shown as closing, by its end time, until the periodic close
(beat, or staff) decides it; pages and API reads leave it as it is."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import AuctionFactory, EnterpriseFactory, StaffFactory
from trading.models import Auction, AuctionState
from trading.services import bid_place
from trading.tasks import auctions_close_due_task

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT")


@pytest.fixture
def ended_auction():
    auction = AuctionFactory()
    bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="1000")
    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    return auction


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES) or "FOR UPDATE" in q["sql"]]


def _unchanged(auction: Auction) -> bool:
    auction.refresh_from_db()
    return auction.state == AuctionState.SCHEDULED and not auction.events.filter(action="closed").exists()


@pytest.mark.parametrize("path", ["detail", "list_closed", "list_live", "api_detail", "api_list", "api_closed"])
def test_reading_an_ended_auction_writes_nothing(client, ended_auction, path):
    url = {
        "detail": ended_auction.get_absolute_url(),
        "list_closed": "/en/auctions/?phase=closed",
        "list_live": "/en/auctions/",
        "api_detail": f"/api/v1/auctions/{ended_auction.pk}/",
        "api_list": "/api/v1/auctions/",
        "api_closed": "/api/v1/auctions/?phase=closed",
    }[path]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert _writes(queries.captured_queries) == []
    assert _unchanged(ended_auction)


def test_a_bidder_reading_an_ended_sealed_auction_writes_nothing(client):
    """The reads a signed-in bidder makes (the page with their own sealed amount, the bid log, their amount, the page of
    bids) are reads too, like the proposal page of the lot to its seller."""
    auction = AuctionFactory(sealed=True)
    bidder = EnterpriseFactory()
    bid_place(auction_id=auction.pk, user=bidder, amount="1500")
    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    client.force_login(bidder)
    urls = [
        auction.get_absolute_url(),
        f"{auction.get_absolute_url()}?page=1",
        f"/api/v1/auctions/{auction.pk}/",
        f"/api/v1/auctions/{auction.pk}/bids/",
        f"/api/v1/auctions/{auction.pk}/bids/1/amount/",
    ]
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert _writes(queries.captured_queries) == [], url
    client.force_login(StaffFactory())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("trading:auction-propose", args=[auction.achievement_id])).status_code == 200
    assert _writes(queries.captured_queries) == []
    assert _unchanged(auction)


def test_the_page_shows_an_ended_auction_as_closing(client, ended_auction):
    response = client.get(ended_auction.get_absolute_url())
    assert response.context["phase"] == "closing"


def test_the_api_derives_the_phase_from_the_end_time(client, ended_auction):
    body = client.get(f"/api/v1/auctions/{ended_auction.pk}/").json()
    assert body["phase"] == "closing"
    assert body["result"] in ("", None)


def test_an_ended_auction_is_listed_with_the_closed_ones_not_the_live_ones(client, ended_auction):
    live = AuctionFactory()
    closed_tab = client.get("/en/auctions/?phase=closed").context["results"]["cards"]
    live_tab = client.get("/en/auctions/?phase=live").context["results"]["cards"]
    assert [card["auction"].pk for card in closed_tab] == [ended_auction.pk]
    assert [card["auction"].pk for card in live_tab] == [live.pk]
    api_closed = client.get("/api/v1/auctions/?phase=closed").json()["results"]
    assert [row["id"] for row in api_closed] == [ended_auction.pk]


def test_the_periodic_close_decides_it_once(client, ended_auction, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert auctions_close_due_task.delay().get() == 1
        assert auctions_close_due_task.delay().get() == 0
    ended_auction.refresh_from_db()
    assert ended_auction.state == AuctionState.CLOSED and ended_auction.result == "won"
    assert client.get(f"/api/v1/auctions/{ended_auction.pk}/").json()["phase"] == "closed"


def test_the_embedded_defaults_close_loop_closes_it(ended_auction):
    """`make run` has no beat: it runs this command with --every for the server's lifetime."""
    out = StringIO()
    call_command("auctions_close_due", stdout=out)
    ended_auction.refresh_from_db()
    assert ended_auction.state == AuctionState.CLOSED
    assert "Closed 1 auction(s)." in out.getvalue()
