"""The core bidding rules, decided by trading.services.bid_place under the auction's row lock."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import AuctionFactory, EnterpriseFactory, place_bid
from trading.chain import verify_entries
from trading.errors import TradingError
from trading.models import Auction
from trading.selectors import bid_log, log_entry
from trading.services import auction_close

pytestmark = pytest.mark.django_db


def _amounts(auction):
    return [(b.participant.number, b.amount, b.is_proxy) for b in bid_log(auction=auction)]


def test_first_bid_at_starting_price_leads():
    auction = AuctionFactory()
    outcome = place_bid(auction, EnterpriseFactory(), amount="1000")
    assert outcome.created and outcome.leading
    auction.refresh_from_db()
    assert auction.current_price == Decimal("1000.00") and auction.bid_count == 1


def test_bid_below_current_price_plus_increment_is_rejected():
    auction = AuctionFactory()
    place_bid(auction, EnterpriseFactory(), amount="1000")
    with pytest.raises(TradingError) as caught:
        place_bid(auction, EnterpriseFactory(), amount="1099.99")
    assert caught.value.code == "bid_too_low"
    assert Auction.objects.get(pk=auction.pk).bid_count == 1


def test_increment_ladder_raises_the_step_above_its_threshold():
    auction = AuctionFactory(min_increment=Decimal("100"), increment_ladder=[["5000", "500"]])
    place_bid(auction, EnterpriseFactory(), amount="5000")
    with pytest.raises(TradingError):
        place_bid(auction, EnterpriseFactory(), amount="5100")
    assert place_bid(auction, EnterpriseFactory(), amount="5500").leading


def test_proxy_maximum_bids_the_minimum_needed_and_defends_up_to_it():
    auction = AuctionFactory()
    alice, bob = EnterpriseFactory(), EnterpriseFactory()
    place_bid(auction, alice, max_amount="2000")
    place_bid(auction, bob, amount="1500")
    auction.refresh_from_db()
    # Alice opened at the starting price; Bob's 1,500 was answered by Alice's proxy at 1,600.
    assert _amounts(auction) == [
        (1, Decimal("1000.00"), True),
        (2, Decimal("1500.00"), False),
        (1, Decimal("1600.00"), True),
    ]
    assert auction.leader.user == alice and auction.current_price == Decimal("1600.00")
    place_bid(auction, bob, amount="2500")
    auction.refresh_from_db()
    assert auction.leader.user == bob and auction.current_price == Decimal("2500.00")


def test_higher_proxy_beats_lower_proxy_by_one_increment_over_its_maximum():
    auction = AuctionFactory()
    alice, bob = EnterpriseFactory(), EnterpriseFactory()
    place_bid(auction, alice, max_amount="2000")
    place_bid(auction, bob, max_amount="5000")
    auction.refresh_from_db()
    assert auction.leader.user == bob and auction.current_price == Decimal("2100.00")


def test_leader_may_not_outbid_themselves():
    auction = AuctionFactory()
    alice = EnterpriseFactory()
    place_bid(auction, alice, amount="1000")
    with pytest.raises(TradingError) as caught:
        place_bid(auction, alice, amount="1200")
    assert caught.value.code == "already_leading"


def test_bid_inside_soft_close_window_extends_the_end():
    auction = AuctionFactory(
        ends_at=timezone.now() + timedelta(minutes=2),
        soft_close_window=timedelta(minutes=5),
        soft_close_extension=timedelta(minutes=3),
    )
    before = auction.ends_at
    place_bid(auction, EnterpriseFactory(), amount="1000")
    auction.refresh_from_db()
    assert auction.ends_at == before + timedelta(minutes=3)


def test_replayed_idempotency_key_returns_the_original_bid():
    auction = AuctionFactory()
    alice = EnterpriseFactory()
    first = place_bid(auction, alice, amount="1000", idempotency_key="k-1")
    again = place_bid(auction, alice, amount="1000", idempotency_key="k-1")
    assert again.replayed and again.bid.pk == first.bid.pk
    assert Auction.objects.get(pk=auction.pk).bid_count == 1


def test_english_close_picks_the_leader_and_records_a_deal():
    auction = AuctionFactory(reserve_price=Decimal("1000"))
    buyer = EnterpriseFactory()
    place_bid(auction, buyer, amount="1200")
    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    assert auction_close(auction_id=auction.pk) is True
    assert auction_close(auction_id=auction.pk) is False
    auction.refresh_from_db()
    assert auction.result == "won" and auction.final_price == Decimal("1200.00")
    assert auction.deal.buyer == buyer and auction.deal.status == "pending_signature"
    # Read from the database: the achievement the auction holds in memory may predate the close.
    assert type(auction.achievement).objects.get(pk=auction.achievement_id).under_transfer is True


def test_sealed_second_price_reveals_amounts_and_charges_the_second_bid():
    auction = AuctionFactory(sealed=True)
    a, b, c = EnterpriseFactory(), EnterpriseFactory(), EnterpriseFactory()
    place_bid(auction, a, amount="3000")
    place_bid(auction, b, amount="5000")
    place_bid(auction, c, amount="4000")
    assert all(entry["amount"] is None for entry in map(log_entry, bid_log(auction=auction)))
    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    auction_close(auction_id=auction.pk)
    auction.refresh_from_db()
    assert auction.winner.user == b and auction.final_price == Decimal("4000.00")
    entries = [log_entry(bid) for bid in bid_log(auction=auction)]
    assert [e["amount"] for e in entries] == ["3000.00", "5000.00", "4000.00"]
    assert verify_entries(entries) == []


def test_tampered_amount_breaks_the_chain():
    auction = AuctionFactory()
    place_bid(auction, EnterpriseFactory(), amount="1000")
    place_bid(auction, EnterpriseFactory(), amount="1100")
    entries = [log_entry(bid) for bid in bid_log(auction=auction)]
    assert verify_entries(entries) == []
    entries[0]["amount"] = "1050.00"
    assert [p.seq for p in verify_entries(entries)] == [1]


def test_replay_judged_on_a_stale_read_still_returns_the_original_bid(monkeypatch):
    """The unlocked early refusal reads the auction before the original request committed: the retry must still get
    the original's result, not "already leading" judged on that older state."""
    from trading.services import bids as services

    auction = AuctionFactory()
    alice, bob = EnterpriseFactory(), EnterpriseFactory()
    place_bid(auction, alice, amount="1000")
    # Alice leads in this snapshot, read before her retried bid below existed: its key is not among hers yet.
    stale = services._bid_read(auction.pk, alice, "retry-1", lock=False)
    place_bid(auction, bob, amount="1100")
    original = place_bid(auction, alice, amount="1200", idempotency_key="retry-1")

    real_read = services._bid_read
    monkeypatch.setattr(
        services, "_bid_read", lambda pk, user, key, *, lock: real_read(pk, user, key, lock=lock) if lock else stale
    )
    again = place_bid(auction, alice, amount="1200", idempotency_key="retry-1")
    assert again.replayed and again.bid.pk == original.bid.pk


def test_a_retried_raise_judged_on_a_stale_read_still_returns_the_original_answer(monkeypatch):
    """The leader's raise of their maximum commits between the retry's first look and its refusal: the second look
    must find the raise's key too (it is kept on the participant, not on a log entry)."""
    from trading.services import bids as services

    auction = AuctionFactory()
    alice = EnterpriseFactory()
    place_bid(auction, alice, max_amount="2000")
    # Read before the raise below: the key is not hers yet, and (as at the moment of a late retry) the end has passed.
    stale_auction, stale_participant, _used = services._bid_read(auction.pk, alice, "raise-1", lock=False)
    stale_auction.ends_at = timezone.now() - timedelta(seconds=1)
    place_bid(auction, alice, max_amount="3000", idempotency_key="raise-1")

    real_read = services._bid_read
    monkeypatch.setattr(
        services,
        "_bid_read",
        lambda pk, user, key, *, lock: (
            real_read(pk, user, key, lock=lock) if lock else (stale_auction, stale_participant, False)
        ),
    )
    again = place_bid(auction, alice, max_amount="3000", idempotency_key="raise-1")
    assert again.replayed and again.bid is None
