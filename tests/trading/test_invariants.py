"""The invariant replay (trading.invariants) on logs made by the real services, then altered by hand.

Each violation is built the way someone with database access would hide it: the row is changed and the hash chain
re-sealed over it (``_reseal``), so only the invariant under test can notice. Closing waits for no clock: the test
moves ``timezone.now`` past the end instead (``_close_after_end``).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from tests.factories import AuctionFactory, EnterpriseFactory, StaffFactory, place_bid
from trading import chain
from trading.invariants import RULES, replay_invariants
from trading.models import Auction, AuctionAction, AuctionEvent, Bid, Deal, DealSource
from trading.services import auction_close, auction_extend

pytestmark = pytest.mark.django_db


def _reseal(auction: Auction) -> None:
    """Recompute every entry's hash (and the auction's tail) over what the rows now hold."""
    prev = chain.GENESIS_HASH
    for bid in Bid.objects.filter(auction=auction).select_related("participant").order_by("seq"):
        content = chain.entry_content(
            auction_id=auction.pk,
            seq=bid.seq,
            bidder=bid.participant.number,
            amount=None if bid.commitment else bid.amount,
            commitment=bid.commitment,
            proxy=bid.is_proxy,
            placed_at=bid.placed_at,
            ends_at=bid.ends_at,
            prev_hash=prev,
        )
        prev = chain.content_hash(content)
        Bid.objects.filter(pk=bid.pk).update(prev_hash=content["prev_hash"], entry_hash=prev)
    Auction.objects.filter(pk=auction.pk).update(last_hash=prev)


def _close_after_end(auction: Auction) -> bool:
    auction.refresh_from_db()
    with mock.patch("django.utils.timezone.now", return_value=auction.ends_at + timedelta(seconds=1)):
        return auction_close(auction_id=auction.pk)


def _soft_close_auction(**kwargs) -> Auction:
    """Ends in two minutes with an hour's window: every bid of these tests extends the end by three minutes."""
    return AuctionFactory(
        ends_at=timezone.now() + timedelta(minutes=2),
        soft_close_window=timedelta(hours=1),
        soft_close_extension=timedelta(minutes=3),
        **kwargs,
    )


def _three_bids(auction: Auction) -> list:
    users = [EnterpriseFactory() for _ in range(3)]
    for user, amount in zip(users, ("1000", "1100", "1250"), strict=True):
        place_bid(auction, user, amount=amount)
    return users


# --- clean logs -------------------------------------------------------------------------------------------------


def test_english_log_with_proxies_soft_close_and_staff_extension_replays_clean():
    auction = _soft_close_auction(reserve_price=Decimal("1500"))
    alice, bob, carol = EnterpriseFactory(), EnterpriseFactory(), EnterpriseFactory()
    place_bid(auction, alice, max_amount="2000")
    place_bid(auction, bob, amount="1500")  # answered by Alice's proxy at 1,600
    auction.refresh_from_db()
    auction_extend(auction=auction, actor=StaffFactory(), ends_at=auction.ends_at + timedelta(hours=1), reason="Outage")
    place_bid(auction, carol, amount="2500")
    report = replay_invariants(auction_id=auction.pk)
    assert report.ok, report.violations
    assert report.entries == 4
    assert _close_after_end(auction) is True
    report = replay_invariants(auction_id=auction.pk)
    assert report.ok, report.violations
    assert report.as_dict()["rules_checked"] == list(RULES)


def test_sealed_log_replays_clean_before_and_after_the_reveal():
    auction = AuctionFactory(sealed=True, reserve_price=Decimal("2000"))
    for amount in ("3000", "5000", "4000"):
        place_bid(auction, EnterpriseFactory(), amount=amount)
    assert replay_invariants(auction_id=auction.pk).ok
    assert _close_after_end(auction) is True
    report = replay_invariants(auction_id=auction.pk)
    assert report.ok, report.violations
    assert Auction.objects.get(pk=auction.pk).final_price == Decimal("4000.00")


@pytest.mark.parametrize(
    ("bids", "reserve", "result"),
    [((), None, "no_bids"), (("1000", "1100"), Decimal("5000"), "reserve_not_met")],
)
def test_closes_without_a_winner_replay_clean(bids, reserve, result):
    auction = AuctionFactory(reserve_price=reserve)
    for amount in bids:
        place_bid(auction, EnterpriseFactory(), amount=amount)
    _close_after_end(auction)
    auction.refresh_from_db()
    assert auction.result == result
    assert replay_invariants(auction_id=auction.pk).ok


