"""Portfolio analytics for owners and institution administrators."""

from __future__ import annotations

from decimal import Decimal

import pytest

from achievements.models import Achievement
from indicators.portfolio import portfolio_get
from marketplace.models import MembershipRole
from tests.factories import AchievementFactory, InstitutionFactory, MembershipFactory, ResearcherFactory

pytestmark = pytest.mark.django_db


def row_of(portfolio, listing):
    return next(row for row in portfolio.rows if row.listing.pk == listing.pk and row.kind == "achievement")


def test_an_owner_sees_inquiries_meetings_outcomes_deals_and_value(network):
    a1 = network["a1"]
    portfolio = portfolio_get(user=a1.owner)
    row = row_of(portfolio, a1)
    assert (row.inquiries, row.meetings, row.negotiating, row.agreed, row.deals) == (1, 1, 0, 1, 1)
    assert row.value == Decimal("7000.00")  # 1,000 USD at the 2024 rate
    assert [listing.listing.pk for listing in portfolio.rows] == [a1.pk]  # only their own listings
    assert portfolio.funnel == [("published", 1), ("inquired", 1), ("met", 1), ("dealt", 1)]


def test_a_cancelled_deal_counts_for_nothing(network):
    row = row_of(portfolio_get(user=network["a3"].owner), network["a3"])
    assert row.deals == 1  # the 200 EUR deal; the cancelled 9,999 USD deal is left out
    assert row.value is None or row.value == Decimal(0)  # no EUR rate


def test_an_institution_admin_sees_every_listing_of_the_institution(network):
    institution = InstitutionFactory()
    admin = MembershipFactory(institution=institution, role=MembershipRole.ADMIN).user
    Achievement.objects.filter(pk__in=[network["a1"].pk, network["a2"].pk]).update(institution=institution)
    portfolio = portfolio_get(user=admin, institution=institution)
    assert {row.listing.pk for row in portfolio.rows} == {network["a1"].pk, network["a2"].pk}
    assert portfolio.totals["inquiries"] == 2 and portfolio.totals["deals"] == 2
    assert portfolio.totals["value"] == Decimal("57000.00")


def test_a_plain_member_cannot_read_the_institution_portfolio(network, client):
    institution = InstitutionFactory()
    member = MembershipFactory(institution=institution, role=MembershipRole.MEMBER).user
    client.force_login(member)
    assert client.get("/en/indicators/portfolio/", {"institution": institution.slug}).status_code == 404
    assert portfolio_get(user=member, institution=institution).institution is None


def test_the_page_requires_sign_in_and_renders_for_the_owner(network, client):
    assert client.get("/en/indicators/portfolio/").status_code == 302
    client.force_login(network["a1"].owner)
    for lang in ("en", "ar"):
        response = client.get(f"/{lang}/indicators/portfolio/")
        assert response.status_code == 200
        html = response.content.decode()
        assert network["a1"].title_en in html and 'role="img"' in html


def test_the_page_reads_a_bounded_number_of_queries(network, client, django_assert_max_num_queries):
    owner = ResearcherFactory()
    for _ in range(12):
        AchievementFactory(owner=owner, published=True)
    client.force_login(owner)
    with django_assert_max_num_queries(20):
        assert client.get("/en/indicators/portfolio/").status_code == 200
