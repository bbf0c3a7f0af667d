"""Trading services beyond the bid rules (tests/trading/test_bid_rules.py): staff actions and their audit, the close's
results, sealed pricing, deals and their status audit."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from achievements.models import Achievement
from tests.factories import (
    AchievementFactory,
    AuctionFactory,
    EnterpriseFactory,
    InstitutionFactory,
    MembershipFactory,
    StaffFactory,
    place_bid,
)
from trading.errors import TradingError
from trading.models import Auction, AuctionEvent, Bid, Deal, DealEvent, Participant
from trading.selectors import bid_log, log_entry
from trading.services import (
    AuctionSpec,
    auction_approve,
    auction_cancel,
    auction_close,
    auction_create,
    auction_extend,
    auctions_close_due,
    deal_record,
    deal_set_status,
    deposit_decide,
    participation_request,
)

pytestmark = pytest.mark.django_db


def _end(auction) -> None:
    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - timedelta(seconds=1))


def _closed(auction) -> Auction:
    _end(auction)
    assert auction_close(auction_id=auction.pk) is True
    return Auction.objects.select_related("winner__user").get(pk=auction.pk)


def _spec(**overrides) -> AuctionSpec:
    now = timezone.now()
    values = {
        "kind": "english",
        "currency": "USD",
        "starting_price": Decimal("1000"),
        "min_increment": Decimal("100"),
        "starts_at": now,
        "ends_at": now + timedelta(days=3),
    }
    return AuctionSpec(**{**values, **overrides})


def _error(call, **kwargs) -> TradingError:
    with pytest.raises(TradingError) as caught:
        call(**kwargs)
    return caught.value


# --- creating and approving --------------------------------------------------------------------------------------


def test_staff_create_a_scheduled_auction_and_the_creation_is_audited():
    staff = StaffFactory()
    auction = auction_create(lot=AchievementFactory(published=True), actor=staff, spec=_spec())

    assert auction.state == "scheduled"
    event = AuctionEvent.objects.get(auction=auction)
    assert (event.action, event.actor) == ("created", staff)


def test_institution_admin_proposes_and_staff_approve_with_an_audit_entry():
    institution = InstitutionFactory()
    admin = MembershipFactory(institution=institution, role="admin").user
    achievement = AchievementFactory(published=True, institution=institution)
    staff = StaffFactory()

    auction = auction_create(lot=achievement, actor=admin, spec=_spec())
    assert auction.state == "proposed" and auction.phase() == "proposed"
    assert _error(auction_approve, auction=auction, actor=admin).code == "permission_denied"
    approved = auction_approve(auction=auction, actor=staff)

    assert approved.state == "scheduled"
    actions = list(AuctionEvent.objects.filter(auction=auction).order_by("id").values_list("action", "actor"))
    assert actions == [("proposed", admin.pk), ("approved", staff.pk)]
    assert _error(auction_approve, auction=auction, actor=staff).code == "invalid_state"


def test_a_plain_member_or_enterprise_cannot_start_an_auction():
    institution = InstitutionFactory()
    member = MembershipFactory(institution=institution).user
    achievement = AchievementFactory(published=True, institution=institution)

    for actor in (member, EnterpriseFactory()):
        assert _error(auction_create, lot=achievement, actor=actor, spec=_spec()).code == "permission_denied"


def test_only_a_published_achievement_can_be_auctioned():
    error = _error(auction_create, lot=AchievementFactory(), actor=StaffFactory(), spec=_spec())

    assert error.code == "invalid_state"


def test_second_running_auction_of_one_achievement_is_refused():
    achievement = AchievementFactory(published=True)
    staff = StaffFactory()
    auction_create(lot=achievement, actor=staff, spec=_spec())

    assert _error(auction_create, lot=achievement, actor=staff, spec=_spec()).code == "auction_exists"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": timezone.now() - timedelta(days=1)}, "ends_at"),
        ({"kind": "sealed", "min_increment": None}, "sealed_pricing"),
        ({"min_increment": None}, "min_increment"),
        ({"reserve_price": Decimal("10")}, "reserve_price"),
        ({"deposit_required": True}, "deposit_amount"),
        ({"soft_close_window": timedelta(minutes=5)}, "soft_close_extension"),
        ({"increment_ladder": (("1000", "0"),)}, "increment_ladder"),
    ],
)
def test_inconsistent_auction_specs_are_refused_per_field(overrides, field):
    with pytest.raises(ValidationError) as caught:
        auction_create(lot=AchievementFactory(published=True), actor=StaffFactory(), spec=_spec(**overrides))

    assert field in caught.value.message_dict


# --- staff actions: cancel, extend, deposits ---------------------------------------------------------------------


def test_cancel_needs_staff_and_a_reason_and_is_audited():
    auction = AuctionFactory()
    place_bid(auction, EnterpriseFactory(), amount="1000")
    staff = StaffFactory()

    assert _error(auction_cancel, auction=auction, actor=EnterpriseFactory(), reason="x").code == "permission_denied"
    assert _error(auction_cancel, auction=auction, actor=staff, reason="  ").code == "reason_required"
    auction_cancel(auction=auction, actor=staff, reason="The patent was withdrawn.")

    auction.refresh_from_db()
    assert auction.state == "cancelled" and auction.phase() == "cancelled"
    event = AuctionEvent.objects.get(auction=auction, action="cancelled")
    assert (event.actor, event.reason) == (staff, "The patent was withdrawn.")
    assert Bid.objects.filter(auction=auction).count() == 1  # the log stays
    assert _error(place_bid, auction=auction, user=EnterpriseFactory(), amount="2000").code == "auction_cancelled"
    assert _error(auction_cancel, auction=auction, actor=staff, reason="again").code == "invalid_state"
    assert auction_close(auction_id=auction.pk) is False


def test_extend_moves_the_end_later_only_and_is_audited():
    auction = AuctionFactory()
    staff = StaffFactory()
    later = auction.ends_at + timedelta(hours=6)

    assert _error(auction_extend, auction=auction, actor=staff, ends_at=later, reason="").code == "reason_required"
    assert (
        _error(auction_extend, auction=auction, actor=staff, ends_at=auction.ends_at, reason="No").code == "invalid_end"
    )
    assert (
        _error(auction_extend, auction=auction, actor=EnterpriseFactory(), ends_at=later, reason="x").code
        == "permission_denied"
    )
    auction_extend(auction=auction, actor=staff, ends_at=later, reason="Bidders asked for more time.")

    auction.refresh_from_db()
    assert auction.ends_at == later and auction.scheduled_end < later
    event = AuctionEvent.objects.get(auction=auction, action="extended")
    assert (event.actor, event.reason) == (staff, "Bidders asked for more time.")
    assert event.data["to"] == later.isoformat()


def test_an_ended_auction_cannot_be_extended():
    auction = AuctionFactory()
    _end(auction)

    error = _error(
        auction_extend, auction=auction, actor=StaffFactory(), ends_at=timezone.now() + timedelta(days=1), reason="x"
    )
    assert error.code == "invalid_state"


def test_deposit_confirmation_and_rejection_are_staff_only_and_audited():
    auction = AuctionFactory(deposit_required=True, deposit_amount=Decimal("300"))
    alice, bob = EnterpriseFactory(), EnterpriseFactory()
    staff = StaffFactory()
    first = participation_request(auction=auction, user=alice)
    second = participation_request(auction=auction, user=bob)
    assert (first.number, second.number) == (1, 2)
    assert first.deposit_status == "pending" and not first.may_bid

    assert _error(deposit_decide, participant=first, actor=alice, confirm=True).code == "permission_denied"
    assert _error(deposit_decide, participant=second, actor=staff, confirm=False).code == "reason_required"
    assert deposit_decide(participant=first, actor=staff, confirm=True).deposit_status == "confirmed"
    deposit_decide(participant=second, actor=staff, confirm=False, reason="Transfer not received.")

    events = {e.action: e for e in AuctionEvent.objects.filter(auction=auction, actor=staff)}
    assert events["deposit_confirmed"].data == {"participant": 1}
    assert events["deposit_rejected"].reason == "Transfer not received."
    assert place_bid(auction, alice, amount="1000").created
    assert _error(place_bid, auction=auction, user=bob, amount="2000").code == "deposit_not_confirmed"


def test_deposit_decision_on_an_auction_without_deposit_is_refused():
    auction = AuctionFactory()
    participant = participation_request(auction=auction, user=EnterpriseFactory())

    assert _error(deposit_decide, participant=participant, actor=StaffFactory(), confirm=True).code == "invalid_state"


# --- the close ---------------------------------------------------------------------------------------------------


def test_english_close_with_the_reserve_not_met_has_no_winner_and_no_deal():
    auction = AuctionFactory(reserve_price=Decimal("5000"))
    place_bid(auction, EnterpriseFactory(), amount="1000")
    place_bid(auction, EnterpriseFactory(), amount="4900")

    closed = _closed(auction)

    assert closed.result == "reserve_not_met"
    assert closed.winner is None and closed.final_price is None
    assert not Deal.objects.filter(auction=auction).exists()
    assert Achievement.objects.get(pk=auction.achievement_id).under_transfer is False
    assert AuctionEvent.objects.get(auction=auction, action="closed").data["result"] == "reserve_not_met"


def test_close_without_bids_records_no_bids():
    closed = _closed(AuctionFactory())

    assert closed.result == "no_bids" and closed.winner is None
    assert not Deal.objects.exists()


def test_close_is_not_due_before_the_end():
    auction = AuctionFactory()

    assert auction_close(auction_id=auction.pk) is False
    assert Auction.objects.get(pk=auction.pk).state == "scheduled"


def test_close_due_closes_every_ended_auction_once():
    ended, running = AuctionFactory(), AuctionFactory()
    _end(ended)

    assert auctions_close_due() == 1
    assert auctions_close_due() == 0
    assert Auction.objects.get(pk=ended.pk).state == "closed"
    assert Auction.objects.get(pk=running.pk).state == "scheduled"


def test_close_notifies_only_after_commit(django_capture_on_commit_callbacks):
    auction = AuctionFactory()
    place_bid(auction, EnterpriseFactory(), amount="1000")
    _end(auction)

    with django_capture_on_commit_callbacks() as callbacks:
        auction_close(auction_id=auction.pk)

    assert len(callbacks) >= 2  # the notification task and the live broadcast wait for the commit


def test_sealed_tie_goes_to_the_earliest_bid():
    auction = AuctionFactory(sealed=True, sealed_pricing="first_price")
    early, late = EnterpriseFactory(), EnterpriseFactory()
    place_bid(auction, early, amount="3000")
    place_bid(auction, late, amount="3000")

    closed = _closed(auction)

    assert closed.winner.user == early and closed.final_price == Decimal("3000.00")


def test_sealed_first_price_winner_pays_their_own_bid():
    auction = AuctionFactory(sealed=True, sealed_pricing="first_price")
    top = EnterpriseFactory()
    place_bid(auction, EnterpriseFactory(), amount="2500")
    place_bid(auction, top, amount="4100")
    place_bid(auction, EnterpriseFactory(), amount="3900")

    closed = _closed(auction)

    assert closed.result == "won" and closed.winner.user == top
    assert closed.final_price == Decimal("4100.00")
    assert closed.deal.price == Decimal("4100.00") and closed.deal.buyer == top


def test_sealed_second_price_with_one_bidder_pays_the_starting_price():
    auction = AuctionFactory(sealed=True)
    only = EnterpriseFactory()
    place_bid(auction, only, amount="4000")

    closed = _closed(auction)

    assert closed.winner.user == only and closed.final_price == Decimal("1000.00")


def test_sealed_second_price_with_one_bidder_pays_the_reserve_when_above_the_start():
    auction = AuctionFactory(sealed=True, reserve_price=Decimal("2500"))
    place_bid(auction, EnterpriseFactory(), amount="4000")

    closed = _closed(auction)

    assert closed.result == "won" and closed.final_price == Decimal("2500.00")


def test_sealed_second_price_never_charges_less_than_the_reserve():
    auction = AuctionFactory(sealed=True, reserve_price=Decimal("3000"))
    place_bid(auction, EnterpriseFactory(), amount="1500")
    place_bid(auction, EnterpriseFactory(), amount="3500")

    assert _closed(auction).final_price == Decimal("3000.00")


def test_sealed_highest_bid_below_the_reserve_does_not_win():
    auction = AuctionFactory(sealed=True, sealed_pricing="first_price", reserve_price=Decimal("5000"))
    place_bid(auction, EnterpriseFactory(), amount="4999")

    closed = _closed(auction)

    assert closed.result == "reserve_not_met" and closed.winner is None


def test_sealed_close_reveals_every_amount_with_its_nonce():
    auction = AuctionFactory(sealed=True)
    place_bid(auction, EnterpriseFactory(), amount="1200")
    place_bid(auction, EnterpriseFactory(), amount="1300")
    assert [log_entry(b)["revealed_nonce"] for b in bid_log(auction=auction)] == [None, None]

    _closed(auction)

    entries = [log_entry(b) for b in bid_log(auction=auction)]
    assert [e["amount"] for e in entries] == ["1200.00", "1300.00"]
    assert all(len(e["revealed_nonce"]) == 32 for e in entries)


def test_won_auction_deal_names_the_parties_and_marks_the_achievement_under_transfer():
    buyer_institution = InstitutionFactory()
    buyer = MembershipFactory(institution=buyer_institution, user=EnterpriseFactory()).user
    seller_institution = InstitutionFactory()
    auction = AuctionFactory(achievement=AchievementFactory(published=True, institution=seller_institution))
    place_bid(auction, buyer, amount="1500")

    deal = _closed(auction).deal

    assert (deal.source, deal.status, deal.currency) == ("auction", "pending_signature", "USD")
    assert (deal.seller, deal.seller_institution) == (auction.seller, seller_institution)
    assert (deal.buyer, deal.buyer_institution) == (buyer, buyer_institution)
    assert deal.price == Decimal("1500.00") and deal.agreed_on == timezone.localdate()
    assert list(deal.events.values_list("from_status", "to_status")) == [("", "pending_signature")]
    assert Achievement.objects.get(pk=auction.achievement_id).under_transfer is True


# --- deals -------------------------------------------------------------------------------------------------------


@pytest.fixture
def deal():
    auction = AuctionFactory()
    place_bid(auction, EnterpriseFactory(), amount="2000")
    return _closed(auction).deal


def test_deal_goes_pending_to_signed_to_completed_with_an_audit_entry_each(deal):
    staff = StaffFactory()

    deal_set_status(deal=deal, actor=staff, status="signed", reason="Signed in Brasília.")
    deal_set_status(deal=deal, actor=staff, status="completed")

    deal.refresh_from_db()
    assert deal.status == "completed"
    events = list(DealEvent.objects.filter(deal=deal, actor=staff).order_by("id"))
    assert [(e.from_status, e.to_status) for e in events] == [("pending_signature", "signed"), ("signed", "completed")]
    assert events[0].reason == "Signed in Brasília."


@pytest.mark.parametrize(
    ("path", "refused"),
    [((), "completed"), (("signed", "completed"), "cancelled"), (("signed", "completed"), "signed")],
)
def test_deal_refuses_transitions_its_status_does_not_allow(deal, path, refused):
    staff = StaffFactory()
    for status in path:
        deal_set_status(deal=deal, actor=staff, status=status)

    error = _error(deal_set_status, deal=deal, actor=staff, status=refused, reason="why")

    assert error.code == "invalid_state" and error.status == 409


def test_cancelling_a_deal_needs_staff_and_a_reason_and_ends_the_transfer(deal):
    staff = StaffFactory()

    assert _error(deal_set_status, deal=deal, actor=deal.buyer, status="signed").code == "permission_denied"
    assert _error(deal_set_status, deal=deal, actor=staff, status="cancelled").code == "reason_required"
    deal_set_status(deal=deal, actor=staff, status="cancelled", reason="The buyer withdrew.")

    event = DealEvent.objects.get(deal=deal, to_status="cancelled")
    assert (event.actor, event.reason) == (staff, "The buyer withdrew.")
    assert Achievement.objects.get(pk=deal.achievement_id).under_transfer is False


def test_staff_record_a_negotiated_deal_with_its_audit_entry():
    staff = StaffFactory()
    achievement = AchievementFactory(published=True)
    buyer = EnterpriseFactory()

    deal = deal_record(
        actor=staff,
        achievement=achievement,
        buyer=buyer,
        price=Decimal("90000"),
        currency="CNY",
        agreed_on=date(2025, 3, 1),
        source="mou",
        notes="Contract under the 2024 MOU.",
    )

    assert (deal.source, deal.status, deal.recorded_by) == ("mou", "pending_signature", staff)
    assert deal.seller == achievement.owner
    assert deal.events.get().actor == staff
    assert Achievement.objects.get(pk=achievement.pk).under_transfer is True


def test_recording_deals_is_refused_to_non_staff_and_for_the_auction_source():
    achievement = AchievementFactory(published=True)
    arguments = {
        "achievement": achievement,
        "buyer": EnterpriseFactory(),
        "price": Decimal("1"),
        "currency": "USD",
        "agreed_on": date(2025, 1, 1),
    }

    assert _error(deal_record, actor=EnterpriseFactory(), **arguments).code == "permission_denied"
    assert _error(deal_record, actor=StaffFactory(), source="auction", **arguments).code == "invalid_source"
    with pytest.raises(ValidationError):
        deal_record(actor=StaffFactory(), **{**arguments, "price": Decimal("-1")})
    assert not Deal.objects.exists()


# --- participation numbers ---------------------------------------------------------------------------------------


def test_bidders_are_numbered_in_order_of_arrival_and_keep_their_number():
    auction = AuctionFactory()
    alice, bob = EnterpriseFactory(), EnterpriseFactory()

    place_bid(auction, alice, amount="1000")
    place_bid(auction, bob, amount="1100")
    place_bid(auction, alice, amount="1200")

    assert [e["bidder"] for e in map(log_entry, bid_log(auction=auction))] == [1, 2, 1]
    assert Participant.objects.get(auction=auction, user=alice).alias == "Bidder 1"
