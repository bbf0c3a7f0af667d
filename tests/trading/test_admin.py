"""The staff's trading workplace: auctions created and changed only through the services, audited, sealed amounts
hidden until the close, nothing deletable, deals recorded and moved along by actions."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from achievements.models import Achievement
from tests.factories import AchievementFactory, AuctionFactory, DealFactory, EnterpriseFactory
from trading.models import (
    Auction,
    AuctionAction,
    AuctionEvent,
    AuctionState,
    Bid,
    Deal,
    DealEvent,
    DealSource,
    DealStatus,
    DepositStatus,
    Participant,
)
from trading.services import auction_close, bid_place, participation_request

pytestmark = pytest.mark.django_db


def url(model: type, view: str, *args) -> str:
    return reverse(f"admin:trading_{model._meta.model_name}_{view}", args=args)


def act_url(obj, action: str) -> str:
    return reverse(f"admin:trading_{obj._meta.model_name}_act", args=[obj.pk, action])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def split(name: str, value) -> dict[str, str]:
    local = timezone.localtime(value)
    return {f"{name}_0": local.strftime("%Y-%m-%d"), f"{name}_1": local.strftime("%H:%M:%S")}


def action(client, model: type, name: str, objects, **data):
    """A changelist action on ``objects``; ``confirm`` posts the intermediate page's form."""
    payload = {"action": name, ACTION_CHECKBOX_NAME: [str(o.pk) for o in objects], "index": 0, **data}
    return client.post(url(model, "changelist"), payload)


def events(auction: Auction, kind: str) -> list[AuctionEvent]:
    return list(AuctionEvent.objects.filter(auction=auction, action=kind))


def add_data(achievement: Achievement, **overrides) -> dict:
    start = timezone.now() + timedelta(hours=1)
    data = {
        "achievement": str(achievement.pk),
        "kind": "english",
        "sealed_pricing": "",
        "currency": "USD",
        "starting_price": "5000",
        "min_increment": "250",
        "increment_ladder": "",
        "reserve_price": "",
        "soft_close_window": "",
        "soft_close_extension": "",
        **split("starts_at", start),
        **split("ends_at", start + timedelta(days=3)),
        "terms": "",
        "deposit_amount": "",
    }
    data.update(overrides)
    return data


# --- the auction list ---------------------------------------------------------------------------------------------


