"""The demo's auctions and deals (seed_demo): played through the services, with logs that verify, idempotent, and
kept current on an old database."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from accounts.models import User
from achievements.models import Achievement
from trading.chain import verify_entries
from trading.models import (
    Auction,
    AuctionAction,
    AuctionEvent,
    AuctionPhase,
    AuctionResult,
    Bid,
    Deal,
    DealEvent,
    DealSource,
    DealStatus,
    DepositStatus,
)
from trading.rules import minimum_bid
from trading.selectors import bid_log, log_entry
from trading.services import bid_place

DEMO = "demo.brics-ttc.org"


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out)
    return out.getvalue()


def _in_phase(phase: str, *, package: bool = False) -> list[Auction]:
    """The demo's auctions of single achievements in ``phase`` (with ``package``: its package auctions)."""
    auctions = Auction.objects.filter(project__isnull=not package).order_by("pk")
    return [a for a in auctions if a.phase() == phase]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Auction, Bid, AuctionEvent, Deal, DealEvent)}


class DemoAuctionTests(TestCase):
    """Loads the demo once for the class (rolled back afterwards); each test reads or changes it in its own
    transaction."""

    @classmethod
    def setUpTestData(cls):
        cls.output = _seed()
        cls.enterprise = User.objects.get(email=f"enterprise@{DEMO}")
        cls.enterprise2 = User.objects.get(email=f"enterprise2@{DEMO}")

    def test_one_live_english_auction_open_for_days_without_deposit_with_bids_from_demo_enterprises(self):
        (live,) = _in_phase(AuctionPhase.LIVE)
        assert live.kind == "english" and not live.deposit_required
        assert live.ends_at - timezone.now() > timedelta(days=3)
        assert live.reserve_price > live.current_price  # the reserve is not met yet: more bids are worth it
        assert live.soft_close_window and live.soft_close_extension
        bidders = {bid.participant.user.email for bid in bid_log(auction=live)}
        assert len(bidders) >= 3 and f"enterprise2@{DEMO}" in bidders
        assert all(email.endswith(DEMO) for email in bidders)
        assert bid_log(auction=live).filter(is_proxy=True).exists()

    def test_both_enterprise_logins_can_bid_on_the_live_auction_at_once(self):
        (live,) = _in_phase(AuctionPhase.LIVE)
        assert live.leader.user not in (self.enterprise, self.enterprise2)

        first = bid_place(auction_id=live.pk, user=self.enterprise, amount=str(minimum_bid(live)))
        assert first.created
        live.refresh_from_db()
        # Whoever leads now (a demo proxy may have answered), the other login can take the lead at the minimum.
        second = self.enterprise2 if live.leader.user != self.enterprise2 else self.enterprise
        assert bid_place(auction_id=live.pk, user=second, amount=str(minimum_bid(live))).leading

    def test_the_institution_admin_login_can_propose_an_auction_of_its_institution_achievement(self):
        from django.urls import reverse

        admin = User.objects.get(email=f"institution-admin@{DEMO}")
        own = Achievement.objects.get(owner=admin, state="published")
        self.client.force_login(admin)
        page = self.client.get(own.get_absolute_url()).content.decode()
        assert reverse("trading:auction-propose", args=[own.pk]) in page

    def test_one_demo_project_is_offered_as_a_package_in_an_upcoming_auction(self):
        (package,) = _in_phase(AuctionPhase.UPCOMING, package=True)
        assert package.lot_type == "package" and package.project.is_published
        assert package.project.bundle.filter(confirmed_at__isnull=False).count() >= 2
        assert not package.project.bundle.filter(confirmed_at__isnull=True).exists()
        assert "Package: " in self.output

    def test_one_upcoming_sealed_auction_with_a_deposit_waiting_for_staff(self):
        (upcoming,) = _in_phase(AuctionPhase.UPCOMING)
        assert upcoming.kind == "sealed" and upcoming.sealed_pricing
        assert upcoming.deposit_required and upcoming.deposit_amount
        (registered,) = upcoming.participants.all()
        assert (registered.user, registered.deposit_status) == (self.enterprise2, DepositStatus.PENDING)
        assert not upcoming.bids.exists()

    def test_one_closed_auction_won_with_its_deal_and_a_log_that_verifies(self):
        (closed,) = _in_phase(AuctionPhase.CLOSED)
        assert closed.result == AuctionResult.WON
        assert closed.winner.user == self.enterprise
        entries = [log_entry(bid) for bid in bid_log(auction=closed)]
        assert len(entries) >= 4
        assert verify_entries(entries) == []
        assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
        # Every bid was placed before the end the close used.
        assert all(bid.placed_at <= closed.ends_at <= closed.closed_at for bid in bid_log(auction=closed))

        deal = Deal.objects.get(auction=closed)
        assert (deal.buyer, deal.seller, deal.price) == (self.enterprise, closed.seller, closed.final_price)
        assert deal.source == DealSource.AUCTION and deal.status == DealStatus.PENDING_SIGNATURE
        assert Achievement.objects.get(pk=closed.achievement_id).under_transfer
        assert AuctionEvent.objects.filter(auction=closed, action=AuctionAction.CLOSED).exists()

    def test_every_demo_log_verifies(self):
        for auction in Auction.objects.all():
            assert verify_entries([log_entry(bid) for bid in bid_log(auction=auction)]) == [], auction

    def test_a_negotiated_deal_recorded_by_staff_is_signed_with_a_backdated_trail(self):
        deal = Deal.objects.get(source=DealSource.NEGOTIATED, conversation__isnull=True)  # not the demo conversation's
        assert deal.status == DealStatus.SIGNED
        assert deal.recorded_by.email == f"staff@{DEMO}"
        assert deal.agreed_on < timezone.localdate() - timedelta(days=30)
        recorded, signed = DealEvent.objects.filter(deal=deal).order_by("created_at")
        assert (recorded.to_status, signed.to_status) == (DealStatus.PENDING_SIGNATURE, DealStatus.SIGNED)
        assert recorded.created_at.date() == deal.agreed_on
        assert recorded.created_at < signed.created_at < timezone.now() - timedelta(days=7)

    def test_running_it_again_creates_no_auction_bid_or_deal(self):
        before = _counts()

        output = _seed()

        assert _counts() == before
        assert "nothing to do" in output

    def test_an_ended_live_auction_is_closed_and_replaced_on_the_next_run(self):
        (old,) = _in_phase(AuctionPhase.LIVE)
        Auction.objects.filter(pk=old.pk).update(ends_at=timezone.now() - timedelta(minutes=1))

        output = _seed()

        old.refresh_from_db()
        assert old.phase() == AuctionPhase.CLOSED
        assert old.result == AuctionResult.RESERVE_NOT_MET  # its bids stayed below the reserve
        (fresh,) = _in_phase(AuctionPhase.LIVE)
        assert fresh.pk != old.pk and fresh.bid_count >= 3
        assert verify_entries([log_entry(bid) for bid in bid_log(auction=fresh)]) == []
        assert fresh.get_absolute_url() in output

    def test_an_upcoming_auction_that_went_live_keeps_running_and_a_new_upcoming_one_is_added(self):
        (upcoming,) = _in_phase(AuctionPhase.UPCOMING)
        Auction.objects.filter(pk=upcoming.pk).update(starts_at=timezone.now() - timedelta(minutes=1))

        _seed()

        assert {a.pk for a in _in_phase(AuctionPhase.LIVE)} >= {upcoming.pk}
        (new,) = _in_phase(AuctionPhase.UPCOMING)
        assert new.kind == "sealed" and new.achievement_id != upcoming.achievement_id

    def test_output_names_the_auctions_and_the_logins_that_may_bid(self):
        (live,) = _in_phase(AuctionPhase.LIVE)
        line = next(line for line in self.output.splitlines() if "Live English auction" in line)
        assert live.get_absolute_url() in line
        assert f"enterprise@{DEMO}" in line and f"enterprise2@{DEMO}" in line
        assert "Upcoming sealed-bid" in self.output and "Closed, with its deal" in self.output
