"""The auctions API: reading auctions and the bid log, bidding through every rule, participation, throttling."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import (
    AchievementFactory,
    AuctionFactory,
    EnterpriseFactory,
    InstitutionFactory,
    MembershipFactory,
    StaffFactory,
)
from trading.chain import verify_entries
from trading.models import Auction, AuctionEvent, Bid, DepositStatus, Participant
from trading.selectors import AUCTIONS_VERSION
from trading.services import AuctionSpec, auction_close, auction_create, bid_place, deposit_decide

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/auctions/"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counters live in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


def detail_url(auction) -> str:
    return f"/api/v1/auctions/{auction.pk}/"


def bids_url(auction) -> str:
    return f"/api/v1/auctions/{auction.pk}/bids/"


def amount_url(auction, seq: int) -> str:
    return f"/api/v1/auctions/{auction.pk}/bids/{seq}/amount/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def post_raw(client: APIClient, auction, body: str, content_type: str = "application/json", **headers):
    """POST a body exactly as written (so JSON's NaN or 1e309 reach the server as the bidder typed them)."""
    return client.post(bids_url(auction), data=body, content_type=content_type, headers=headers)


def bid(client: APIClient, auction, headers: dict | None = None, **fields):
    return post_raw(client, auction, json.dumps(fields), **(headers or {}))


def end_now(auction) -> None:
    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - timedelta(seconds=1))


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code, body
    assert body["detail"]


# --- reading auctions ----------------------------------------------------------------------------------------


def test_list_shows_auctions_by_phase_and_never_proposed_ones():
    live = AuctionFactory()
    upcoming = AuctionFactory(upcoming=True)
    closed = AuctionFactory()
    end_now(closed)
    auction_close(auction_id=closed.pk)
    proposed = AuctionFactory(state="proposed")
    client = APIClient()

    def ids(phase=None):
        response = client.get(LIST_URL, {"phase": phase} if phase else {})
        assert response.status_code == 200
        return {item["id"] for item in response.json()["results"]}

    assert ids("live") == {live.pk}
    assert ids("upcoming") == {upcoming.pk}
    assert ids("closed") == {closed.pk}
    assert ids() == {live.pk, upcoming.pk, closed.pk}
    assert proposed.pk not in ids()


def test_list_rejects_an_unknown_phase():
    assert_error(APIClient().get(LIST_URL, {"phase": "soon"}), 400, "invalid")


def test_list_gives_the_achievement_title_in_the_requested_language():
    achievement = AchievementFactory(published=True, title_fr="Panneau composite recyclable")
    AuctionFactory(achievement=achievement)

    item = APIClient().get(LIST_URL, {"lang": "fr"}).json()["results"][0]

    assert item["achievement"]["title"] == "Panneau composite recyclable"
    assert item["achievement"]["language"] == "fr"
    assert item["achievement"]["id"] == achievement.pk
    assert item["achievement"]["url"].endswith(achievement.get_absolute_url())


def test_list_item_shows_prices_as_exact_text():
    auction = AuctionFactory()
    bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="1250.5")

    item = APIClient().get(LIST_URL).json()["results"][0]

    assert item["phase"] == "live"
    assert item["starting_price"] == "1000.00"
    assert item["current_price"] == "1250.50"
    assert item["minimum_bid"] == "1350.50"
    assert item["bid_count"] == 1


def test_list_query_count_does_not_grow_with_the_number_of_auctions(django_assert_max_num_queries):
    def create(n):
        for _ in range(n):
            auction = AuctionFactory()
            bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="1000")
            closed = AuctionFactory()
            bid_place(auction_id=closed.pk, user=EnterpriseFactory(), amount="1000")
            end_now(closed)
            auction_close(auction_id=closed.pk)

    client = APIClient()
    create(2)
    client.get(LIST_URL)  # warm caches (content types, translations)
    AUCTIONS_VERSION.bump()  # the answer as computed, not as stored (and the next start or end read again)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST_URL).status_code == 200
    create(5)
    AUCTIONS_VERSION.bump()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST_URL)
    assert response.json()["count"] == 14