def test_auction_list_shows_phase_price_bids_and_end(staff_client):
    live = AuctionFactory()
    bid_place(auction_id=live.pk, user=EnterpriseFactory(), amount="1200")
    AuctionFactory(upcoming=True)

    response = staff_client.get(url(Auction, "changelist"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "state-badge state-published" in content and ">Live<" in content
    assert ">Upcoming<" in content
    assert "$1,200.00" in content


def test_auction_list_filters_on_the_phase(staff_client):
    live = AuctionFactory()
    AuctionFactory(upcoming=True)

    response = staff_client.get(url(Auction, "changelist"), {"phase": "live"})

    assert list(response.context["cl"].result_list) == [live]


def test_auction_list_query_count_does_not_grow_with_rows(staff_client):
    AuctionFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(url(Auction, "changelist")).status_code == 200

    AuctionFactory.create_batch(8)
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(url(Auction, "changelist"))
    assert len(response.context["cl"].result_list) == 10
    assert len(many) == len(few)


def test_auction_list_search_finds_a_title(staff_client):
    wanted = AuctionFactory(achievement=AchievementFactory(published=True, title_en="Graphene membrane filter"))
    AuctionFactory()

    response = staff_client.get(url(Auction, "changelist"), {"q": "graphene"})

    assert list(response.context["cl"].result_list) == [wanted]


# --- creating an auction through the service ----------------------------------------------------------------------


def test_add_form_creates_a_scheduled_auction_through_the_service(staff_client, staff):
    achievement = AchievementFactory(published=True)

    response = staff_client.post(
        url(Auction, "add"),
        add_data(
            achievement, increment_ladder="20000 1000\n10000: 500", soft_close_window="10", soft_close_extension="5"
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    auction = Auction.objects.get(achievement=achievement)
    assert auction.state == AuctionState.SCHEDULED
    assert auction.seller == achievement.owner and auction.created_by == staff
    assert auction.scheduled_end == auction.ends_at
    assert auction.increment_ladder == [["10000", "500"], ["20000", "1000"]]
    assert auction.soft_close_window == timedelta(minutes=10)
    assert [e.actor for e in events(auction, AuctionAction.CREATED)] == [staff]


def test_add_form_shows_the_service_refusal_for_an_unpublished_achievement(staff_client):
    draft = AchievementFactory()

    response = staff_client.post(url(Auction, "add"), add_data(draft))

    assert response.status_code == 200
    assert "Only a published achievement can be auctioned." in response.content.decode()
    assert not Auction.objects.exists()


def test_add_form_refuses_a_second_running_auction_of_the_same_achievement(staff_client):
    running = AuctionFactory()

    response = staff_client.post(url(Auction, "add"), add_data(running.achievement))

    assert response.status_code == 200
    assert "already has an auction in progress" in response.content.decode()
    assert Auction.objects.count() == 1


def test_add_form_puts_the_service_field_errors_on_their_fields(staff_client):
    achievement = AchievementFactory(published=True)

    response = staff_client.post(url(Auction, "add"), add_data(achievement, min_increment="", reserve_price="10"))

    form = response.context["adminform"].form
    assert "Give a minimum increment or an increment ladder." in form.errors["min_increment"]
    assert "The reserve price cannot be below the starting price." in form.errors["reserve_price"]
    assert not Auction.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kind": "sealed", "min_increment": ""}, "sealed_pricing", "Choose first-price or second-price"),
        ({"increment_ladder": "10000"}, "increment_ladder", "Line 1: give a price and an increment"),
        ({"increment_ladder": "ten 500"}, "increment_ladder", "Line 1: give a price and an increment"),
    ],
)
def test_add_form_explains_bad_input(staff_client, overrides, field, message):
    response = staff_client.post(url(Auction, "add"), add_data(AchievementFactory(published=True), **overrides))

    assert response.status_code == 200
    assert any(message in error for error in response.context["adminform"].form.errors[field])
    assert not Auction.objects.exists()


def test_add_form_refuses_an_end_before_the_start(staff_client):
    start = timezone.now() + timedelta(days=2)
    data = add_data(AchievementFactory(published=True), **split("starts_at", start), **split("ends_at", start))

    response = staff_client.post(url(Auction, "add"), data)

    assert "The end must be after the start." in response.context["adminform"].form.errors["ends_at"]
    assert not Auction.objects.exists()


# --- the change page: a read-only view ----------------------------------------------------------------------------


def test_change_page_is_read_only_and_offers_the_staff_actions(staff_client):
    auction = AuctionFactory()
    bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="1000")

    response = staff_client.get(url(Auction, "change", auction.pk))

    assert response.status_code == 200
    assert not response.context["adminform"].form.fields  # nothing is editable, prices and log included
    content = response.content.decode()
    assert act_url(auction, "cancel") in content and act_url(auction, "extend") in content
    assert act_url(auction, "approve") not in content  # already scheduled
    assert "Bidder 1" in content and "$1,000.00" in content


def test_posting_to_the_change_page_changes_nothing(staff_client):
    auction = AuctionFactory()

    response = staff_client.post(url(Auction, "change", auction.pk), {"current_price": "1", "state": "closed"})

    assert response.status_code == 403
    auction.refresh_from_db()
    assert auction.current_price is None and auction.state == AuctionState.SCHEDULED


def test_change_page_query_count_does_not_grow_with_bids_and_bidders(staff_client):
    auction = AuctionFactory()
    for amount in ("1000", "1100"):
        bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount=amount)
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(url(Auction, "change", auction.pk)).status_code == 200

    for amount in ("1200", "1300", "1400", "1500", "1600"):
        bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount=amount)
    with CaptureQueriesContext(connection) as many:
        assert staff_client.get(url(Auction, "change", auction.pk)).status_code == 200
    assert len(many) == len(few)


