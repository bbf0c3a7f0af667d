"""A project in a real browser: an institution administrator puts it together and bundles two achievements of other
institutions, their owners confirm, staff approve it in admin, and an investor's interest lands in a conversation.
Screenshots of the project page and the list in en, zh-hans, ru (and ar) at 1280 and 390 px go to
var/screenshots/projects/ (looked at by hand)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from accounts.models import Role
from marketplace.models import InstitutionKind, MembershipRole, ModerationState
from negotiations.models import Conversation
from projects.models import InterestExpression, Project
from search.services import search_reindex
from tests.e2e.test_core_flow import sign_in
from tests.factories import (
    AchievementFactory,
    InstitutionFactory,
    MembershipFactory,
    ResearcherFactory,
    StaffFactory,
    UserFactory,
    tech_field,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "projects"
TITLE = "Smart agriculture for mountain regions"


def test_create_bundle_confirm_approve_and_an_investor_lands_in_a_conversation(live_server, browser: Browser):
    lead = UserFactory(email="lead@example.org", role=Role.INSTITUTION_ADMIN)
    lead_institution = InstitutionFactory(name_en="Kunming Technology Transfer Center", country="CN")
    MembershipFactory(user=lead, institution=lead_institution, role=MembershipRole.ADMIN)
    sensors_owner = ResearcherFactory(email="priya@example.org")
    drones_owner = ResearcherFactory(email="ivan@example.org")
    sensors = AchievementFactory(
        published=True,
        owner=sensors_owner,
        institution=InstitutionFactory(name_en="Indian Institute of Agro Sensing", country="IN"),
        country="IN",
        field=tech_field("information-technology"),
        title_en="Soil moisture sensors for terraced farms",
        trl=7,
    )
    drones = AchievementFactory(
        published=True,
        owner=drones_owner,
        institution=InstitutionFactory(name_en="Kazan Drone Laboratory", country="RU"),
        country="RU",
        field=tech_field("low-altitude-economy"),
        title_en="Spraying drones for mountain slopes",
        trl=6,
    )
    staff = StaffFactory(email="moderator@example.org")
    investor = UserFactory(email="fund@example.org", role=Role.ENTERPRISE)
    fund = InstitutionFactory(name_en="Silk Road Innovation Fund", kind=InstitutionKind.INVESTOR, country="AE")
    MembershipFactory(user=investor, institution=fund)

    # The lead institution's administrator puts the project together.
    author = browser.new_context().new_page()
    sign_in(author, f"{live_server.url}/en/accounts/login/", lead.email)
    author.goto(f"{live_server.url}/en/projects/")
    author.get_by_role("link", name="Put a project together").click()
    author.get_by_role("combobox", name="Lead institution").select_option(label=lead_institution.name)
    author.get_by_role("textbox", name="Title", exact=True).fill(TITLE)
    summary = "Sensors and drones for terraced farms, piloted in Yunnan."
    author.get_by_role("textbox", name="Public summary").fill(summary)
    author.get_by_role("combobox", name="Technology field").select_option(label="Agriculture and forestry")
    author.get_by_role("combobox", name="Stage", exact=True).select_option(value="pilot")
    author.get_by_role("checkbox", name="Investors").check()
    author.get_by_role("button", name=re.compile("^Save")).click()
    author.wait_for_load_state()
    project = Project.objects.get(title_en=TITLE)
    expect(author).to_have_url(re.compile(rf"/en/projects/{project.pk}/$"))

    # It bundles two achievements of other institutions: they wait for their owners.
    for achievement in (sensors, drones):
        author.get_by_label("Achievement number").fill(str(achievement.pk))
        author.get_by_role("button", name="Add an achievement").click()
        author.wait_for_load_state()
    expect(author.get_by_text("Waiting for confirmation")).to_have_count(2)

    # Each owner confirms from their confirmations page.
    for owner in (sensors_owner, drones_owner):
        page = browser.new_context().new_page()
        sign_in(page, f"{live_server.url}/en/accounts/login/", owner.email)
        page.goto(f"{live_server.url}/en/projects/confirmations/")
        page.get_by_role("button", name="Confirm").first.click()
        page.wait_for_load_state()
        page.context.close()
    assert project.bundle.filter(confirmed_at__isnull=False).count() == 2

    # The lead submits; center staff approve it in admin.
    author.reload()
    author.get_by_role("button", name="Submit for review").click()
    author.wait_for_load_state()
    moderator = browser.new_context().new_page()
    sign_in(moderator, f"{live_server.url}/admin/login/?next=/admin/projects/project/{project.pk}/change/", staff.email)
    moderator.get_by_role("button", name="Approve and publish").click()
    moderator.wait_for_load_state()
    project.refresh_from_db()
    assert project.state == ModerationState.PUBLISHED

    # An investor expresses interest: it lands in a conversation about the project.
    backer = browser.new_context().new_page()
    sign_in(backer, f"{live_server.url}/en/accounts/login/", investor.email)
    backer.goto(f"{live_server.url}/en/projects/{project.pk}/")
    backer.get_by_label("Message to the project lead").fill("We invest in pilots of this size. Could we see the plan?")
    backer.get_by_role("button", name="Express interest").click()
    backer.wait_for_load_state()
    conversation = Conversation.objects.get(project=project)
    expect(backer).to_have_url(re.compile(rf"/en/conversations/{conversation.pk}/"))
    subject = backer.get_by_role("heading", level=1).get_by_role("link", name=TITLE)
    expect(subject).to_have_attribute("href", f"/en/projects/{project.pk}/")
    expect(backer.get_by_text("expressed the interest of Silk Road Innovation Fund")).to_be_visible()
    assert InterestExpression.objects.filter(project=project, investor=fund).exists()
    backer.goto(f"{live_server.url}/en/projects/{project.pk}/")
    expect(backer.get_by_role("link", name="Your conversation with the project's team")).to_be_visible()

    # The lead sees the follower and reaches the conversation from the project page.
    author.reload()
    expect(author.get_by_text("1 investor follows")).to_be_visible()
    author.get_by_role("link", name="See the conversations").click()
    expect(author.get_by_text(TITLE).first).to_be_visible()

    # Screenshots: the project page and the list, as a visitor, in four languages and two widths.
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "zh-hans", "ru", "ar"):
        for width in (1280, 390):
            page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
            for name, path in (("detail", f"projects/{project.pk}/"), ("list", "projects/")):
                page.goto(f"{live_server.url}/{lang}/{path}")
                expect(page.get_by_text(TITLE).first).to_be_visible()
                page.screenshot(path=str(SHOTS / f"{name}-{lang}-{width}.png"), full_page=True)
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0, f"{name} in {lang} at {width} px scrolls sideways by {overflow} px"
            page.context.close()
    # The investor's view (interest panel and conversation link) at both widths, in English.
    for width in (1280, 390):
        backer.set_viewport_size({"width": width, "height": 900})
        backer.goto(f"{live_server.url}/en/projects/{project.pk}/")
        backer.screenshot(path=str(SHOTS / f"detail-investor-en-{width}.png"), full_page=True)
        backer.goto(f"{live_server.url}/en/conversations/{conversation.pk}/")
        backer.screenshot(path=str(SHOTS / f"conversation-en-{width}.png"), full_page=True)

    # The aggregation assistant proposes the two achievements for a theme; the lead makes a second draft of them.
    search_reindex()
    for lang, width in (("zh-hans", 1280), ("en", 390), ("en", 1280)):
        author.set_viewport_size({"width": width, "height": 900})
        author.goto(f"{live_server.url}/{lang}/projects/assistant/?q=mountain+farms+drones+sensors")
        expect(author.locator("input[name=achievements]")).to_have_count(2)
        author.screenshot(path=str(SHOTS / f"assistant-{lang}-{width}.png"), full_page=True)
    author.get_by_role("combobox", name="Lead institution").select_option(label=lead_institution.name)
    author.get_by_role("button", name="Create a draft project").click()
    author.wait_for_load_state()
    draft = Project.objects.exclude(pk=project.pk).get()
    expect(author).to_have_url(re.compile(rf"/en/projects/{draft.pk}/$"))
    assert set(draft.bundle.values_list("achievement_id", flat=True)) == {sensors.pk, drones.pk}
    assert not draft.bundle.filter(confirmed_at__isnull=False).exists()  # their owners confirm again
