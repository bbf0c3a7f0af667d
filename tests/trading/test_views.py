"""The auction pages: the list by phase, the auction page in every phase, and bidding through the plain form."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    AchievementFactory,
    AuctionFactory,
    EnterpriseFactory,
    InstitutionFactory,
    MembershipFactory,
    ResearcherFactory,
    place_bid,
)
from trading import services
from trading.models import Auction, AuctionState, Bid, Participant
from trading.selectors import AUCTIONS_VERSION
from trading.throttles import BidRateThrottle

pytestmark = pytest.mark.django_db

LIST_URL = "/en/auctions/"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The bid throttle counts in the cache, which outlives a test; each test starts with no bids counted."""
    cache.clear()
    yield
    cache.clear()


def _close(auction: Auction) -> Auction:
    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    assert services.auction_close(auction_id=auction.pk)
    auction.refresh_from_db()
    return auction


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form_key(html: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)


def _post_bid(client, auction, **data):
    page = client.get(auction.get_absolute_url())
    payload = {"action": "bid", "idempotency_key": _form_key(page.text), "accept_terms": "on", **data}
    return client.post(auction.get_absolute_url(), payload)


# --- the list ---------------------------------------------------------------------------------------------------


def test_list_shows_live_auctions_by_default_with_price_bid_count_and_time_left(client):
    live = AuctionFactory()
    place_bid(live, EnterpriseFactory(), amount="1500")
    upcoming = AuctionFactory(upcoming=True)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    html = response.text
    assert live.achievement.title_en in html and upcoming.achievement.title_en not in html
    assert "US$1,500.00" in html  # the current price, not the starting price
    assert "Time left" in html and "English (ascending)" in html
    tabs = {tab["phase"]: tab["count"] for tab in response.context["results"]["tabs"]}
    assert tabs == {"live": 1, "upcoming": 1, "closed": 0}


def test_upcoming_tab_shows_when_auctions_start(client):
    upcoming = AuctionFactory(upcoming=True, sealed=True)
    AuctionFactory()

    html = client.get(LIST_URL, {"phase": "upcoming"}).text

    assert upcoming.achievement.title_en in html
    assert "Starts in" in html and "Sealed-bid" in html and "US$1,000.00" in html
    assert html.count('class="card auction-card') == 1


def test_closed_tab_shows_results_with_the_winners_alias(client):
    sold = AuctionFactory()
    place_bid(sold, EnterpriseFactory(), amount="1200")
    _close(sold)
    unsold = AuctionFactory(reserve_price=Decimal("5000"))
    place_bid(unsold, EnterpriseFactory(), amount="1000")
    _close(unsold)

    html = client.get(LIST_URL, {"phase": "closed"}).text

    assert "Sold for US$1,200.00 to Bidder 1" in html
    assert "Reserve not met" in html
    assert "5,000" not in html  # the reserve amount is never shown


def test_unknown_phase_falls_back_to_live(client):
    AuctionFactory()
    response = client.get(LIST_URL, {"phase": "<script>"})
    assert response.status_code == 200 and response.context["phase"] == "live"


def test_empty_live_tab_points_to_upcoming_auctions(client):
    AuctionFactory(upcoming=True)
    html = client.get(LIST_URL).text
    assert "No auction is running right now" in html
    assert 'href="?phase=upcoming"' in html


def test_proposed_auctions_are_not_listed(client):
    proposed = AuctionFactory(state=AuctionState.PROPOSED)
    assert proposed.achievement.title_en not in client.get(LIST_URL).text


def test_list_is_paginated(client):
    AuctionFactory.create_batch(13)
    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2})
    assert len(first.context["results"]["cards"]) == 12 and len(second.context["results"]["cards"]) == 1
    assert 'rel="next"' in first.text


def test_list_query_count_does_not_grow_with_the_number_of_auctions(client):
    institution = InstitutionFactory()
    for _ in range(2):
        auction = AuctionFactory(achievement=AchievementFactory(published=True, institution=institution))
        place_bid(auction, EnterpriseFactory(), amount="1000")
    client.get(LIST_URL)  # warm caches (technology fields, sites)
    AUCTIONS_VERSION.bump()  # the page as rendered, not as stored (and the next start or end read again)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST_URL).status_code == 200
    for _ in range(6):
        auction = AuctionFactory(achievement=AchievementFactory(published=True, institution=InstitutionFactory()))
        place_bid(auction, EnterpriseFactory(), amount="1000")
    AUCTIONS_VERSION.bump()
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST_URL)
    assert len(response.context["results"]["cards"]) == 8
    assert len(many) == len(few)


