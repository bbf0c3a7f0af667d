"""A small, hand-countable network for the indicator tests (the expected numbers are written out in the tests)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from indicators.models import CurrencyRate
from negotiations.models import Conversation, ConversationState, Meeting, MeetingState
from tests.factories import (
    AchievementFactory,
    ConversationFactory,
    DealFactory,
    DemandFactory,
    InstitutionFactory,
    ResearcherFactory,
    StaffFactory,
    tech_field,
)
from trading.models import Deal, DealStatus


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=UTC)


@pytest.fixture
def network(db):
    """Published: achievements a1 (BR, biomedicine, TRL 6, granted patent, en, 2024-03-01), a2 (CN, renewable energy,
    TRL 4, pending application, zh-hans, 2025-01-10), a3 (BR, renewable energy, TRL 6, know-how, en, 2025-06-01);
    demands d1 (ZA, renewable energy, en, 2025-02-02) and d2 (BR, biomedicine, pt-br, 2024-05-05). Not published: a
    draft achievement (BR) and a submitted demand (ZA).

    Conversations: an inquiry on a1 (2024-03-05, agreed, one meeting accepted, one declined), an inquiry on a2
    (2025-03-01, negotiating) and a proposal to d1 (2025-02-10, open).
    Deals: a1 1,000 USD on 2024-06-01, a2 50,000 CNY on 2025-04-01, a3 200 EUR on 2025-07-01 (no EUR rate) and a
    cancelled a3 9,999 USD deal on 2025-08-01. Rates: USD 7.0 from 2024-01-01 and 7.2 from 2025-01-01.
    Institutions: BR official, BR other, CN official (the only institutions of the test database).
    """
    bio, energy = tech_field("biomedicine"), tech_field("renewable-energy")
    a1 = AchievementFactory(published=True, country="BR", field=bio, trl=6, ip_status="granted_patent")
    a2 = AchievementFactory(
        published=True, country="CN", field=energy, trl=4, ip_status="pending_application", source_language="zh-hans"
    )
    a3 = AchievementFactory(published=True, country="BR", field=energy, trl=6, ip_status="know_how")
    AchievementFactory(country="BR", field=bio)
    d1 = DemandFactory(published=True, country="ZA", field=energy)
    d2 = DemandFactory(published=True, country="BR", field=bio, source_language="pt-br")
    DemandFactory(submitted=True, country="ZA", field=energy)
    for listing, when in ((a1, at(2024, 3, 1)), (a2, at(2025, 1, 10)), (a3, at(2025, 6, 1))):
        type(listing).objects.filter(pk=listing.pk).update(published_at=when)
    for listing, when in ((d1, at(2025, 2, 2)), (d2, at(2024, 5, 5))):
        type(listing).objects.filter(pk=listing.pk).update(published_at=when)

    c1 = ConversationFactory(achievement=a1)
    c2 = ConversationFactory(achievement=a2, purpose="purchase")
    c3 = ConversationFactory(achievement=None, demand=d1, purpose="solution", requester=ResearcherFactory())
    for conversation, when, state in (
        (c1, at(2024, 3, 5), ConversationState.AGREED),
        (c2, at(2025, 3, 1), ConversationState.NEGOTIATING),
        (c3, at(2025, 2, 10), ConversationState.OPEN),
    ):
        Conversation.objects.filter(pk=conversation.pk).update(created_at=when, state=state)
    for state in (MeetingState.ACCEPTED, MeetingState.DECLINED):
        meeting = Meeting.objects.create(conversation=c1, proposed_by=c1.requester, slots=[], state=state)
        Meeting.objects.filter(pk=meeting.pk).update(created_at=at(2024, 3, 20))

    staff = StaffFactory()
    DealFactory(actor=staff, achievement=a1, price=Decimal("1000"), currency="USD", agreed_on=date(2024, 6, 1))
    DealFactory(actor=staff, achievement=a2, price=Decimal("50000"), currency="CNY", agreed_on=date(2025, 4, 1))
    DealFactory(actor=staff, achievement=a3, price=Decimal("200"), currency="EUR", agreed_on=date(2025, 7, 1))
    cancelled = DealFactory(
        actor=staff, achievement=a3, price=Decimal("9999"), currency="USD", agreed_on=date(2025, 8, 1)
    )
    Deal.objects.filter(pk=cancelled.pk).update(status=DealStatus.CANCELLED)
    CurrencyRate.objects.create(currency="USD", valid_from=date(2024, 1, 1), rate=Decimal("7.0"))
    CurrencyRate.objects.create(currency="USD", valid_from=date(2025, 1, 1), rate=Decimal("7.2"))

    InstitutionFactory(country="BR", is_official_tt=True)
    InstitutionFactory(country="BR")
    InstitutionFactory(country="CN", is_official_tt=True)
    return {"a1": a1, "a2": a2, "a3": a3, "d1": d1, "d2": d2}


@pytest.fixture
def refreshed(network):
    from indicators.services import indicators_refresh

    indicators_refresh()
    return network


# The browser test drives Debian's Chromium with the e2e suite's launch arguments.
from tests.e2e.conftest import browser_context_args, browser_type_launch_args  # noqa: E402, F401
