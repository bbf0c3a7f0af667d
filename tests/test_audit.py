"""One audit writer: every trail entry (moderation, auction, deal, service request) is written by
``marketplace.audit.log_action``, and each audited action still leaves its entry with who, what and why."""

from __future__ import annotations

import ast
import logging
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from marketplace.audit import TRAILS, log_action, log_actions
from marketplace.models import ModerationEvent
from marketplace.services import listing_moderate, listing_submit
from services.models import ServiceCategory, ServiceRequestEvent
from services.services.requests import service_request_create, service_request_route
from tests.factories import (
    AchievementFactory,
    AuctionFactory,
    EnterpriseFactory,
    ProviderFactory,
    ResearcherFactory,
    ServiceRequestFactory,
    StaffFactory,
    place_bid,
)
from trading.models import Auction, AuctionEvent, DealEvent
from trading.services import (
    auction_cancel,
    auction_close,
    auction_extend,
    deal_record,
    deal_set_status,
    deposit_decide,
    participation_request,
)

ROOT = Path(__file__).resolve().parent.parent
WRITER = ROOT / "marketplace" / "audit.py"
SKIPPED_DIRS = {".venv", "tests", "migrations", "node_modules", "var", "static", "locale", "locale-cldr"}
CREATING = {"create", "bulk_create", "get_or_create", "update_or_create"}


def _sources():
    for path in ROOT.rglob("*.py"):
        if SKIPPED_DIRS.isdisjoint(path.relative_to(ROOT).parts) and path != WRITER:
            yield path


def test_every_entry_model_is_declared_a_trail():
    assert {model.__name__ for model in TRAILS} == {
        "ModerationEvent",
        "AuctionEvent",
        "DealEvent",
        "ServiceRequestEvent",
    }


def test_no_code_outside_the_writer_creates_trail_entries():
    names = {model.__name__ for model in TRAILS}
    found = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            # ModerationEvent(...) or ModerationEvent.objects.create(...) / bulk_create / get_or_create ...
            direct = isinstance(func, ast.Name) and func.id in names
            manager = (
                isinstance(func, ast.Attribute)
                and func.attr in CREATING
                and isinstance(func.value, ast.Attribute)
                and isinstance(func.value.value, ast.Name)
                and func.value.value.id in names
            )
            if direct or manager:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == [], "write audit entries with marketplace.audit.log_action"


@pytest.mark.django_db
def test_the_writer_refuses_a_model_that_is_not_a_trail():
    with pytest.raises(TypeError, match="not an audit trail"):
        log_action(Auction, actor=None)


@pytest.mark.django_db
def test_an_anonymous_actor_is_recorded_as_the_system_and_free_text_is_trimmed_to_its_column():
    request = ServiceRequestFactory()
    entry = log_action(
        ServiceRequestEvent,
        actor=AnonymousUser(),
        request=request,
        from_state="",
        to_state=request.state,
        note="  " + "x" * 400,
    )
    entry.refresh_from_db()
    assert entry.actor is None
    assert entry.note == "x" * 300


@pytest.mark.django_db
def test_many_entries_written_at_once_follow_the_same_rules(audit_lines):
    requests = [ServiceRequestFactory(), ServiceRequestFactory()]
    with pytest.raises(TypeError, match="not an audit trail"):
        log_actions(Auction, actor=None, entries=[{}])
    entries = log_actions(
        ServiceRequestEvent,
        actor=AnonymousUser(),
        entries=[{"request": r, "from_state": "", "to_state": r.state, "note": "  " + "x" * 400} for r in requests],
    )
    written = ServiceRequestEvent.objects.filter(pk__in=[entry.pk for entry in entries]).order_by("id")
    assert list(written.values_list("request", "actor", "note")) == [(r.pk, None, "x" * 300) for r in requests]
    assert len(audit_lines()) == 2


@pytest.fixture
def audit_lines(caplog):
    """The writer's log lines (one per entry written through it)."""
    caplog.set_level(logging.DEBUG, logger="brics_ttc.audit")
    return lambda: [r for r in caplog.records if r.name == "brics_ttc.audit"]