def test_navbar_links_to_competitive_trading(client):
    html = client.get("/en/").text
    assert f'href="{LIST_URL}"' in html and "Competitive trading" in html


# --- the auction page -------------------------------------------------------------------------------------------


def test_live_english_page_shows_price_minimum_rules_and_pseudonymous_history(client):
    auction = AuctionFactory(
        reserve_price=Decimal("3000"),
        soft_close_window=timedelta(minutes=5),
        soft_close_extension=timedelta(minutes=2),
        terms="Payment within 30 days of the close.",
    )
    alice, bob = EnterpriseFactory(display_name="Alice Example"), EnterpriseFactory(display_name="Bob Example")
    place_bid(auction, alice, max_amount="2000")
    place_bid(auction, bob, amount="1500")

    response = client.get(auction.get_absolute_url())

    html = response.text
    assert response.status_code == 200
    assert "US$1,600.00" in html  # Alice's proxy answered Bob's 1,500
    assert "Minimum next bid" in html and "US$1,700.00" in html
    assert "Bidder 1" in html and "Bidder 2" in html
    assert "Alice Example" not in html and alice.email not in html and "2,000" not in html  # no names, no maximum
    assert html.count(">auto</span>") == 2
    assert "Reserve price not met yet" in html and "3,000" not in html
    assert "A bid in the last 5\xa0minutes extends the end by 2\xa0minutes" in html
    assert "Payment within 30 days of the close." in html
    # Newest first.
    assert html.index('data-seq="3"') < html.index('data-seq="2"') < html.index('data-seq="1"')
    assert f'data-ws-path="/ws/auctions/{auction.pk}/"' in html and "js/auction.js" in html
    assert "Sign in to bid" in html


def test_reserve_met_is_said_without_the_amount(client):
    auction = AuctionFactory(reserve_price=Decimal("1200"))
    place_bid(auction, EnterpriseFactory(), amount="1300")
    html = client.get(auction.get_absolute_url()).text
    assert "Reserve price met" in html and "1,200" not in html


def test_history_is_paginated_newest_first(client):
    auction = AuctionFactory()
    users = [EnterpriseFactory(), EnterpriseFactory()]
    for i in range(25):
        place_bid(auction, users[i % 2], amount=str(1000 + 100 * i))
    first = client.get(auction.get_absolute_url())
    second = client.get(auction.get_absolute_url(), {"page": 2})
    assert [b.seq for b in first.context["history_page"]][:2] == [25, 24]
    assert [b.seq for b in second.context["history_page"]] == [5, 4, 3, 2, 1]
    assert 'data-history-live="0"' in second.text  # live rows are only added to the first page


