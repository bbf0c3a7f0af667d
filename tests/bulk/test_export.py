"""The export: the institution's own listings in the import format, no confidential field, formulas made literal;
it imports back unchanged."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from bulk.exports import import_template, portfolio_export
from bulk.services import import_preview
from marketplace.errors import NotFound
from tests.factories import AchievementFactory, DemandFactory

pytestmark = pytest.mark.django_db


def _csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_export_holds_only_the_institutions_listings_and_no_confidential_data(tto, tto_admin, other_admin):
    AchievementFactory(
        institution=tto,
        owner=tto_admin,
        external_id="A-1",
        confidential_dossier="SECRET-DOSSIER",
        nda_text="SECRET-NDA",
    )
    AchievementFactory(institution=other_admin.institutions.get(), external_id="THEIRS", title_en="Their invention")
    DemandFactory(institution=tto, external_id="D-1")

    download = portfolio_export(user=tto_admin, institution=tto, kind="achievements", fmt="csv")

    rows = _csv_rows(download.content)
    assert [row["external_id"] for row in rows] == ["A-1"]
    assert rows[0]["status"] == "draft"
    text = download.content.decode("utf-8-sig")
    assert "SECRET" not in text and "Their invention" not in text and "D-1" not in text


def test_another_institutions_admin_cannot_export_it(tto, other_admin):
    with pytest.raises(NotFound):
        portfolio_export(user=other_admin, institution=tto, kind="achievements", fmt="csv")


def test_cells_a_spreadsheet_would_run_are_written_as_text(tto, tto_admin):
    AchievementFactory(
        institution=tto,
        owner=tto_admin,
        external_id="A-1",
        title_en='=HYPERLINK("http://evil")',
        contact_phone="+86 10 1234",
        keywords_en="@SUM(A1)",
    )

    csv_row = _csv_rows(portfolio_export(user=tto_admin, institution=tto, kind="achievements", fmt="csv").content)[0]
    assert csv_row["title"] == '\'=HYPERLINK("http://evil")'
    assert csv_row["contact_phone"] == "'+86 10 1234"
    assert csv_row["keywords"] == "'@SUM(A1)"

    xlsx = portfolio_export(user=tto_admin, institution=tto, kind="achievements", fmt="xlsx").content
    sheet = load_workbook(io.BytesIO(xlsx)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    title = sheet.cell(row=2, column=header.index("title") + 1)
    assert (title.value, title.data_type) == ('=HYPERLINK("http://evil")', "s")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged(tto, tto_admin, fmt):
    AchievementFactory(institution=tto, owner=tto_admin, external_id="A-1", contact_phone="+86 10 1234")
    AchievementFactory(
        institution=tto, owner=tto_admin, external_id="A-2", price_negotiable=True, price_amount=None, price_currency=""
    )
    download = portfolio_export(user=tto_admin, institution=tto, kind="achievements", fmt=fmt, language="en")

    batch = import_preview(
        user=tto_admin,
        institution=tto,
        kind="achievements",
        language="en",
        upload=SimpleUploadedFile(download.filename, download.content),
    )

    assert (batch.unchanged_count, batch.to_update, batch.to_create, batch.report["rows"]) == (2, 0, 0, [])


def test_the_xlsx_template_has_the_header_and_a_data_dictionary(tto_admin):
    download = import_template(kind="demands", fmt="xlsx")
    workbook = load_workbook(io.BytesIO(download.content))

    assert [cell.value for cell in workbook.worksheets[0][1]][:3] == ["external_id", "language", "title"]
    dictionary = [[cell.value for cell in row] for row in workbook.worksheets[1].iter_rows()]
    assert dictionary[0][0] == "column"
    assert dictionary[[r[0] for r in dictionary].index("budget_currency")][:2] == ["budget_currency", "no"]
