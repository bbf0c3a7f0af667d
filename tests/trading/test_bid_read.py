"""The one-query read that decides a bid (trading.services.bids._bid_read) answers what the ORM answers."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.factories import AuctionFactory, EnterpriseFactory, InstitutionFactory, MembershipFactory, StaffFactory
from trading.errors import TradingError
from trading.models import Auction, Participant
from trading.services import bid_place
from trading.services.bids import _bid_read

pytestmark = pytest.mark.django_db


def _fields(instance, model) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in model._meta.concrete_fields}


def test_a_first_time_bidder_gets_the_auction_as_stored_and_no_participant():
    auction = AuctionFactory(increment_ladder=[{"from": "0", "step": "50"}])
    bidder = EnterpriseFactory()
    read, participant, key_used = _bid_read(auction.pk, bidder, "k-1", lock=False)
    assert _fields(read, Auction) == _fields(Auction.objects.get(pk=auction.pk), Auction)
    assert participant is None and key_used is False
    assert read.bidder_in_seller_institution is False


def test_a_member_of_the_sellers_institution_is_recognised():
    auction = AuctionFactory(achievement__institution=InstitutionFactory())
    colleague = EnterpriseFactory()
    MembershipFactory(user=colleague, institution=auction.achievement.institution, status="active")
    read, _participant, _key_used = _bid_read(auction.pk, colleague, None, lock=False)
    assert read.bidder_in_seller_institution is True
    with pytest.raises(TradingError) as refused:
        bid_place(auction_id=auction.pk, user=colleague, amount="1000")
    assert refused.value.code == "seller_cannot_bid"


def test_a_pending_membership_is_not_the_sellers_side():
    auction = AuctionFactory(achievement__institution=InstitutionFactory())
    applicant = EnterpriseFactory()
    MembershipFactory(user=applicant, institution=auction.achievement.institution, status="pending")
    read, _participant, _key_used = _bid_read(auction.pk, applicant, None, lock=False)
    assert read.bidder_in_seller_institution is False


def test_a_returning_bidder_gets_their_participant_row_and_whether_the_key_is_theirs():
    auction = AuctionFactory()
    bidder, other = EnterpriseFactory(), EnterpriseFactory()
    bid_place(auction_id=auction.pk, user=bidder, max_amount="1234.50", idempotency_key="mine-1")
    bid_place(auction_id=auction.pk, user=other, amount="1100", idempotency_key="theirs-1")

    read, participant, key_used = _bid_read(auction.pk, bidder, "mine-1", lock=False)
    stored = Participant.objects.get(auction=auction, user=bidder)
    assert key_used is True
    assert (participant.pk, participant.number, participant.deposit_status, participant.proxy_max) == (
        stored.pk,
        stored.number,
        stored.deposit_status,
        stored.proxy_max,
    )
    assert participant.may_bid and participant.auction is read
    assert _bid_read(auction.pk, bidder, "theirs-1", lock=False)[2] is False  # another bidder's key
    assert _bid_read(auction.pk, bidder, "mine-2", lock=False)[2] is False
    assert _bid_read(auction.pk, bidder, None, lock=False)[2] is False


def test_a_proposed_auction_is_not_found_except_by_its_proposer_and_staff():
    auction = AuctionFactory(state="proposed")
    with pytest.raises(TradingError) as missing:
        _bid_read(auction.pk, EnterpriseFactory(), None, lock=False)
    assert (missing.value.code, missing.value.status) == ("not_found", 404)
    assert _bid_read(auction.pk, StaffFactory(), None, lock=False)[0].pk == auction.pk
    auction.created_by = proposer = EnterpriseFactory()
    auction.save(update_fields=["created_by"])
    assert _bid_read(auction.pk, proposer, None, lock=False)[0].pk == auction.pk


def test_an_unknown_auction_is_not_found():
    with pytest.raises(TradingError) as missing:
        _bid_read(987654, EnterpriseFactory(), None, lock=True)
    assert missing.value.code == "not_found"


def test_the_locked_read_can_be_saved_back():
    auction = AuctionFactory()
    with transaction.atomic():
        read, _participant, _key_used = _bid_read(auction.pk, EnterpriseFactory(), None, lock=True)
        read.bid_count = 7
        read.save(update_fields=["bid_count"])
    assert Auction.objects.get(pk=auction.pk).bid_count == 7