def test_auction_page_query_count_does_not_grow_with_bids(client):
    auction = AuctionFactory()
    users = [EnterpriseFactory(), EnterpriseFactory()]
    place_bid(auction, users[0], amount="1000")
    place_bid(auction, users[1], amount="1100")
    client.get(auction.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(auction.get_absolute_url())
    for i in range(10):
        place_bid(auction, users[i % 2], amount=str(1200 + 100 * i))
    with CaptureQueriesContext(connection) as many:
        client.get(auction.get_absolute_url())
    assert len(many) == len(few)


def test_upcoming_auction_shows_when_it_opens_and_no_form(client):
    auction = AuctionFactory(upcoming=True)
    enterprise_client = _client(EnterpriseFactory())
    response = enterprise_client.get(auction.get_absolute_url())
    html = response.text
    assert "Starts in" in html and "Bidding opens when the auction starts" in html
    assert 'name="amount"' not in html


def test_sealed_auction_shows_commitments_and_no_amounts_before_the_close(client, staff_client):
    auction = AuctionFactory(sealed=True)
    alice, bob = EnterpriseFactory(), EnterpriseFactory()
    first = place_bid(auction, alice, amount="3456.78")
    place_bid(auction, bob, amount="4567.89")

    for viewer in (client, staff_client, _client(bob)):
        html = viewer.get(auction.get_absolute_url()).text
        assert "3,456.78" not in html and "3456.78" not in html
        assert first.bid.commitment[:16] in html
        assert "amounts are revealed at the close" in html
    # The bidder alone sees their own amount, and no form for a second sealed bid.
    own = _client(alice).get(auction.get_absolute_url()).text
    assert "Your sealed bid of US$3,456.78 is recorded" in own and 'name="amount"' not in own
    assert "4,567.89" not in own


def test_sealed_amounts_are_revealed_after_the_close(client):
    auction = AuctionFactory(sealed=True)
    place_bid(auction, EnterpriseFactory(), amount="3456.78")
    place_bid(auction, EnterpriseFactory(), amount="4567.89")
    _close(auction)

    html = client.get(auction.get_absolute_url()).text

    assert "US$3,456.78" in html and "US$4,567.89" in html
    assert "Sold for US$3,456.78 to Bidder 2" in html  # second price
    assert 'id="bid"' not in html  # no bidding section once closed


def test_closed_auction_with_reserve_not_met_says_so(client):
    auction = AuctionFactory(reserve_price=Decimal("9000"))
    place_bid(auction, EnterpriseFactory(), amount="1000")
    _close(auction)
    html = client.get(auction.get_absolute_url()).text
    assert "Reserve not met" in html and "9,000" not in html
    assert "js/auction.js" not in html  # nothing changes any more


def test_winner_is_told_they_won(client):
    auction = AuctionFactory()
    winner = EnterpriseFactory()
    place_bid(auction, winner, amount="1000")
    _close(auction)
    assert "You won this auction" in _client(winner).get(auction.get_absolute_url()).text


def test_cancelled_auction_says_so(client, staff):
    auction = AuctionFactory()
    services.auction_cancel(auction=auction, actor=staff, reason="The patent lapsed.")
    html = client.get(auction.get_absolute_url()).text
    assert "Center staff cancelled this auction" in html


def test_proposed_auction_is_hidden_except_from_staff_and_its_proposer(client, staff_client):
    proposer = ResearcherFactory()
    auction = AuctionFactory(state=AuctionState.PROPOSED, created_by=proposer)
    url = auction.get_absolute_url()
    assert client.get(url).status_code == 404
    assert _client(EnterpriseFactory()).get(url).status_code == 404
    assert _client(EnterpriseFactory()).post(url, {"action": "bid", "amount": "1000"}).status_code == 404
    assert staff_client.get(url).status_code == 200
    assert "awaits approval" in _client(proposer).get(url).text


def test_unknown_auction_is_404(client):
    assert client.get("/en/auctions/999999/").status_code == 404


def test_seller_is_told_why_they_cannot_bid():
    auction = AuctionFactory()
    html = _client(auction.seller).get(auction.get_absolute_url()).text
    assert "The seller cannot bid on their own lot." in html and 'name="amount"' not in html


def test_member_of_the_sellers_institution_cannot_bid_either():
    institution = InstitutionFactory()
    auction = AuctionFactory(achievement=AchievementFactory(published=True, institution=institution))
    colleague = MembershipFactory(institution=institution).user
    assert "The seller cannot bid" in _client(colleague).get(auction.get_absolute_url()).text


def test_staff_are_told_they_run_auctions_and_do_not_bid(staff_client):
    auction = AuctionFactory()
    html = staff_client.get(auction.get_absolute_url()).text
    assert "Center staff run auctions and cannot bid in them." in html and 'name="amount"' not in html


def test_achievement_page_links_to_its_live_auction_and_shows_under_transfer(client):
    auction = AuctionFactory()
    html = client.get(auction.achievement.get_absolute_url()).text
    assert "This technology is being auctioned now." in html and auction.get_absolute_url() in html

    place_bid(auction, EnterpriseFactory(), amount="1000")
    _close(auction)
    html = client.get(auction.achievement.get_absolute_url()).text
    assert "Under transfer" in html and "being auctioned now" not in html


# --- bidding through the form (no JavaScript) -------------------------------------------------------------------


def test_bid_through_the_form_is_stored_and_redirects_back_with_a_message():
    auction = AuctionFactory()
    enterprise = EnterpriseFactory()
    bidder = _client(enterprise)

    page = bidder.get(auction.get_absolute_url())
    assert 'name="amount"' in page.text and 'min="1000.00"' in page.text
    response = _post_bid(bidder, auction, amount="1250")

    assert response.status_code == 302 and response["Location"].endswith(f"{auction.get_absolute_url()}#bid")
    bid = Bid.objects.get(auction=auction)
    assert bid.amount == Decimal("1250.00") and bid.participant.user == enterprise and bid.idempotency_key
    followed = bidder.get(response["Location"]).text
    assert "You hold the highest bid at US$1,250.00." in followed
    assert "You bid as <strong>Bidder 1</strong>" in followed


def test_resending_the_same_form_places_one_bid():
    auction = AuctionFactory()
    bidder = _client(EnterpriseFactory())
    key = _form_key(bidder.get(auction.get_absolute_url()).text)
    payload = {"action": "bid", "idempotency_key": key, "accept_terms": "on", "amount": "1000"}

    assert bidder.post(auction.get_absolute_url(), payload).status_code == 302
    again = bidder.post(auction.get_absolute_url(), payload, follow=True)

    assert Bid.objects.filter(auction=auction).count() == 1
    assert "This bid was already recorded" in again.text


def test_each_rendered_form_carries_a_new_idempotency_key():
    auction = AuctionFactory()
    bidder = _client(EnterpriseFactory())
    first = _form_key(bidder.get(auction.get_absolute_url()).text)
    second = _form_key(bidder.get(auction.get_absolute_url()).text)
    assert first != second


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("999.99", "The bid must be at least US$1,000.00."),
        ("1e309", "The amount must be a number."),
        ("１０００", "The amount must be a number."),
        ("1_000", "The amount must be a number."),
        ("NaN", "The amount must be a number."),
        ("100000000000000", "The amount is larger than the maximum allowed."),
        ("-5", "The amount cannot be negative."),
        ("1000.001", "Amounts in USD take at most 2 decimals."),
        ("", "Enter an amount."),
    ],
)
def test_refused_bid_shows_the_services_message_as_a_form_error(amount, message):
    auction = AuctionFactory()
    bidder = _client(EnterpriseFactory())

    response = _post_bid(bidder, auction, amount=amount)

    assert response.status_code == 400
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert not Bid.objects.filter(auction=auction).exists()