def test_detail_shows_the_public_state_without_the_reserve_amount():
    auction = AuctionFactory(
        reserve_price=Decimal("98765.43"),
        increment_ladder=[["5000", "500"]],
        soft_close_window=timedelta(minutes=5),
        soft_close_extension=timedelta(minutes=2),
        terms="Payment within 30 days.",
        deposit_required=True,
        deposit_amount=Decimal("250"),
    )

    response = APIClient().get(detail_url(auction))

    assert response.status_code == 200
    body = response.json()
    assert "98765.43" not in response.content.decode()
    assert body["has_reserve"] is True and body["reserve_met"] is False
    assert body["kind"] == "english" and body["phase"] == "live" and body["currency"] == "USD"
    assert body["min_increment"] == "100.00"
    assert body["increment_ladder"] == [{"from_price": "5000.00", "increment": "500.00"}]
    assert body["minimum_bid"] == "1000.00"
    assert body["soft_close_window"] == 300 and body["soft_close_extension"] == 120
    assert body["deposit_required"] is True and body["deposit_amount"] == "250.00"
    assert body["terms"] == "Payment within 30 days."
    assert body["server_time"].endswith("Z") and body["ends_at"].endswith("Z")
    assert body["achievement"]["id"] == auction.achievement_id
    assert body["me"] is None
    assert body["chain_head"] == "0" * 64
    assert body["bids_url"].endswith(bids_url(auction))
    assert body["page_url"].endswith(f"/en/auctions/{auction.pk}/")


def test_detail_reports_reserve_met_once_the_price_reaches_it():
    auction = AuctionFactory(reserve_price=Decimal("1500"))
    bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="1600")

    assert APIClient().get(detail_url(auction)).json()["reserve_met"] is True


def test_detail_of_a_closed_auction_shows_result_winner_alias_and_price():
    auction = AuctionFactory()
    winner = EnterpriseFactory()
    bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="1000")
    bid_place(auction_id=auction.pk, user=winner, amount="1200")
    end_now(auction)
    auction_close(auction_id=auction.pk)

    body = APIClient().get(detail_url(auction)).json()

    assert body["phase"] == "closed" and body["result"] == "won"
    assert body["winner"] == 2 and body["winner_alias"] == "Bidder 2"
    assert body["final_price"] == "1200.00"
    assert body["minimum_bid"] is None
    assert body["closed_at"]


def test_detail_shows_the_signed_in_bidder_their_own_participation():
    auction = AuctionFactory()
    alice, bob = EnterpriseFactory(), EnterpriseFactory()
    bid_place(auction_id=auction.pk, user=alice, max_amount="7777")

    mine = client_for(alice).get(detail_url(auction)).json()["me"]
    theirs = client_for(bob).get(detail_url(auction))

    assert mine == {
        "number": 1,
        "alias": "Bidder 1",
        "deposit_status": "not_required",
        "may_bid": True,
        "terms_accepted_at": mine["terms_accepted_at"],
        "leading": True,
        "proxy_max": "7777.00",
    }
    assert theirs.json()["me"] is None
    assert "7777.00" not in theirs.content.decode()


@pytest.fixture
def proposed_auction():
    """An auction an institution administrator proposed (awaiting staff approval)."""
    institution = InstitutionFactory()
    admin = MembershipFactory(institution=institution, role="admin").user
    achievement = AchievementFactory(published=True, institution=institution)
    now = timezone.now()
    spec = AuctionSpec(
        kind="english",
        currency="USD",
        starting_price=Decimal("100"),
        min_increment=Decimal("10"),
        starts_at=now,
        ends_at=now + timedelta(days=2),
    )
    return auction_create(lot=achievement, actor=admin, spec=spec), admin


def test_proposed_auction_is_not_found_except_for_staff_and_its_proposer(proposed_auction):
    auction, proposer = proposed_auction

    assert_error(APIClient().get(detail_url(auction)), 404, "not_found")
    assert_error(client_for(EnterpriseFactory()).get(detail_url(auction)), 404, "not_found")
    assert_error(APIClient().get(bids_url(auction)), 404, "not_found")
    assert_error(bid(client_for(EnterpriseFactory()), auction, amount="100"), 404, "not_found")
    assert client_for(StaffFactory()).get(detail_url(auction)).json()["phase"] == "proposed"
    assert client_for(proposer).get(detail_url(auction)).status_code == 200


@pytest.mark.parametrize("pk", ["999999", "abc", "1.5"])
def test_unknown_auction_is_404_in_the_error_shape(pk):
    assert_error(APIClient().get(f"{LIST_URL}{pk}/"), 404, "not_found")


# --- bidding ---------------------------------------------------------------------------------------------------