def test_nothing_in_trading_can_be_deleted(staff_client, staff):
    auction = AuctionFactory()
    bid = bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="1000").bid
    action(staff_client, Auction, "cancel", [auction], confirm="yes", reason="Test")
    deal = DealFactory(actor=staff)
    for obj in (auction, bid, deal, bid.participant, AuctionEvent.objects.first()):
        model = type(obj)
        changelist = staff_client.get(url(model, "changelist"))
        assert changelist.status_code == 200
        assert "delete_selected" not in changelist.content.decode()
        assert staff_client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
        assert model.objects.filter(pk=obj.pk).exists()


# --- sealed amounts -----------------------------------------------------------------------------------------------


def test_staff_cannot_see_sealed_amounts_before_the_close(staff_client):
    auction = AuctionFactory(sealed=True)
    bid = bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="123456.78").bid
    shown = ("123,456.78", "123456.78", "123456,78", "123 456")

    pages = [
        staff_client.get(url(Auction, "change", auction.pk)),
        staff_client.get(url(Auction, "changelist")),
        staff_client.get(url(Bid, "changelist"), {"auction__id__exact": auction.pk}),
        staff_client.get(url(Bid, "change", bid.pk)),
    ]

    for page in pages:
        assert page.status_code == 200
        content = page.content.decode()
        assert not any(amount in content for amount in shown)
        assert "Sealed until the close" in content
    assert bid.commitment in pages[3].content.decode()
    assert bid.sealed_box not in pages[3].content.decode()


def test_sealed_amounts_show_once_the_close_reveals_them(staff_client):
    auction = AuctionFactory(sealed=True)
    bid = bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="123456.78").bid
    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now())
    assert auction_close(auction_id=auction.pk)

    assert "$123,456.78" in staff_client.get(url(Bid, "change", bid.pk)).content.decode()
    assert "$123,456.78" in staff_client.get(url(Auction, "change", auction.pk)).content.decode()


def test_bid_log_list_query_count_does_not_grow_with_rows(staff_client):
    auction = AuctionFactory()
    for amount in ("1000", "1100"):
        bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount=amount)
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(url(Bid, "changelist")).status_code == 200

    for amount in ("1200", "1300", "1400", "1500"):
        bid_place(auction_id=AuctionFactory().pk, user=EnterpriseFactory(), amount=amount)
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(url(Bid, "changelist"))
    assert len(response.context["cl"].result_list) == 6
    assert len(many) == len(few)


def test_bid_log_reads_each_auctions_lot_once_not_with_every_bid(staff_client):
    auction = AuctionFactory()
    for amount in ("1000", "1100", "1200"):
        bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount=amount)

    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(url(Bid, "changelist"))

    achievements = Achievement._meta.db_table
    bid_rows = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and 'FROM "trading_bid"' in q["sql"]]
    assert bid_rows and not any(achievements in sql for sql in bid_rows)  # no listing's text in each bid row
    lot_reads = [q["sql"] for q in queries if f'FROM "{achievements}"' in q["sql"]]
    assert len(lot_reads) == 1
    assert response.content.decode().count(str(auction.achievement)) == 3  # each row still names its lot


# --- actions: approve, cancel, extend -------------------------------------------------------------------------------


def test_approve_action_schedules_a_proposed_auction_and_audits_it(staff_client, staff):
    proposed = AuctionFactory(state=AuctionState.PROPOSED)

    response = action(staff_client, Auction, "approve", [proposed])

    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.state == AuctionState.SCHEDULED
    assert [e.actor for e in events(proposed, AuctionAction.APPROVED)] == [staff]
    assert "1 auction approved." in messages_of(response)


def test_approve_action_reports_a_refusal_as_a_message(staff_client):
    scheduled = AuctionFactory()

    response = action(staff_client, Auction, "approve", [scheduled])

    assert response.status_code == 302
    assert any("Only a proposed auction can be approved." in m for m in messages_of(response))
    assert not events(scheduled, AuctionAction.APPROVED)


