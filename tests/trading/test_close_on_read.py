"""Without a beat (the embedded default of `make run`), an ended auction closes when a page or the API shows it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import AuctionFactory, EnterpriseFactory
from trading.models import Auction
from trading.services import bid_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended_auction():
    auction = AuctionFactory()
    bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="1000")
    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    return auction


def test_auction_page_closes_an_ended_auction_and_shows_its_result(
    client, ended_auction, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(ended_auction.get_absolute_url())
    assert response.status_code == 200
    ended_auction.refresh_from_db()
    assert ended_auction.state == "closed" and ended_auction.result == "won"
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [ended_auction.seller.email, ended_auction.winner.user.email]
    )
    assert response.context["auction"].state == "closed"


def test_api_detail_closes_an_ended_auction(api_client, ended_auction):
    body = api_client.get(f"/api/v1/auctions/{ended_auction.pk}/").json()
    assert body["phase"] == "closed"
    assert body["result"] == "won"


def test_list_page_closes_every_ended_auction_once(client, ended_auction):
    client.get("/en/auctions/?phase=closed")
    client.get("/en/auctions/?phase=closed")
    ended_auction.refresh_from_db()
    assert ended_auction.state == "closed"
    assert ended_auction.events.filter(action="closed").count() == 1
