"""B2B meetings in a real browser, in English and in Arabic (right to left): two members register for a brokerage
event, one requests a meeting from the participants page, the other accepts it on their agenda, and the meeting is on
both agendas with its table. The readers sit in São Paulo: the event page names their zone beside the event's."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from events.models import Meeting, Registration
from tests.factories import PASSWORD, EnterpriseFactory, EventFactory, ResearcherFactory, meeting_slots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

READER_ZONE = "America/Sao_Paulo"
TABLE_ONE = {"en": "Table 1", "ar": "الطاولة 1"}
MY_AGENDA = {"en": "My agenda", "ar": "جدولي"}


def member_page(browser: Browser, base: str, lang: str, email: str) -> Page:
    context = browser.new_context(timezone_id=READER_ZONE)
    # The cookie events.js would set (it reloads the page once when it has to): set up front, no reload mid-test.
    context.add_cookies([{"name": "tz", "value": "America%2FSao_Paulo", "url": base}])
    page = context.new_page()
    page.goto(f"{base}/{lang}/accounts/login/")
    form = page.locator("form:has(input[type=password])")
    form.locator("input[type=email], input[name=login]").first.fill(email)
    form.locator("input[type=password]").first.fill(PASSWORD)
    form.locator("button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    return page


def register(page: Page, base: str, lang: str, event_id: int, organisation: str) -> None:
    page.goto(f"{base}/{lang}/events/{event_id}/")
    form = page.locator("form.registration-form")
    form.locator("input[name=organisation]").fill(organisation)
    form.locator("textarea[name=offers]").fill("Bamboo composites for construction")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".registration-status")).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_register_request_accept_and_see_the_meeting_on_the_agenda(live_server, browser: Browser, lang):
    event = EventFactory(title_en="Green materials brokerage")
    meeting_slots(event, 4)
    requester = EnterpriseFactory(display_name="Thandi Requester", preferred_language=lang)
    invitee = ResearcherFactory(display_name="Li Invitee", preferred_language=lang)
    base = live_server.url

    a = member_page(browser, base, lang, requester.email)
    register(a, base, lang, event.pk, "Index Technology")
    expect(a.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    expect(a.locator(".event-when")).to_contain_text(READER_ZONE)
    expect(a.locator(".event-when")).to_contain_text("Asia/Shanghai")
    b = member_page(browser, base, lang, invitee.email)
    register(b, base, lang, event.pk, "Southwest Forestry University")
    assert Registration.objects.filter(event=event, status="confirmed").count() == 2

    a.goto(f"{base}/{lang}/events/{event.pk}/participants/")
    card = a.locator(".participant-card", has_text="Li Invitee")
    card.locator("summary").click()
    card.locator("textarea[name=message]").fill("Shall we discuss licensing?")
    card.locator("form button[type=submit]").click()
    a.wait_for_load_state()
    expect(a.locator(".participant-card", has_text="Li Invitee").locator(".text-success")).to_be_visible()

    b.goto(f"{base}/{lang}/events/{event.pk}/agenda/")
    request_row = b.locator(".request-row", has_text="Thandi Requester")
    expect(request_row).to_contain_text("Shall we discuss licensing?")
    request_row.locator("form[action$='/accept/'] button").click()
    b.wait_for_load_state()
    expect(b.locator(".agenda-list")).to_contain_text("Thandi Requester")

    a.goto(f"{base}/{lang}/events/{event.pk}/agenda/")
    expect(a.locator("h1")).to_have_text(MY_AGENDA[lang])
    item = a.locator(".agenda-item", has_text="Li Invitee")
    expect(item).to_contain_text(TABLE_ONE[lang])
    meeting = Meeting.objects.get(event=event)
    assert (meeting.status, meeting.table) == ("accepted", 1)