def test_cancel_action_asks_for_a_reason_then_cancels_and_audits(staff_client, staff):
    auction = AuctionFactory()

    page = action(staff_client, Auction, "cancel", [auction])
    assert page.status_code == 200
    assert page.templates[0].name == "admin/action_form.html"
    assert Auction.objects.get(pk=auction.pk).state == AuctionState.SCHEDULED

    response = action(staff_client, Auction, "cancel", [auction], confirm="yes", reason="Seller withdrew the patent")

    assert response.status_code == 302
    auction.refresh_from_db()
    assert auction.state == AuctionState.CANCELLED
    (event,) = events(auction, AuctionAction.CANCELLED)
    assert (event.actor, event.reason) == (staff, "Seller withdrew the patent")


def test_cancel_without_a_reason_shows_the_error_and_changes_nothing(staff_client):
    auction = AuctionFactory()

    response = action(staff_client, Auction, "cancel", [auction], confirm="yes", reason="   ")

    assert response.status_code == 200
    assert "Give a reason: it is kept in the audit trail." in response.content.decode()
    auction.refresh_from_db()
    assert auction.state == AuctionState.SCHEDULED
    assert not events(auction, AuctionAction.CANCELLED)


def test_extend_action_moves_the_end_and_audits_the_reason(staff_client, staff):
    auction = AuctionFactory()
    new_end = (auction.ends_at + timedelta(days=2)).replace(microsecond=0)

    response = action(
        staff_client,
        Auction,
        "extend",
        [auction],
        confirm="yes",
        reason="Bidders asked for time",
        **split("ends_at", new_end),
    )

    assert response.status_code == 302
    auction.refresh_from_db()
    assert auction.ends_at == new_end
    (event,) = events(auction, AuctionAction.EXTENDED)
    assert (event.actor, event.reason) == (staff, "Bidders asked for time")


@pytest.mark.parametrize("missing", ["reason", "ends_at"])
def test_extend_without_reason_or_end_shows_the_error_and_changes_nothing(staff_client, missing):
    auction = AuctionFactory()
    before = auction.ends_at
    data = {"confirm": "yes", "reason": "More time", **split("ends_at", before + timedelta(days=1))}
    data = {k: v for k, v in data.items() if not k.startswith(missing)}

    response = action(staff_client, Auction, "extend", [auction], **data)

    assert response.status_code == 200
    assert response.context["form"].errors[missing]
    auction.refresh_from_db()
    assert auction.ends_at == before
    assert not events(auction, AuctionAction.EXTENDED)


def test_extend_to_an_earlier_end_is_refused_by_the_service_with_a_message(staff_client):
    auction = AuctionFactory()
    before = auction.ends_at

    response = action(
        staff_client,
        Auction,
        "extend",
        [auction],
        confirm="yes",
        reason="x",
        **split("ends_at", before - timedelta(hours=1)),
    )

    assert response.status_code == 302
    assert any("The new end must be later than the current end." in m for m in messages_of(response))
    auction.refresh_from_db()
    assert auction.ends_at == before


def test_staff_actions_panel_runs_the_action_on_one_auction(staff_client, staff):
    auction, other = AuctionFactory(), AuctionFactory()

    page = staff_client.post(act_url(auction, "cancel"))
    assert page.status_code == 200
    assert url(Auction, "change", auction.pk) in page.content.decode()  # "take me back" returns to the auction
    response = staff_client.post(act_url(auction, "cancel"), {"confirm": "yes", "reason": "Duplicate listing"})

    assert response.status_code == 302 and response["Location"] == url(Auction, "change", auction.pk)
    assert Auction.objects.get(pk=auction.pk).state == AuctionState.CANCELLED
    assert Auction.objects.get(pk=other.pk).state == AuctionState.SCHEDULED
    assert events(auction, AuctionAction.CANCELLED)[0].actor == staff