def test_bid_is_stored_and_answered_201_with_the_entry_and_the_state():
    auction = AuctionFactory()
    bidder = EnterpriseFactory()

    response = bid(client_for(bidder), auction, amount="1000")

    assert response.status_code == 201
    body = response.json()
    stored = Bid.objects.get(auction=auction)
    assert body["entry"]["seq"] == 1 and body["entry"]["entry_hash"] == stored.entry_hash
    assert body["entry"]["amount"] == "1000.00" and body["amount"] == "1000.00"
    assert body["leading"] is True and body["replayed"] is False
    assert body["me"]["number"] == 1 and body["me"]["leading"] is True
    assert body["auction"]["current_price"] == "1000.00"
    assert body["auction"]["minimum_bid"] == "1100.00"
    assert body["auction"]["bid_count"] == 1
    assert stored.participant.user == bidder


def test_bid_requests_read_the_database_a_bounded_number_of_times(django_assert_max_num_queries):
    """What ``make bench-bids`` sends, with an API token: a refused bid is the token's user and one read of the
    auction (no lock); an accepted first bid adds the locked read, the participant, the entry and the auction's row;
    its replay answers from the stored entry. A new query on this path shows up here before it shows in the bench."""
    auction = AuctionFactory()
    bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="1000")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=EnterpriseFactory()).key}")
    bid(client, auction, headers={"Idempotency-Key": "warm"}, amount="1000")  # content types, translations

    with django_assert_max_num_queries(2):
        assert_error(bid(client, auction, headers={"Idempotency-Key": "low"}, amount="1000"), 400, "bid_too_low")
    with django_assert_max_num_queries(11):
        assert bid(client, auction, headers={"Idempotency-Key": "win"}, amount="1100").status_code == 201
    with django_assert_max_num_queries(10):
        assert bid(client, auction, headers={"Idempotency-Key": "win"}, amount="1100").status_code == 200


def test_bid_given_as_a_json_number_is_taken_exactly():
    auction = AuctionFactory()

    response = post_raw(client_for(EnterpriseFactory()), auction, '{"amount": 1000.10}')

    assert response.status_code == 201
    assert Bid.objects.get(auction=auction).amount == Decimal("1000.10")


def test_bid_sent_as_a_form_is_accepted():
    auction = AuctionFactory()

    response = client_for(EnterpriseFactory()).post(bids_url(auction), {"amount": "1000"})

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ('{"amount": NaN}', "invalid_amount"),
        ('{"amount": Infinity}', "invalid_amount"),
        ('{"amount": -Infinity}', "invalid_amount"),
        ('{"amount": "NaN"}', "invalid_amount"),
        ('{"amount": 1e309}', "invalid_amount"),
        ('{"amount": "1e309"}', "invalid_amount"),
        ('{"amount": "1e3"}', "invalid_amount"),
        ('{"amount": "１０００"}', "invalid_amount"),
        ('{"amount": "١٠٠٠"}', "invalid_amount"),
        ('{"amount": "1_000"}', "invalid_amount"),
        ('{"amount": "1000.00.0"}', "invalid_amount"),
        ('{"amount": "+1000"}', "invalid_amount"),
        ('{"amount": 100000000000000}', "amount_too_large"),
        ('{"amount": -5}', "negative_amount"),
        ('{"amount": "-5"}', "negative_amount"),
        ('{"amount": "10.001"}', "too_many_decimals"),
        ('{"amount": 1000.001}', "too_many_decimals"),
        ('{"amount": true}', "invalid_amount"),
        ('{"amount": "a thousand"}', "invalid_amount"),
        ('{"amount": ""}', "invalid_amount"),
        ('{"amount": null}', "invalid_amount"),
        ('{"amount": [1000]}', "invalid_amount"),
        ('{"amount": {"value": 1000}}', "invalid_amount"),
        ('{"amount": "' + "9" * 500 + '"}', "invalid_amount"),
        ('{"amount": ' + "9" * 5000 + "}", "invalid_amount"),
        ("{}", "invalid_amount"),
        ("", "invalid_amount"),
        ("amount=1000", "parse_error"),
        ('{"amount": 1000', "parse_error"),
        ("[" * 100000 + "]" * 100000, "parse_error"),
        ("[1000]", "invalid"),
        ('"1000"', "invalid"),
        ('{"amount": "1000", "currency": ["USD"]}', "invalid"),
        ('{"amount": "1000", "idempotency_key": {"k": 1}}', "invalid"),
    ],
)
def test_bad_amounts_and_bodies_are_refused_with_a_code_and_nothing_stored(body, code):
    auction = AuctionFactory()

    response = post_raw(client_for(EnterpriseFactory()), auction, body)

    assert_error(response, 400, code)
    assert Auction.objects.get(pk=auction.pk).bid_count == 0
    assert not Bid.objects.filter(auction=auction).exists()