def test_bid_without_accepting_the_terms_is_refused():
    auction = AuctionFactory()
    bidder = _client(EnterpriseFactory())
    page = bidder.get(auction.get_absolute_url())
    response = bidder.post(
        auction.get_absolute_url(), {"action": "bid", "idempotency_key": _form_key(page.text), "amount": "1000"}
    )
    assert response.status_code == 400 and "Accept the participation terms to bid." in response.text
    assert not Bid.objects.exists()


def test_the_terms_are_accepted_once_per_auction_not_per_bid():
    auction = AuctionFactory()
    first, second = _client(EnterpriseFactory()), _client(EnterpriseFactory())
    _post_bid(first, auction, amount="1000")
    _post_bid(second, auction, amount="1200")

    page = first.get(auction.get_absolute_url()).text
    assert 'name="accept_terms"' not in page
    assert "You accepted the participation terms on" in page
    response = first.post(
        auction.get_absolute_url(), {"action": "bid", "idempotency_key": _form_key(page), "amount": "1400"}
    )
    assert response.status_code == 302
    assert Bid.objects.filter(auction=auction).count() == 3


def test_the_message_about_ones_own_bid_is_marked_for_the_live_page_to_drop_when_stale():
    auction = AuctionFactory()
    bidder = _client(EnterpriseFactory())
    response = _post_bid(bidder, auction, amount="1250")
    followed = bidder.get(response["Location"]).text
    assert 'class="alert alert-success auction-outcome alert-dismissible' in followed


def test_leader_bidding_again_gets_the_services_conflict_message():
    auction = AuctionFactory()
    bidder = _client(EnterpriseFactory())
    _post_bid(bidder, auction, amount="1000")
    response = _post_bid(bidder, auction, amount="1500")
    assert response.status_code == 409 and "You already hold the highest bid." in response.text


def test_bid_on_a_closed_auction_is_refused_with_a_message():
    auction = AuctionFactory()
    bidder = _client(EnterpriseFactory())
    key = _form_key(bidder.get(auction.get_absolute_url()).text)
    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    response = bidder.post(
        auction.get_absolute_url(), {"action": "bid", "idempotency_key": key, "accept_terms": "on", "amount": "5000"}
    )
    assert response.status_code == 409 and "This auction has closed." in response.text


