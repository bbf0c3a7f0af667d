"""The service hub in a real browser: a researcher asks for a patent valuation, the provider quotes, the researcher
accepts, the provider delivers a file, the researcher rates. Screenshots of the directory in en and ar at 1280 and
390 px go to var/screenshots/services/ (looked at by hand)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from marketplace.pdf import one_page_pdf
from services.models import RequestState, ServiceRequest
from tests.e2e.test_core_flow import sign_in
from tests.factories import ExpertFactory, ProviderFactory, ResearcherFactory, ServiceFactory, tech_field

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "services"


def test_researcher_gets_a_patent_valuation_quoted_delivered_and_rates_it(live_server, browser: Browser, tmp_path):
    service = ServiceFactory(title_en="Patent valuation before licensing or auction", category="valuation")
    for category, country in (("legal", "IN"), ("ip_registration", "RU"), ("testing", "ZA"), ("translation", "BR")):
        ServiceFactory(category=category, institution=ProviderFactory(country=country))
    expert = ExpertFactory()
    expert.fields.add(tech_field("biomedicine"))
    researcher = ResearcherFactory(email="li.wenjing@example.org")
    report = tmp_path / "valuation-report.pdf"
    report.write_bytes(one_page_pdf("Valuation report", ["Value range: 1.8-2.4 M CNY"]))

    asker = browser.new_context().new_page()
    sign_in(asker, f"{live_server.url}/en/accounts/login/", researcher.email)
    asker.goto(f"{live_server.url}/en/services/?category=valuation")
    asker.get_by_role("link", name=service.title_en).click()
    asker.get_by_role("textbox", name="What do you need?").fill("Please value our patent before the auction.")
    asker.get_by_role("button", name="Send request").click()
    expect(asker).to_have_url(re.compile(r"/en/services/requests/\d+/$"))
    request = ServiceRequest.objects.get(requester=researcher)

    provider = browser.new_context().new_page()
    sign_in(provider, f"{live_server.url}/en/accounts/login/", service.owner.email)
    provider.goto(f"{live_server.url}/en/services/requests/")
    provider.get_by_role("link", name=re.compile(service.title_en)).click()
    provider.get_by_role("spinbutton", name="Price").fill("18000")
    provider.get_by_role("combobox", name="Currency").select_option("CNY")
    provider.get_by_label("Delivery date").fill(str(timezone.localdate() + timedelta(days=20)))
    provider.get_by_role("button", name="Send the quote").click()
    expect(provider.locator(".request-state")).to_have_text("Quoted")
    request.refresh_from_db()
    assert request.state == RequestState.QUOTED

    asker.reload()
    asker.get_by_role("button", name="Accept the quote").click()
    expect(asker.locator(".request-state")).to_have_text("Accepted")

    provider.reload()
    provider.get_by_label("Deliverable").set_input_files(report)
    provider.get_by_role("textbox", name="Delivery note").fill("The report is attached.")
    provider.get_by_role("button", name="Mark as delivered").click()
    expect(provider.locator(".request-state")).to_have_text("Delivered")
    request.refresh_from_db()
    assert request.state == RequestState.DELIVERED

    asker.reload()
    with asker.expect_download() as download:
        asker.get_by_role("link", name="valuation-report.pdf").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    asker.get_by_label("5", exact=True).check()
    asker.get_by_role("textbox", name="Comment").fill("Clear report, on time.")
    asker.get_by_role("button", name="Confirm and rate").click()
    expect(asker.locator(".request-state")).to_have_text("Rated")
    request.refresh_from_db()
    assert request.rating == 5 and request.state == RequestState.RATED

    SHOTS.mkdir(parents=True, exist_ok=True)
    asker.set_viewport_size({"width": 1280, "height": 900})
    asker.screenshot(path=str(SHOTS / "request-en-1280.png"), full_page=True)
    for lang in ("en", "ar"):
        for width in (1280, 390):
            page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
            for name, path in (
                ("services", "/services/"),
                ("service", f"/services/{service.pk}/"),
                ("experts", "/experts/"),
            ):
                page.goto(f"{live_server.url}/{lang}{path}")
                # The header must not overflow: nothing wider than the viewport.
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                page.screenshot(path=str(SHOTS / f"{name}-{lang}-{width}.png"), full_page=True)