def test_a_body_of_another_media_type_is_refused_with_415():
    response = post_raw(client_for(EnterpriseFactory()), AuctionFactory(), "amount: 1000", content_type="text/plain")

    assert_error(response, 415, "unsupported_media_type")


def test_zero_decimal_currency_refuses_cents():
    auction = AuctionFactory(currency="VND", starting_price=Decimal("1000000"), min_increment=Decimal("50000"))
    client = client_for(EnterpriseFactory())

    assert_error(bid(client, auction, amount="1000000.50"), 400, "too_many_decimals")
    assert_error(post_raw(client, auction, '{"amount": 1000000.5}'), 400, "too_many_decimals")
    assert bid(client, auction, amount="1000000").status_code == 201


def test_bid_in_another_currency_is_refused():
    response = bid(client_for(EnterpriseFactory()), AuctionFactory(), amount="1000", currency="EUR")

    assert_error(response, 400, "wrong_currency")


def test_bid_naming_the_auction_currency_is_accepted():
    response = bid(client_for(EnterpriseFactory()), AuctionFactory(), amount="1000", currency="USD")

    assert response.status_code == 201


def test_bid_below_the_minimum_is_refused():
    auction = AuctionFactory()
    bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="1000")
    client = client_for(EnterpriseFactory())

    response = bid(client, auction, amount="1099.99")
    assert_error(response, 400, "bid_too_low")
    assert response.json()["minimum_bid"] == "1100.00"  # the bidder can retry without reading the auction again
    assert_error(bid(client_for(EnterpriseFactory()), AuctionFactory(), amount="999.99"), 400, "bid_too_low")
    assert Auction.objects.get(pk=auction.pk).bid_count == 1


def test_bid_after_the_end_is_refused_even_before_the_close_job_ran():
    auction = AuctionFactory()
    end_now(auction)

    assert_error(bid(client_for(EnterpriseFactory()), auction, amount="5000"), 409, "auction_closed")


def test_bid_on_a_closed_auction_is_refused():
    auction = AuctionFactory()
    end_now(auction)
    auction_close(auction_id=auction.pk)

    assert_error(bid(client_for(EnterpriseFactory()), auction, amount="5000"), 409, "auction_closed")


def test_bid_on_a_cancelled_auction_is_refused():
    auction = AuctionFactory(state="cancelled")

    assert_error(bid(client_for(EnterpriseFactory()), auction, amount="5000"), 409, "auction_cancelled")


def test_bid_before_the_start_is_refused():
    auction = AuctionFactory(upcoming=True)

    assert_error(bid(client_for(EnterpriseFactory()), auction, amount="5000"), 409, "auction_not_started")


def test_seller_cannot_bid_on_their_own_lot():
    auction = AuctionFactory()

    assert_error(bid(client_for(auction.seller), auction, amount="1000"), 403, "seller_cannot_bid")


def test_member_of_the_seller_institution_cannot_bid():
    institution = InstitutionFactory()
    auction = AuctionFactory(achievement=AchievementFactory(published=True, institution=institution))
    colleague = MembershipFactory(institution=institution, user=EnterpriseFactory()).user

    assert_error(bid(client_for(colleague), auction, amount="1000"), 403, "seller_cannot_bid")


def test_staff_cannot_bid():
    assert_error(bid(client_for(StaffFactory()), AuctionFactory(), amount="1000"), 403, "not_eligible")


def test_anonymous_bid_is_401_with_the_error_shape():
    auction = AuctionFactory()

    assert_error(bid(APIClient(), auction, amount="1000"), 401, "not_authenticated")
    assert not Bid.objects.filter(auction=auction).exists()


def test_leader_cannot_outbid_themselves():
    auction = AuctionFactory()
    client = client_for(EnterpriseFactory())
    bid(client, auction, amount="1000")

    assert_error(bid(client, auction, amount="1500"), 409, "already_leading")


