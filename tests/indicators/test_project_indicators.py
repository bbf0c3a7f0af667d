"""The project indicators against a hand-counted set of projects (the numbers are written out in each test)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from indicators import registry
from indicators.models import CurrencyRate
from indicators.selectors import Filters, indicator_series
from indicators.services import indicators_refresh
from marketplace.models import ModerationState
from projects.models import MemberRole, Project
from tests.factories import InstitutionFactory, ProjectFactory, ProjectMemberFactory, tech_field

pytestmark = pytest.mark.django_db


def table(name: str, **filters) -> dict[str, list]:
    series = indicator_series(indicator=registry.get(name), filters=Filters(**filters))
    return {row.key: [int(value) for value in row.values] for row in series.rows}


@pytest.fixture
def projects():
    """Published: p1 (BR lead, renewable energy, pilot, 2024-05-01, seeks 1,000,000 USD, 250,000 committed; members:
    two CN institutions confirmed, a ZA one unconfirmed), p2 (CN lead, biomedicine, concept, 2025-02-01, seeks 500,000
    CNY, none committed; a BR member confirmed), p3 (BR lead, renewable energy, pilot, 2025-03-01, seeks 100 EUR: no
    EUR rate). A draft p4 (CN, biomedicine, on the market) with a confirmed IN member counts nowhere. USD: 7.0 from
    2024-01-01; reporting currency CNY."""
    bio, energy = tech_field("biomedicine"), tech_field("renewable-energy")
    br, cn = InstitutionFactory(country="BR"), InstitutionFactory(country="CN")

    def project(lead, field, stage, published, sought, committed, currency, state=ModerationState.PUBLISHED):
        made = ProjectFactory(
            institution=lead,
            country=lead.country,
            field=field,
            stage=stage,
            funding_sought=Decimal(sought),
            funding_committed=Decimal(committed),
            funding_currency=currency,
            state=state,
        )
        Project.objects.filter(pk=made.pk).update(published_at=published)
        ProjectMemberFactory(project=made, institution=lead, role=MemberRole.LEAD)
        return made

    p1 = project(br, energy, "pilot", datetime(2024, 5, 1, 12, tzinfo=UTC), "1000000", "250000", "USD")
    p2 = project(cn, bio, "concept", datetime(2025, 2, 1, 12, tzinfo=UTC), "500000", "0", "CNY")
    project(br, energy, "pilot", datetime(2025, 3, 1, 12, tzinfo=UTC), "100", "0", "EUR")
    p4 = project(cn, bio, "market", None, "9", "0", "CNY", state=ModerationState.DRAFT)
    ProjectMemberFactory(project=p1, institution=InstitutionFactory(country="CN"))
    ProjectMemberFactory(project=p1, institution=InstitutionFactory(country="CN"), role=MemberRole.MANUFACTURER)
    ProjectMemberFactory(project=p1, institution=InstitutionFactory(country="ZA"), confirmed_at=None)
    ProjectMemberFactory(project=p2, institution=InstitutionFactory(country="BR"), role=MemberRole.PILOT_SITE)
    ProjectMemberFactory(project=p4, institution=InstitutionFactory(country="IN"))
    CurrencyRate.objects.create(currency="USD", valid_from=date(2024, 1, 1), rate=Decimal("7.0"))
    indicators_refresh()


def test_published_projects_by_stage_in_the_stage_order(projects):
    series = indicator_series(indicator=registry.get("projects_by_stage"), filters=Filters())
    assert [(row.key, int(row.total)) for row in series.rows] == [("concept", 1), ("pilot", 2)]
    assert series.rows[0].label == "Concept"
    assert table("projects_by_stage", year_from=2025) == {"concept": [1], "pilot": [1]}


def test_published_projects_by_main_field(projects):
    assert table("projects_by_field") == {"renewable-energy": [2], "biomedicine": [1]}
    assert table("projects_by_field", country="CN") == {"biomedicine": [1]}


def test_funding_sought_and_committed_in_the_reporting_currency(projects):
    # p1: 1,000,000 and 250,000 USD at 7.0; p2: 500,000 CNY and nothing committed; p3 in EUR has no rate.
    assert table("project_funding") == {"2024": [7_000_000, 1_750_000], "2025": [500_000, 0]}


def test_consortium_countries_count_each_project_once_and_only_confirmed_members(projects):
    # BR: p1 and p3 lead, p2's member; CN: p1's two members (once), p2 lead; ZA unconfirmed; IN in a draft.
    assert table("project_consortium_countries") == {"BR": [3], "CN": [2]}
