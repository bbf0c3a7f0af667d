"""A project's package auction in a real browser: the auction page shows the package (its achievements and
consortium), the list's card says it is a package, and the project page links to its auction. Screenshots in en,
zh-hans and ar at 1280 and 390 px go to var/screenshots/packages/ (looked at by hand); no page scrolls sideways."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from marketplace.models import ModerationState
from projects.models import MemberRole
from tests.factories import (
    AchievementFactory,
    InstitutionFactory,
    ProjectAchievementFactory,
    ProjectFactory,
    ProjectMemberFactory,
    StaffFactory,
    tech_field,
)
from trading.services import AuctionSpec, auction_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "packages"
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_the_package_auction_page_shows_the_package(live_server, browser: Browser):
    lead = InstitutionFactory(name_en="Kunming Technology Transfer Center", country="CN")
    project = ProjectFactory(
        institution=lead,
        country="CN",
        field=tech_field("information-technology"),
        title_en="Smart agriculture for mountain regions",
        state=ModerationState.PUBLISHED,
        published_at=timezone.now(),
    )
    ProjectMemberFactory(project=project, institution=lead, role=MemberRole.LEAD)
    for name, country, title, trl in (
        ("Indian Institute of Agro Sensing", "IN", "Soil moisture sensors for terraced farms", 7),
        ("Kazan Drone Laboratory", "RU", "Spraying drones for mountain slopes", 6),
    ):
        institution = InstitutionFactory(name_en=name, country=country)
        achievement = AchievementFactory(
            published=True, institution=institution, country=country, title_en=title, trl=trl
        )
        ProjectAchievementFactory(project=project, achievement=achievement)
        ProjectMemberFactory(project=project, institution=institution, role=MemberRole.TECHNOLOGY_PROVIDER)
    now = timezone.now()
    auction = auction_create(
        lot=project,
        actor=StaffFactory(),
        spec=AuctionSpec(
            kind="english",
            currency="USD",
            starting_price=Decimal("2500000"),
            min_increment=Decimal("50000"),
            starts_at=now + timedelta(days=5),
            ends_at=now + timedelta(days=12),
        ),
    )

    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "zh-hans", "ar"):
        for width in (1280, 390):
            page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
            try:
                page.goto(f"{live_server.url}/{lang}/auctions/{auction.pk}/")
                panel = page.locator(".package-panel")
                expect(panel).to_be_visible()
                expect(panel.locator(".bundle-card")).to_have_count(2)
                expect(panel.locator(".list-group-item")).to_have_count(3)  # the consortium
                expect(panel).to_contain_text("Soil moisture sensors for terraced farms")
                page.screenshot(path=str(SHOTS / f"auction-{lang}-{width}.png"), full_page=True)
                assert page.evaluate(OVERFLOW) <= 0, f"the auction page in {lang} at {width} px scrolls sideways"

                page.goto(f"{live_server.url}/{lang}/auctions/?phase=upcoming")
                card = page.locator(".auction-card")
                expect(card.locator(".badge-package")).to_be_visible()
                page.screenshot(path=str(SHOTS / f"list-{lang}-{width}.png"), full_page=True)
                assert page.evaluate(OVERFLOW) <= 0, f"the auction list in {lang} at {width} px scrolls sideways"

                page.goto(f"{live_server.url}/{lang}/projects/{project.pk}/")
                link = page.locator(f"a[href='/{lang}/auctions/{auction.pk}/']")
                expect(link).to_be_visible()
                page.screenshot(path=str(SHOTS / f"project-{lang}-{width}.png"), full_page=True)
            finally:
                page.context.close()