def test_deposit_must_be_confirmed_before_bidding():
    auction = AuctionFactory(deposit_required=True, deposit_amount=Decimal("500"))
    bidder = EnterpriseFactory()
    client = client_for(bidder)

    assert_error(bid(client, auction, amount="1000"), 403, "deposit_not_confirmed")
    registered = client.post(f"{detail_url(auction)}participation/", {"accept_terms": True}, format="json")
    assert registered.status_code == 200
    assert registered.json()["deposit_status"] == "pending" and registered.json()["may_bid"] is False
    assert_error(bid(client, auction, amount="1000"), 403, "deposit_not_confirmed")

    participant = Participant.objects.get(auction=auction, user=bidder)
    deposit_decide(participant=participant, actor=StaffFactory(), confirm=True)

    assert bid(client, auction, amount="1000").status_code == 201
    assert client.get(detail_url(auction)).json()["me"]["deposit_status"] == "confirmed"


def test_rejected_deposit_cannot_bid():
    auction = AuctionFactory(deposit_required=True, deposit_amount=Decimal("500"))
    bidder = EnterpriseFactory()
    client = client_for(bidder)
    client.post(f"{detail_url(auction)}participation/", {"accept_terms": True}, format="json")
    participant = Participant.objects.get(auction=auction, user=bidder)
    deposit_decide(participant=participant, actor=StaffFactory(), confirm=False, reason="No transfer received.")

    assert_error(bid(client, auction, amount="1000"), 403, "deposit_not_confirmed")


def test_replayed_idempotency_key_returns_the_original_bid_without_a_new_entry():
    auction = AuctionFactory()
    client = client_for(EnterpriseFactory())
    first = bid(client, auction, headers={"Idempotency-Key": "order-42"}, amount="1000")
    bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="1100")

    again = bid(client, auction, headers={"Idempotency-Key": "order-42"}, amount="1000")

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["replayed"] is True
    assert again.json()["entry"] == first.json()["entry"]
    assert Bid.objects.filter(auction=auction).count() == 2
    assert "Idempotent-Replayed" not in first.headers


def test_idempotency_key_may_travel_in_the_body():
    auction = AuctionFactory()
    client = client_for(EnterpriseFactory())
    first = bid(client, auction, amount="1000", idempotency_key="k-1")

    again = bid(client, auction, amount="1000", idempotency_key="k-1")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["entry"]["seq"] == first.json()["entry"]["seq"]
    assert Bid.objects.filter(auction=auction).count() == 1


def test_idempotency_key_reused_for_another_amount_is_a_conflict():
    auction = AuctionFactory()
    client = client_for(EnterpriseFactory())
    bid(client, auction, headers={"Idempotency-Key": "k-7"}, amount="1000")
    bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="1100")

    response = bid(client, auction, headers={"Idempotency-Key": "k-7"}, amount="1300")

    assert_error(response, 409, "idempotency_key_reused")
    assert Bid.objects.filter(auction=auction).count() == 2


def test_a_retried_raise_of_the_leaders_maximum_gets_its_original_answer():
    """Raising one's maximum while leading adds no log entry; the retry must still be recognised by its key."""
    auction = AuctionFactory()
    client = client_for(EnterpriseFactory())
    assert bid(client, auction, headers={"Idempotency-Key": "p-1"}, max_amount="2000").status_code == 201

    raised = bid(client, auction, headers={"Idempotency-Key": "p-2"}, max_amount="3000")
    again = bid(client, auction, headers={"Idempotency-Key": "p-2"}, max_amount="3000")

    assert raised.status_code == 200 and raised.json()["entry"] is None
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["replayed"] is True and again.json()["entry"] is None
    assert_error(
        bid(client, auction, headers={"Idempotency-Key": "p-2"}, max_amount="4000"), 409, "idempotency_key_reused"
    )
    assert_error(bid(client, auction, headers={"Idempotency-Key": "p-2"}, amount="5000"), 409, "idempotency_key_reused")
    assert Bid.objects.filter(auction=auction).count() == 1
    assert auction.participants.get().proxy_max == Decimal("3000")


def test_idempotency_key_reused_for_a_proxy_maximum_after_a_direct_bid_is_a_conflict():
    auction = AuctionFactory()
    client = client_for(EnterpriseFactory())
    assert bid(client, auction, headers={"Idempotency-Key": "d-1"}, amount="1000").status_code == 201

    assert_error(
        bid(client, auction, headers={"Idempotency-Key": "d-1"}, max_amount="3000"), 409, "idempotency_key_reused"
    )
    assert bid(client, auction, headers={"Idempotency-Key": "d-1"}, amount="1000.00").status_code == 200
    assert auction.participants.get().proxy_max is None


