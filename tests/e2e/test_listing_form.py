"""The listing form in a browser: the checks the browser makes match the server's."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from achievements.models import Achievement
from tests.e2e.test_core_flow import sign_in
from tests.factories import ResearcherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_browser_refuses_an_achievement_without_a_transfer_mode_as_the_server_would(live_server, browser: Browser):
    researcher = ResearcherFactory()
    page = browser.new_context().new_page()
    sign_in(page, f"{live_server.url}/en/accounts/login/", researcher.email)
    page.goto(f"{live_server.url}/en/achievements/new/")
    page.get_by_role("textbox", name="Title", exact=True).fill("Solar membrane")
    page.get_by_role("textbox", name="Public summary").fill("A membrane that purifies water by sunlight.")
    page.get_by_role("combobox", name="Technology field").select_option(label="Renewable energy")
    page.get_by_role("combobox", name="Technology readiness level (TRL)").select_option(value="6")

    page.get_by_role("button", name="Save draft").click()

    licensing = page.get_by_role("checkbox", name="Licensing")
    assert licensing.evaluate("box => box.validationMessage") == "Choose at least one transfer mode."
    expect(page).to_have_url(re.compile(r"/en/achievements/new/$"))
    assert not Achievement.objects.exists()

    licensing.check()
    assert licensing.evaluate("box => box.validity.valid")