# --- the chain and the sequence ----------------------------------------------------------------------------------


def test_amount_changed_without_resealing_breaks_the_chain():
    auction = AuctionFactory()
    _three_bids(auction)
    Bid.objects.filter(auction=auction, seq=2).update(amount=Decimal("1050"))
    report = replay_invariants(auction_id=auction.pk)
    assert "chain" in report.rules_broken()
    assert [v.seq for v in report.violations if v.rule == "chain"] == [2]


def test_removed_last_entry_is_caught_by_the_auction_tail():
    auction = AuctionFactory()
    _three_bids(auction)
    Bid.objects.filter(auction=auction, seq=3).delete()
    report = replay_invariants(auction_id=auction.pk)
    assert "chain" in report.rules_broken()
    assert any("counts 3 bids" in v.detail for v in report.violations)


def test_removed_middle_entry_leaves_a_sequence_gap_even_when_resealed():
    auction = AuctionFactory()
    _three_bids(auction)
    Bid.objects.filter(auction=auction, seq=2).delete()
    _reseal(auction)
    Auction.objects.filter(pk=auction.pk).update(bid_count=2)
    report = replay_invariants(auction_id=auction.pk)
    assert "seq" in report.rules_broken()


# --- English rules -----------------------------------------------------------------------------------------------


def test_amount_below_previous_plus_increment_is_a_violation():
    auction = AuctionFactory()
    _three_bids(auction)
    Bid.objects.filter(auction=auction, seq=2).update(amount=Decimal("1050"))
    _reseal(auction)
    report = replay_invariants(auction_id=auction.pk)
    assert report.rules_broken() == {"increment"}
    assert [v.seq for v in report.violations] == [2]


def test_first_amount_below_the_starting_price_is_a_violation():
    auction = AuctionFactory()
    _three_bids(auction)
    Bid.objects.filter(auction=auction, seq=1).update(amount=Decimal("999.99"))
    _reseal(auction)
    report = replay_invariants(auction_id=auction.pk)
    assert report.rules_broken() == {"increment"}


def test_current_price_that_is_not_the_last_amount_is_a_violation():
    auction = AuctionFactory()
    _three_bids(auction)
    Auction.objects.filter(pk=auction.pk).update(current_price=Decimal("9000"))
    assert replay_invariants(auction_id=auction.pk).rules_broken() == {"standing"}


def test_leader_who_did_not_bid_last_is_a_violation():
    auction = AuctionFactory()
    _three_bids(auction)
    first = Bid.objects.get(auction=auction, seq=1)
    Auction.objects.filter(pk=auction.pk).update(leader=first.participant)
    assert replay_invariants(auction_id=auction.pk).rules_broken() == {"standing"}


# --- clock and soft close ----------------------------------------------------------------------------------------


def test_entry_inside_the_window_that_did_not_extend_the_end_is_a_violation():
    auction = _soft_close_auction()
    _three_bids(auction)
    second = Bid.objects.get(auction=auction, seq=2)
    last = Bid.objects.get(auction=auction, seq=3)
    Bid.objects.filter(pk=last.pk).update(ends_at=second.ends_at)
    Auction.objects.filter(pk=auction.pk).update(ends_at=second.ends_at)
    _reseal(auction)
    report = replay_invariants(auction_id=auction.pk)
    assert report.rules_broken() == {"soft_close"}
    assert [v.seq for v in report.violations] == [3]


def test_entry_outside_the_window_that_moved_the_end_is_a_violation():
    auction = AuctionFactory(soft_close_window=timedelta(minutes=5), soft_close_extension=timedelta(minutes=3))
    _three_bids(auction)  # the auction ends in a day: no bid is inside the window
    assert replay_invariants(auction_id=auction.pk).ok
    moved = auction.ends_at + timedelta(minutes=3)
    Bid.objects.filter(auction=auction, seq=3).update(ends_at=moved)
    Auction.objects.filter(pk=auction.pk).update(ends_at=moved)
    _reseal(auction)
    assert replay_invariants(auction_id=auction.pk).rules_broken() == {"soft_close"}


def test_auction_end_that_differs_from_the_log_is_a_violation():
    auction = _soft_close_auction()
    _three_bids(auction)
    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now() + timedelta(days=3))
    report = replay_invariants(auction_id=auction.pk)
    assert report.rules_broken() == {"soft_close"}
    assert [v.seq for v in report.violations] == [None]