def test_idempotency_key_reused_for_a_direct_bid_after_a_proxy_maximum_is_a_conflict():
    """The entry a proxy maximum placed holds the amount it bid (the minimum), not the maximum: a direct bid of that
    amount is still another request."""
    auction = AuctionFactory()
    client = client_for(EnterpriseFactory())
    first = bid(client, auction, headers={"Idempotency-Key": "m-1"}, max_amount="3000")
    assert first.json()["entry"]["amount"] == "1000.00"

    assert_error(bid(client, auction, headers={"Idempotency-Key": "m-1"}, amount="1000"), 409, "idempotency_key_reused")
    again = bid(client, auction, headers={"Idempotency-Key": "m-1"}, max_amount="3000")
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert Bid.objects.filter(auction=auction).count() == 1


def test_idempotency_key_reused_for_another_sealed_amount_is_a_conflict():
    auction = AuctionFactory(sealed=True)
    client = client_for(EnterpriseFactory())
    assert bid(client, auction, headers={"Idempotency-Key": "s-1"}, amount="1500").status_code == 201

    assert_error(bid(client, auction, headers={"Idempotency-Key": "s-1"}, amount="1800"), 409, "idempotency_key_reused")
    again = bid(client, auction, headers={"Idempotency-Key": "s-1"}, amount="1500")
    assert again.status_code == 200 and again.json()["replayed"] is True and again.json()["amount"] == "1500.00"
    assert Bid.objects.filter(auction=auction).count() == 1


@pytest.mark.parametrize("key", ["", "has space", "x" * 65, "ключ"])
def test_malformed_idempotency_key_is_refused(key):
    auction = AuctionFactory()

    response = bid(client_for(EnterpriseFactory()), auction, amount="1000", idempotency_key=key)

    assert_error(response, 400, "invalid_idempotency_key")
    assert not Bid.objects.filter(auction=auction).exists()


def test_proxy_maximum_is_never_shown_to_other_bidders():
    auction = AuctionFactory()
    alice, bob = EnterpriseFactory(), EnterpriseFactory()
    created = bid(client_for(alice), auction, max_amount="8765")
    bob_client = client_for(bob)

    answered = bid(bob_client, auction, amount="2000")

    assert created.status_code == 201 and created.json()["me"]["proxy_max"] == "8765.00"
    assert answered.status_code == 201 and answered.json()["leading"] is False
    assert answered.json()["auction"]["current_price"] == "2100.00"
    for response in (
        answered,
        bob_client.get(detail_url(auction)),
        bob_client.get(bids_url(auction)),
        bob_client.get(LIST_URL),
        APIClient().get(detail_url(auction)),
        client_for(StaffFactory()).get(detail_url(auction)),
    ):
        assert "8765.00" not in response.content.decode()


def test_leader_raising_their_proxy_maximum_gets_200_without_a_new_entry():
    auction = AuctionFactory()
    client = client_for(EnterpriseFactory())
    bid(client, auction, max_amount="2000")

    raised = bid(client, auction, max_amount="3000")

    assert raised.status_code == 200
    assert raised.json()["entry"] is None and raised.json()["me"]["proxy_max"] == "3000.00"
    assert "Idempotent-Replayed" not in raised.headers
    assert Bid.objects.filter(auction=auction).count() == 1
    assert_error(bid(client, auction, max_amount="2500"), 400, "proxy_not_raised")


def test_sealed_auction_refuses_a_proxy_and_a_second_bid():
    auction = AuctionFactory(sealed=True)
    client = client_for(EnterpriseFactory())

    assert_error(bid(client, auction, max_amount="3000"), 400, "proxy_not_available")
    assert bid(client, auction, amount="3000").status_code == 201
    assert_error(bid(client, auction, amount="4000"), 409, "already_bid")


def test_bids_are_throttled_per_bidder(settings):
    rest = settings.REST_FRAMEWORK
    settings.REST_FRAMEWORK = {**rest, "DEFAULT_THROTTLE_RATES": {**rest["DEFAULT_THROTTLE_RATES"], "bids": "3/min"}}
    cache.clear()
    auction = AuctionFactory()
    client = client_for(EnterpriseFactory())

    codes = [bid(client, auction, amount="1").status_code for _ in range(3)]
    throttled = bid(client, auction, amount="5000")

    assert codes == [400, 400, 400]  # refused bids count too
    assert_error(throttled, 429, "throttled")
    assert "Retry-After" in throttled.headers
    assert not Bid.objects.filter(auction=auction).exists()
    assert client.get(bids_url(auction)).status_code == 200  # reading the log is not a bid
    assert bid(client_for(EnterpriseFactory()), auction, amount="5000").status_code == 201  # per bidder


