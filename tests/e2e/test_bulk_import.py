"""The bulk import in a real browser: upload a file with errors, see the preview, import, follow the progress bar
(the page polls the status JSON and reloads when the job is done), see the drafts listed. Screenshots in en, zh-hans
and ar at 1280 and 390 px go to var/screenshots/bulk/ (looked at by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from achievements.models import Achievement
from bulk.models import ImportBatch, ImportStatus
from marketplace.models import MembershipRole
from marketplace.roles import Role
from tests.bulk.conftest import achievement_row, csv_file
from tests.e2e.test_core_flow import sign_in
from tests.factories import InstitutionFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "bulk"
WIDTHS = (1280, 390)
LANGUAGES = ("en", "zh-hans", "ar")


def _shoot(page, name: str, url: str) -> None:
    for lang in LANGUAGES:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url.replace("/en/", f"/{lang}/", 1))
            page.screenshot(path=str(SHOTS / f"{name}-{lang}-{width}.png"), full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} in {lang} at {width} px scrolls sideways"


def test_upload_preview_with_errors_import_progress_and_drafts(live_server, browser: Browser, tmp_path):
    institution = InstitutionFactory(slug="tto", name_en="Tsinghua TTO", country="CN")
    admin = UserFactory(email="tto-admin@example.org", role=Role.INSTITUTION_ADMIN)
    MembershipFactory(user=admin, institution=institution, role=MembershipRole.ADMIN)
    # Short texts: the test settings run each new draft's machine translations eagerly inside the import's request.
    rows = [achievement_row(f"TTO-{n}", description="", keywords="") for n in range(1, 3)]
    rows += [achievement_row("TTO-4", field="quantum-magic"), achievement_row("TTO-5", trl="12", language="fr")]
    path = tmp_path / "portfolio.csv"
    path.write_bytes(csv_file(rows, delimiter=";", bom=True).read())
    SHOTS.mkdir(parents=True, exist_ok=True)

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, f"{live_server.url}/en/accounts/login/", admin.email)
    page.goto(f"{live_server.url}/en/bulk/")
    _shoot(page, "home", f"{live_server.url}/en/bulk/")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/en/bulk/")
    page.get_by_label("Listing type").first.select_option("achievements")
    page.get_by_label("CSV or XLSX file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()

    expect(page.get_by_role("heading", name="Preview: nothing has been saved yet")).to_be_visible()
    expect(page.get_by_text("quantum-magic")).to_be_visible()
    expect(page.get_by_role("button", name="Import 2 rows")).to_be_visible()
    assert not Achievement.objects.exists()
    batch = ImportBatch.objects.get()
    _shoot(page, "preview", f"{live_server.url}/en/bulk/imports/{batch.pk}/")

    # The progress bar: the job held at half-way, the page polling its status; then done, the page reloads itself.
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING, processed_rows=1)
    _shoot(page, "progress", f"{live_server.url}/en/bulk/imports/{batch.pk}/")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/en/bulk/imports/{batch.pk}/")
    expect(page.locator("progress.bulk-progress")).to_have_attribute("value", "50")
    ImportBatch.objects.filter(pk=batch.pk).update(processed_rows=2)
    expect(page.locator("progress.bulk-progress")).to_have_attribute("value", "100", timeout=10_000)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.PREVIEWED, processed_rows=0)

    # The real import (the test settings run the job eagerly once the request commits).
    page.goto(f"{live_server.url}/en/bulk/imports/{batch.pk}/")
    page.get_by_role("button", name="Import 2 rows").click(timeout=180_000)
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible(timeout=180_000)
    expect(page.get_by_role("link", name="Perovskite encapsulation TTO-2")).to_be_visible()
    assert sorted(Achievement.objects.values_list("external_id", flat=True)) == ["TTO-1", "TTO-2"]
    assert set(Achievement.objects.values_list("state", flat=True)) == {"draft"}
    _shoot(page, "done", f"{live_server.url}/en/bulk/imports/{batch.pk}/")