def _entries() -> int:
    return sum(model.objects.count() for model in TRAILS)


@pytest.mark.django_db
def test_moderation_leaves_its_entries_through_the_writer(audit_lines):
    author, staff = ResearcherFactory(), StaffFactory()
    achievement = AchievementFactory(owner=author)
    listing_submit(listing=achievement, user=author)
    listing_moderate(listing=achievement, actor=staff, action="reject", reason="  No claims.  ")
    entries = list(ModerationEvent.objects.order_by("id").values_list("actor", "action", "from_state", "to_state"))
    assert entries == [(author.pk, "submit", "draft", "submitted"), (staff.pk, "reject", "submitted", "rejected")]
    assert ModerationEvent.objects.get(action="reject").reason == "No claims."
    assert len(audit_lines()) == _entries() == 2


@pytest.mark.django_db
def test_auction_actions_leave_their_entries_through_the_writer(audit_lines):
    staff, bidder = StaffFactory(), EnterpriseFactory()
    auction = AuctionFactory(deposit_required=True, deposit_amount=Decimal("300"))
    participant = participation_request(auction=auction, user=bidder)
    deposit_decide(participant=participant, actor=staff, confirm=True)
    place_bid(auction, bidder, amount="1000")
    auction_extend(auction=auction, actor=staff, ends_at=auction.ends_at + timedelta(hours=1), reason="Outage.")
    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    assert auction_close(auction_id=auction.pk)
    other = AuctionFactory()
    auction_cancel(auction=other, actor=staff, reason="Withdrawn by the owner.")

    entries = list(AuctionEvent.objects.order_by("id").values_list("auction", "actor", "action", "reason"))
    assert entries == [
        (auction.pk, bidder.pk, "deposit_requested", ""),
        (auction.pk, staff.pk, "deposit_confirmed", ""),
        (auction.pk, staff.pk, "extended", "Outage."),
        (auction.pk, None, "closed", ""),
        (other.pk, staff.pk, "cancelled", "Withdrawn by the owner."),
    ]
    assert AuctionEvent.objects.get(action="closed").data["result"] == "won"
    # The close recorded the deal, with its own first entry (by the system).
    assert list(DealEvent.objects.values_list("actor", "to_status")) == [(None, "pending_signature")]
    assert len(audit_lines()) == _entries() == 6


@pytest.mark.django_db
def test_deal_actions_leave_their_entries_through_the_writer(audit_lines):
    staff = StaffFactory()
    deal = deal_record(
        actor=staff,
        achievement=AchievementFactory(published=True),
        buyer=EnterpriseFactory(),
        price=Decimal("5000"),
        currency="USD",
        agreed_on=timezone.localdate(),
        notes="Negotiated at the fair.",
    )
    deal_set_status(deal=deal, actor=staff, status="cancelled", reason="The buyer withdrew.")
    entries = list(DealEvent.objects.order_by("id").values_list("actor", "from_status", "to_status", "reason"))
    assert entries == [
        (staff.pk, "", "pending_signature", "Negotiated at the fair."),
        (staff.pk, "pending_signature", "cancelled", "The buyer withdrew."),
    ]
    assert len(audit_lines()) == _entries() == 2


@pytest.mark.django_db
def test_service_request_steps_leave_their_entries_through_the_writer(audit_lines):
    requester, staff = ResearcherFactory(), StaffFactory()
    request = service_request_create(
        requester=requester, message="Value my patent before the auction.", category=ServiceCategory.IP_MANAGEMENT
    )
    service_request_route(request=request, actor=staff, provider=ProviderFactory())
    entries = list(ServiceRequestEvent.objects.order_by("id").values_list("actor", "from_state", "to_state"))
    assert entries == [(requester.pk, "", "requested"), (staff.pk, "requested", "requested")]
    assert ServiceRequestEvent.objects.last().note.startswith("Routed to")
    assert len(audit_lines()) == _entries() == 2