# --- sealed amounts ----------------------------------------------------------------------------------------------


@pytest.fixture
def sealed_auction():
    auction = AuctionFactory(sealed=True)
    alice, bob = EnterpriseFactory(), EnterpriseFactory()
    bid_place(auction_id=auction.pk, user=alice, amount="3456")
    bid_place(auction_id=auction.pk, user=bob, amount="2345")
    return auction, alice, bob


def test_sealed_amount_is_shown_to_its_own_bidder_only_before_the_close(sealed_auction):
    auction, alice, bob = sealed_auction

    own = client_for(alice).get(amount_url(auction, 1))

    assert own.status_code == 200
    assert own.json()["amount"] == "3456.00" and own.json()["revealed"] is False
    assert_error(client_for(bob).get(amount_url(auction, 1)), 403, "sealed_until_close")
    assert_error(client_for(StaffFactory()).get(amount_url(auction, 1)), 403, "sealed_until_close")
    assert_error(APIClient().get(amount_url(auction, 1)), 403, "sealed_until_close")
    assert_error(APIClient().get(amount_url(auction, 9)), 404, "not_found")


def test_sealed_amounts_are_absent_from_log_and_detail_before_the_close_even_for_staff(sealed_auction):
    auction, alice, _bob = sealed_auction

    for client in (APIClient(), client_for(StaffFactory()), client_for(alice)):
        log = client.get(bids_url(auction))
        detail = client.get(detail_url(auction))
        listing = client.get(LIST_URL)
        assert [entry["amount"] for entry in log.json()["results"]] == [None, None]
        assert all(len(entry["commitment"]) == 64 for entry in log.json()["results"])
        assert detail.json()["current_price"] is None and detail.json()["leader"] is None
        for response in (log, detail, listing):
            assert "3456.00" not in response.content.decode() and "2345.00" not in response.content.decode()


def test_sealed_amounts_are_public_after_the_close(sealed_auction):
    auction, _alice, bob = sealed_auction
    end_now(auction)
    auction_close(auction_id=auction.pk)

    revealed = client_for(bob).get(amount_url(auction, 1))
    log = APIClient().get(bids_url(auction)).json()

    assert revealed.status_code == 200
    assert revealed.json()["amount"] == "3456.00" and revealed.json()["revealed"] is True
    assert [entry["amount"] for entry in log["results"]] == ["3456.00", "2345.00"]
    assert all(entry["revealed_nonce"] for entry in log["results"])
    assert verify_entries(log["results"]) == []


def test_english_bid_amount_is_public():
    auction = AuctionFactory()
    bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="1000")

    body = APIClient().get(amount_url(auction, 1)).json()

    assert body["amount"] == "1000.00" and body["commitment"] == "" and body["revealed"] is True


def test_bid_response_shows_the_bidder_their_own_sealed_amount():
    auction = AuctionFactory(sealed=True)

    body = bid(client_for(EnterpriseFactory()), auction, amount="4200").json()

    assert body["amount"] == "4200.00"
    assert body["entry"]["amount"] is None and len(body["entry"]["commitment"]) == 64
    assert "4200" not in json.dumps(body["auction"])


# --- the bid log -------------------------------------------------------------------------------------------------


def _bids(auction, n: int) -> None:
    price = auction.starting_price
    for _ in range(n):
        bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount=price)
        price += auction.min_increment


def test_bid_log_lists_entries_in_order_with_the_chain_head():
    auction = AuctionFactory()
    _bids(auction, 3)
    auction.refresh_from_db()

    body = APIClient().get(bids_url(auction)).json()

    assert body["auction"] == auction.pk
    assert body["count"] == 3 and body["chain_head"] == auction.last_hash
    assert [entry["seq"] for entry in body["results"]] == [1, 2, 3]
    assert [entry["bidder"] for entry in body["results"]] == [1, 2, 3]
    assert body["results"][-1]["entry_hash"] == auction.last_hash
    assert body["results"][0]["prev_hash"] == "0" * 64
    assert set(body["results"][0]) == {
        "auction",
        "seq",
        "bidder",
        "amount",
        "commitment",
        "proxy",
        "placed_at",
        "ends_at",
        "prev_hash",
        "entry_hash",
        "revealed_nonce",
    }
    assert verify_entries(body["results"]) == []