def test_proxy_maximum_through_the_form_bids_for_the_bidder():
    auction = AuctionFactory()
    rival = EnterpriseFactory()
    place_bid(auction, rival, amount="1000")
    bidder = _client(EnterpriseFactory())

    response = _post_bid(bidder, auction, max_amount="3000")

    assert response.status_code == 302
    auction.refresh_from_db()
    assert auction.current_price == Decimal("1100.00")
    page = bidder.get(response["Location"]).text
    assert "The system bids for you up to your maximum of US$3,000.00." in page
    assert "Your maximum (only you see it): US$3,000.00" in page
    # Others never see the maximum.
    assert "3,000" not in _client(rival).get(auction.get_absolute_url()).text


def test_outbid_by_a_proxy_is_told_so():
    auction = AuctionFactory()
    place_bid(auction, EnterpriseFactory(), max_amount="5000")
    bidder = _client(EnterpriseFactory())
    response = _post_bid(bidder, auction, amount="2000")
    page = bidder.get(response["Location"]).text
    assert "another bidder&#x27;s maximum is higher: the current price is now US$2,100.00" in page


def test_sealed_bid_through_the_form():
    auction = AuctionFactory(sealed=True)
    bidder = _client(EnterpriseFactory())
    page = bidder.get(auction.get_absolute_url()).text
    assert 'name="max_amount"' not in page  # no proxies in sealed auctions
    response = _post_bid(bidder, auction, amount="2500")
    assert response.status_code == 302
    followed = bidder.get(response["Location"]).text
    assert "Your sealed bid is recorded." in followed and "US$2,500.00" in followed


def test_anonymous_post_is_sent_to_sign_in_and_places_nothing(client):
    auction = AuctionFactory()
    response = client.post(auction.get_absolute_url(), {"action": "bid", "amount": "1000", "accept_terms": "on"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Bid.objects.exists()


def test_seller_posting_a_bid_gets_the_services_refusal():
    auction = AuctionFactory()
    payload = {"action": "bid", "idempotency_key": "k-seller-1", "accept_terms": "on", "amount": "1000"}
    response = _client(auction.seller).post(auction.get_absolute_url(), payload)
    assert response.status_code == 403 and "The seller cannot bid on their own lot." in response.text
    assert not Bid.objects.exists()


def test_bids_beyond_the_rate_are_refused_with_a_form_error(monkeypatch):
    monkeypatch.setattr(BidRateThrottle, "THROTTLE_RATES", {"bids": "2/min"})
    auction = AuctionFactory()
    bidder = _client(EnterpriseFactory())
    assert _post_bid(bidder, auction, amount="1000").status_code == 302
    assert _post_bid(bidder, auction, max_amount="2000").status_code == 302

    response = _post_bid(bidder, auction, max_amount="3000")

    assert response.status_code == 429 and "Too many bids in a short time." in response.text
    assert Auction.objects.get(pk=auction.pk).participants.get().proxy_max == Decimal("2000.00")


# --- deposits ---------------------------------------------------------------------------------------------------


def test_deposit_auction_asks_to_register_then_waits_for_staff(staff):
    auction = AuctionFactory(deposit_required=True, deposit_amount=Decimal("500"))
    enterprise = EnterpriseFactory()
    bidder = _client(enterprise)

    page = bidder.get(auction.get_absolute_url()).text
    assert "Request to participate" in page and "US$500.00" in page and 'name="amount"' not in page

    refused = bidder.post(auction.get_absolute_url(), {"action": "participate"})
    assert refused.status_code == 400 and "Accept the participation terms to register." in refused.text

    response = bidder.post(auction.get_absolute_url(), {"action": "participate", "accept_terms": "on"}, follow=True)
    assert "Center staff will confirm your deposit" in response.text
    assert "Awaiting confirmation" in response.text and 'name="amount"' not in response.text

    # Posting a bid anyway gets the service's refusal.
    key = "k-deposit-1"
    refused = bidder.post(
        auction.get_absolute_url(), {"action": "bid", "idempotency_key": key, "accept_terms": "on", "amount": "1000"}
    )
    assert refused.status_code == 403 and "not been confirmed" in refused.text

    participant = Participant.objects.get(auction=auction, user=enterprise)
    services.deposit_decide(participant=participant, actor=staff, confirm=True)
    page = bidder.get(auction.get_absolute_url()).text
    assert "Confirmed" in page and 'name="amount"' in page