def test_staff_actions_panel_refuses_unknown_actions_and_plain_gets(staff_client):
    auction = AuctionFactory()

    assert staff_client.post(act_url(auction, "delete_selected")).status_code == 403
    assert staff_client.get(act_url(auction, "cancel")).status_code == 302
    assert Auction.objects.get(pk=auction.pk).state == AuctionState.SCHEDULED


# --- bidders and deposits ---------------------------------------------------------------------------------------------


def _pending_bidder() -> Participant:
    auction = AuctionFactory(deposit_required=True, deposit_amount=Decimal("500"))
    return participation_request(auction=auction, user=EnterpriseFactory())


def test_deposit_queue_opens_on_pending_deposits(staff_client):
    pending = _pending_bidder()
    decided = _pending_bidder()
    Participant.objects.filter(pk=decided.pk).update(deposit_status=DepositStatus.CONFIRMED)

    response = staff_client.get(url(Participant, "changelist"))

    assert list(response.context["cl"].result_list) == [pending]


def test_confirm_deposit_action_lets_the_bidder_bid_and_is_audited(staff_client, staff):
    bidder = _pending_bidder()

    response = action(staff_client, Participant, "confirm_deposit", [bidder])

    assert response.status_code == 302
    bidder.refresh_from_db()
    assert bidder.deposit_status == DepositStatus.CONFIRMED
    assert events(bidder.auction, AuctionAction.DEPOSIT_CONFIRMED)[0].actor == staff
    assert bid_place(auction_id=bidder.auction_id, user=bidder.user, amount="1000").created


def test_reject_deposit_needs_a_reason_and_records_it(staff_client, staff):
    bidder = _pending_bidder()

    refused = action(staff_client, Participant, "reject_deposit", [bidder], confirm="yes", reason="")
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    assert Participant.objects.get(pk=bidder.pk).deposit_status == DepositStatus.PENDING

    action(staff_client, Participant, "reject_deposit", [bidder], confirm="yes", reason="No transfer received")

    bidder.refresh_from_db()
    assert bidder.deposit_status == DepositStatus.REJECTED
    (event,) = events(bidder.auction, AuctionAction.DEPOSIT_REJECTED)
    assert (event.actor, event.reason) == (staff, "No transfer received")


def test_auction_page_lists_its_bidders_read_only(staff_client):
    bidder = _pending_bidder()

    response = staff_client.get(url(Auction, "change", bidder.auction_id))

    inline = next(f for f in response.context["inline_admin_formsets"] if f.formset.model is Participant)
    assert list(inline.formset.queryset) == [bidder]
    assert not inline.has_change_permission and not inline.has_add_permission


# --- deals ----------------------------------------------------------------------------------------------------------