def test_bid_log_pages_accept_up_to_a_thousand_entries_per_page():
    auction = AuctionFactory()
    _bids(auction, 5)
    client = APIClient()

    first = client.get(bids_url(auction), {"page_size": 2}).json()
    last = client.get(bids_url(auction), {"page_size": 2, "page": 3}).json()
    big = client.get(bids_url(auction), {"page_size": 1000}).json()
    capped = client.get(bids_url(auction), {"page_size": 100000})

    assert [e["seq"] for e in first["results"]] == [1, 2] and first["next"] and first["previous"] is None
    assert [e["seq"] for e in last["results"]] == [5] and last["next"] is None
    assert len(big["results"]) == 5 and big["next"] is None
    assert capped.status_code == 200
    assert_error(client.get(bids_url(auction), {"page": 9}), 404, "invalid_page")


def test_bid_log_query_count_does_not_grow_with_the_number_of_entries(django_assert_max_num_queries):
    auction = AuctionFactory()
    _bids(auction, 2)
    client = APIClient()
    client.get(bids_url(auction))
    with CaptureQueriesContext(connection) as few:
        client.get(bids_url(auction))
    auction.refresh_from_db()
    price = auction.current_price
    for _ in range(10):
        price += auction.min_increment
        bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount=price)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(bids_url(auction))
    assert response.json()["count"] == 12


def test_bid_log_of_an_auction_without_bids_is_empty_with_the_genesis_head():
    body = APIClient().get(bids_url(AuctionFactory())).json()

    assert body["count"] == 0 and body["results"] == [] and body["chain_head"] == "0" * 64


# --- participation -------------------------------------------------------------------------------------------------


def participation(client, auction, **body):
    return client.post(f"{detail_url(auction)}participation/", body, format="json")


def test_participation_registers_the_bidder_with_a_pending_deposit_and_an_audit_entry():
    auction = AuctionFactory(deposit_required=True, deposit_amount=Decimal("500"))
    bidder = EnterpriseFactory()
    client = client_for(bidder)

    first = participation(client, auction, accept_terms=True)
    again = participation(client, auction, accept_terms=True)

    assert first.status_code == 200
    assert first.json()["number"] == 1 and first.json()["alias"] == "Bidder 1"
    assert first.json()["deposit_status"] == DepositStatus.PENDING
    assert again.json()["number"] == 1
    assert Participant.objects.filter(auction=auction).count() == 1
    event = AuctionEvent.objects.get(auction=auction, action="deposit_requested")
    assert event.actor == bidder


def test_participation_without_a_deposit_may_bid_at_once():
    auction = AuctionFactory()

    body = participation(client_for(EnterpriseFactory()), auction, accept_terms=True).json()

    assert body["deposit_status"] == "not_required" and body["may_bid"] is True


def test_participation_requires_accepting_the_terms():
    auction = AuctionFactory()
    client = client_for(EnterpriseFactory())

    assert_error(participation(client, auction), 400, "invalid")
    assert_error(participation(client, auction, accept_terms=False), 400, "terms_not_accepted")
    assert not Participant.objects.filter(auction=auction).exists()


def test_participation_is_refused_to_the_seller_staff_anonymous_and_after_the_end():
    auction = AuctionFactory()

    assert_error(participation(client_for(auction.seller), auction, accept_terms=True), 403, "seller_cannot_bid")
    assert_error(participation(client_for(StaffFactory()), auction, accept_terms=True), 403, "not_eligible")
    assert_error(participation(APIClient(), auction, accept_terms=True), 401, "not_authenticated")
    end_now(auction)
    assert_error(participation(client_for(EnterpriseFactory()), auction, accept_terms=True), 409, "auction_closed")


# --- schema ------------------------------------------------------------------------------------------------------


def test_schema_documents_the_auction_endpoints(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]

    assert "get" in paths["/api/v1/auctions/"]
    assert "get" in paths["/api/v1/auctions/{id}/"]
    assert {"get", "post"} <= set(paths["/api/v1/auctions/{id}/bids/"])
    assert "get" in paths["/api/v1/auctions/{id}/bids/{seq}/amount/"]
    assert "post" in paths["/api/v1/auctions/{id}/participation/"]
    post = paths["/api/v1/auctions/{id}/bids/"]["post"]
    assert {"200", "201", "400", "401", "403", "409", "429"} <= set(post["responses"])
    assert "Idempotency-Key" in {parameter["name"] for parameter in post["parameters"]}
    assert "reserve_price" not in schema["components"]["schemas"]["AuctionDetail"]["properties"]