def test_entry_placed_after_the_end_in_force_is_a_violation():
    auction = AuctionFactory()
    _three_bids(auction)
    late = auction.ends_at + timedelta(seconds=1)
    Bid.objects.filter(auction=auction, seq=3).update(placed_at=late)
    _reseal(auction)
    report = replay_invariants(auction_id=auction.pk)
    assert report.rules_broken() == {"clock"}
    assert [v.seq for v in report.violations] == [3]


def test_entries_out_of_time_order_are_a_violation():
    auction = AuctionFactory()
    _three_bids(auction)
    first = Bid.objects.get(auction=auction, seq=1)
    Bid.objects.filter(auction=auction, seq=3).update(placed_at=first.placed_at - timedelta(microseconds=1))
    _reseal(auction)
    assert replay_invariants(auction_id=auction.pk).rules_broken() == {"clock"}


# --- sealed bids -------------------------------------------------------------------------------------------------


def test_sealed_amount_public_before_the_close_is_a_violation():
    auction = AuctionFactory(sealed=True)
    place_bid(auction, EnterpriseFactory(), amount="3000")
    Bid.objects.filter(auction=auction).update(amount=Decimal("3000"))
    report = replay_invariants(auction_id=auction.pk)
    assert report.rules_broken() == {"sealed"}


def test_second_sealed_bid_of_one_bidder_is_a_violation():
    auction = AuctionFactory(sealed=True)
    place_bid(auction, EnterpriseFactory(), amount="3000")
    place_bid(auction, EnterpriseFactory(), amount="3500")
    first = Bid.objects.get(auction=auction, seq=1)
    Bid.objects.filter(auction=auction, seq=2).update(participant=first.participant)
    _reseal(auction)
    assert replay_invariants(auction_id=auction.pk).rules_broken() == {"sealed"}


def test_sealed_winner_who_is_not_the_highest_bidder_is_a_violation():
    auction = AuctionFactory(sealed=True)
    for amount in ("3000", "5000", "4000"):
        place_bid(auction, EnterpriseFactory(), amount=amount)
    _close_after_end(auction)
    low = Bid.objects.get(auction=auction, seq=1)
    Auction.objects.filter(pk=auction.pk).update(winner=low.participant)
    assert replay_invariants(auction_id=auction.pk).rules_broken() == {"close"}


# --- the close and the deal --------------------------------------------------------------------------------------


def test_winner_other_than_the_last_bidder_is_a_violation():
    auction = AuctionFactory()
    _three_bids(auction)
    _close_after_end(auction)
    first = Bid.objects.get(auction=auction, seq=1)
    Auction.objects.filter(pk=auction.pk).update(winner=first.participant)
    report = replay_invariants(auction_id=auction.pk)
    assert "close" in report.rules_broken()


def test_won_auction_without_its_deal_is_a_violation():
    auction = AuctionFactory()
    _three_bids(auction)
    _close_after_end(auction)
    Deal.objects.filter(auction=auction).delete()
    assert replay_invariants(auction_id=auction.pk).rules_broken() == {"close"}


def test_deal_from_an_auction_whose_reserve_was_not_met_is_a_violation():
    auction = AuctionFactory(reserve_price=Decimal("9000"))
    users = _three_bids(auction)
    _close_after_end(auction)
    Deal.objects.create(
        achievement=auction.achievement,
        auction=auction,
        source=DealSource.AUCTION,
        seller=auction.seller,
        buyer=users[-1],
        price=Decimal("1250"),
        currency="USD",
        agreed_on=timezone.localdate(),
    )
    assert replay_invariants(auction_id=auction.pk).rules_broken() == {"close"}


def test_second_close_record_is_a_violation():
    auction = AuctionFactory()
    _three_bids(auction)
    _close_after_end(auction)
    AuctionEvent.objects.create(auction=auction, action=AuctionAction.CLOSED, data={"result": "won"})
    report = replay_invariants(auction_id=auction.pk)
    assert report.rules_broken() == {"close"}
    assert any("2 CLOSED" in v.detail for v in report.violations)


def test_result_on_an_open_auction_is_a_violation():
    auction = AuctionFactory()
    _three_bids(auction)
    Auction.objects.filter(pk=auction.pk).update(result="won", final_price=Decimal("1250"))
    assert replay_invariants(auction_id=auction.pk).rules_broken() == {"close"}