def test_record_a_negotiated_deal_through_the_service(staff_client, staff):
    achievement = AchievementFactory(published=True)
    buyer = EnterpriseFactory()

    response = staff_client.post(
        url(Deal, "add"),
        {
            "achievement": achievement.pk,
            "source": DealSource.MOU,
            "buyer": buyer.pk,
            "buyer_institution": "",
            "price": "250000",
            "currency": "CNY",
            "agreed_on": "2026-01-15",
            "notes": "Contract under the 2025 MOU",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    deal = Deal.objects.get()
    assert (deal.seller, deal.buyer, deal.recorded_by, deal.source) == (achievement.owner, buyer, staff, "mou")
    assert deal.status == DealStatus.PENDING_SIGNATURE
    assert [(e.actor, e.to_status) for e in deal.events.all()] == [(staff, DealStatus.PENDING_SIGNATURE)]
    assert Achievement.objects.get(pk=achievement.pk).under_transfer


@pytest.mark.parametrize(("field", "value"), [("source", DealSource.AUCTION), ("price", "-1")])
def test_record_deal_form_refuses_auction_source_and_negative_price(staff_client, field, value):
    data = {
        "achievement": AchievementFactory(published=True).pk,
        "source": DealSource.NEGOTIATED,
        "buyer": EnterpriseFactory().pk,
        "price": "100",
        "currency": "USD",
        "agreed_on": "2026-01-15",
        field: value,
    }

    response = staff_client.post(url(Deal, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field]
    assert not Deal.objects.exists()


def test_deal_moves_to_signed_then_completed_with_an_audit_trail(staff_client, staff):
    deal = DealFactory(actor=staff)

    action(staff_client, Deal, "mark_signed", [deal])
    action(staff_client, Deal, "mark_completed", [deal])

    deal.refresh_from_db()
    assert deal.status == DealStatus.COMPLETED
    trail = [(e.from_status, e.to_status, e.actor) for e in DealEvent.objects.filter(deal=deal).order_by("id")]
    assert trail[1:] == [("pending_signature", "signed", staff), ("signed", "completed", staff)]


def test_impossible_deal_transition_is_a_message_not_a_change(staff_client, staff):
    deal = DealFactory(actor=staff)

    response = action(staff_client, Deal, "mark_completed", [deal])

    assert any("not possible in the deal's current status" in m for m in messages_of(response))
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.PENDING_SIGNATURE


def test_cancel_deal_asks_a_reason_and_releases_the_achievement(staff_client, staff):
    deal = DealFactory(actor=staff)

    missing = action(staff_client, Deal, "cancel_deal", [deal], confirm="yes", reason="")
    assert missing.status_code == 200 and missing.context["form"].errors["reason"]
    action(staff_client, Deal, "cancel_deal", [deal], confirm="yes", reason="Buyer withdrew")

    deal.refresh_from_db()
    assert deal.status == DealStatus.CANCELLED
    assert DealEvent.objects.filter(deal=deal, to_status=DealStatus.CANCELLED, reason="Buyer withdrew").exists()
    assert not Achievement.objects.get(pk=deal.achievement_id).under_transfer


def test_deal_pages_load_read_only_with_their_trail(staff_client, staff):
    deals = [DealFactory(actor=staff) for _ in range(3)]
    with CaptureQueriesContext(connection) as queries:
        listing = staff_client.get(url(Deal, "changelist"))
    assert listing.status_code == 200 and len(listing.context["cl"].result_list) == 3
    assert len(queries) < 15

    page = staff_client.get(url(Deal, "change", deals[0].pk))
    assert page.status_code == 200
    assert not page.context["adminform"].form.fields
    content = page.content.decode()
    assert act_url(deals[0], "mark_signed") in content and act_url(deals[0], "cancel_deal") in content
    assert act_url(deals[0], "mark_completed") not in content


def test_closed_auction_links_its_deal(staff_client):
    auction = AuctionFactory()
    bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="1000")
    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now())
    auction_close(auction_id=auction.pk)

    page = staff_client.get(url(Auction, "change", auction.pk)).content.decode()

    assert url(Deal, "change", Deal.objects.get(auction=auction).pk) in page
    assert "$1,000.00" in page


def test_currency_filter_offers_only_the_currencies_in_use(staff_client):
    usd = AuctionFactory()
    AuctionFactory(currency="CNY")

    response = staff_client.get(url(Auction, "changelist"), {"currency": "USD"})

    assert list(response.context["cl"].result_list) == [usd]
    spec = next(s for s in response.context["cl"].filter_specs if getattr(s, "parameter_name", None) == "currency")
    assert [code for code, _label in spec.lookup_choices] == ["CNY", "USD"]


def test_bidder_page_offers_the_deposit_decisions_until_confirmed(staff_client, staff):
    bidder = _pending_bidder()

    page = staff_client.get(url(Participant, "change", bidder.pk))
    assert page.status_code == 200
    assert act_url(bidder, "confirm_deposit") in page.content.decode()
    response = staff_client.post(act_url(bidder, "confirm_deposit"))

    assert response["Location"] == url(Participant, "change", bidder.pk)
    assert Participant.objects.get(pk=bidder.pk).deposit_status == DepositStatus.CONFIRMED
    assert events(bidder.auction, AuctionAction.DEPOSIT_CONFIRMED)[0].actor == staff
    after = staff_client.get(url(Participant, "change", bidder.pk)).content.decode()
    assert act_url(bidder, "confirm_deposit") not in after
