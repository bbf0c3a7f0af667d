"""The import's checks (the preview), the job that writes drafts through the listing services, and re-imports."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from achievements.models import Achievement
from bulk.errors import BulkError
from bulk.models import ImportStatus
from bulk.services import import_preview, import_run, import_start
from marketplace.errors import MarketplaceError, NotFound
from marketplace.models import ModerationState
from tests.bulk.conftest import ACHIEVEMENT_HEADER, achievement_row, csv_file, xlsx_file, xlsx_rows
from tests.factories import AchievementFactory
from translation.models import TranslationRecord

pytestmark = pytest.mark.django_db


def preview(user, institution, upload, *, kind="achievements", language="en"):
    return import_preview(user=user, institution=institution, kind=kind, language=language, upload=upload)


def run(batch, user, *, submit=False, capture):
    with capture(execute=True):
        import_start(batch=batch, user=user, submit=submit)
    batch.refresh_from_db()
    return batch


def errors_of(batch) -> dict[int, list[str]]:
    return {item["row"]: item["errors"] for item in batch.report["rows"]}


def test_valid_rows_become_drafts_of_the_institution_owned_by_the_importer(
    tto, tto_admin, django_capture_on_commit_callbacks
):
    batch = preview(tto_admin, tto, csv_file([achievement_row("A-1"), achievement_row("A-2")]))
    assert (batch.total_rows, batch.valid_rows, batch.to_create) == (2, 2, 2)
    assert Achievement.objects.count() == 0  # the preview saves nothing

    batch = run(batch, tto_admin, capture=django_capture_on_commit_callbacks)

    assert batch.status == ImportStatus.DONE
    assert (batch.created_count, batch.processed_rows) == (2, 2)
    listing = Achievement.objects.get(external_id="A-1")
    assert (listing.institution, listing.owner, listing.state) == (tto, tto_admin, ModerationState.DRAFT)
    assert listing.title_en == "Perovskite encapsulation A-1"
    assert listing.field.slug == "renewable-energy"
    assert sorted(listing.transfer_modes.values_list("code", flat=True)) == ["joint_development", "licensing"]


def test_reimporting_the_same_file_changes_nothing(tto, tto_admin, django_capture_on_commit_callbacks):
    rows = [achievement_row("A-1"), achievement_row("A-2")]
    run(preview(tto_admin, tto, csv_file(rows)), tto_admin, capture=django_capture_on_commit_callbacks)
    before = {a.external_id: (a.pk, a.updated_at) for a in Achievement.objects.all()}
    records = TranslationRecord.objects.count()

    again = preview(tto_admin, tto, csv_file(rows))
    assert (again.to_create, again.to_update, again.unchanged_count) == (0, 0, 2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_start(batch=again, user=tto_admin, submit=False)
    again.refresh_from_db()

    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    assert {a.external_id: (a.pk, a.updated_at) for a in Achievement.objects.all()} == before
    assert TranslationRecord.objects.count() == records
    assert len(callbacks) == 1  # the import job only: no translation or search task


def test_a_changed_row_updates_its_listing_by_external_id(tto, tto_admin, django_capture_on_commit_callbacks):
    run(
        preview(tto_admin, tto, csv_file([achievement_row("A-1")])),
        tto_admin,
        capture=django_capture_on_commit_callbacks,
    )
    listing = Achievement.objects.get(external_id="A-1")

    batch = preview(tto_admin, tto, csv_file([achievement_row("A-1", title="A better title", trl="7")]))
    assert batch.to_update == 1
    run(batch, tto_admin, capture=django_capture_on_commit_callbacks)

    listing.refresh_from_db()
    assert (listing.title_en, listing.trl, Achievement.objects.count()) == ("A better title", 7, 1)


def test_submit_on_request_sends_the_drafts_to_moderation(tto, tto_admin, django_capture_on_commit_callbacks):
    batch = run(
        preview(tto_admin, tto, csv_file([achievement_row("A-1")])),
        tto_admin,
        submit=True,
        capture=django_capture_on_commit_callbacks,
    )

    assert batch.submitted_count == 1
    assert Achievement.objects.get(external_id="A-1").state == ModerationState.SUBMITTED


def test_a_file_with_errors_imports_its_valid_rows_and_saves_nothing_of_the_others(
    tto, tto_admin, django_capture_on_commit_callbacks
):
    rows = [
        achievement_row("A-1"),
        achievement_row("A-2", field="no-such-field"),
        achievement_row("A-3", language="fr"),
        achievement_row("A-4", trl="ten", price_negotiable="no"),
        achievement_row("A-5", transfer_modes="licensing|barter"),
    ]
    batch = preview(tto_admin, tto, csv_file(rows))
    errors = errors_of(batch)

    assert batch.valid_rows == 1
    assert "field" in errors[3][0] and "no-such-field" in errors[3][0]
    assert errors[4][0].startswith("language:")
    assert any(e.startswith("trl:") for e in errors[5])
    assert any("barter" in e for e in errors[6])
    run(batch, tto_admin, capture=django_capture_on_commit_callbacks)
    assert list(Achievement.objects.values_list("external_id", flat=True)) == ["A-1"]


def test_model_rules_are_row_errors_in_the_preview(tto, tto_admin):
    rows = [
        achievement_row("A-1", price_negotiable="no"),  # a fixed price needs an amount and a currency
        achievement_row("A-2", title="x" * 201),
        achievement_row("A-3", contact_email="not an address"),
        achievement_row("A-4", price_amount="1e6", price_currency="USD"),
    ]
    errors = errors_of(preview(tto_admin, tto, csv_file(rows)))

    assert any(e.startswith("price_amount:") for e in errors[2])
    assert any(e.startswith("title:") for e in errors[3])
    assert any(e.startswith("contact_email:") for e in errors[4])
    assert any(e.startswith("price_amount:") for e in errors[5])


def test_duplicate_external_ids_in_one_file_are_all_refused(tto, tto_admin):
    batch = preview(tto_admin, tto, csv_file([achievement_row("A-1"), achievement_row("A-2"), achievement_row("A-1")]))
    errors = errors_of(batch)

    assert sorted(errors) == [2, 4]
    assert "first in row 2" in errors[4][0]
    assert batch.valid_rows == 1


def test_a_csv_with_a_bom_and_semicolons_is_read(tto, tto_admin):
    batch = preview(
        tto_admin,
        tto,
        csv_file([achievement_row("A-1", summary="Un résumé; avec point-virgule")], delimiter=";", bom=True),
    )

    assert (batch.valid_rows, batch.report["rows"]) == (1, [])


def test_nul_and_control_characters_are_row_errors(tto, tto_admin):
    batch = preview(tto_admin, tto, csv_file([achievement_row("A-1", summary="bad\x07bell"), achievement_row("A-2")]))

    errors = errors_of(batch)
    assert "control characters" in errors[2][0]
    assert batch.valid_rows == 1


def test_a_csv_holding_nul_bytes_is_refused(tto, tto_admin):
    upload = SimpleUploadedFile("a.csv", b"external_id,title\nA-1,\x00bad\n")
    with pytest.raises(BulkError) as raised:
        preview(tto_admin, tto, upload)
    assert raised.value.code == "bad_file"


def test_a_csv_cell_starting_with_equals_is_refused_and_the_exports_apostrophe_is_taken_off(tto, tto_admin):
    rows = [achievement_row("A-1", summary='=HYPERLINK("http://evil")'), achievement_row("A-2", contact_phone="'+86 1")]
    batch = preview(tto_admin, tto, csv_file(rows))

    assert "Formulas" in errors_of(batch)[2][0]
    assert batch.valid_rows == 1


def test_xlsx_formulas_and_error_cells_are_row_errors(tto, tto_admin):
    rows = xlsx_rows([achievement_row("A-1"), achievement_row("A-2"), achievement_row("A-3")])
    rows[1][3] = "=1+1"  # summary as a formula
    rows[2][8] = "#DIV/0!"  # written by openpyxl as an error value
    batch = preview(tto_admin, tto, xlsx_file(rows))
    errors = errors_of(batch)

    assert "Formulas" in errors[3][0]
    assert sorted(errors) == [3, 4]
    assert batch.valid_rows == 1


def test_xlsx_numbers_dates_and_booleans_are_read_as_text(tto, tto_admin):
    rows = xlsx_rows([achievement_row("A-1")])
    rows[0][8] = 6.0  # trl typed as a number
    rows[0][12] = False  # price_negotiable as a boolean
    rows[0][13] = 2500000.5
    rows[0][14] = "USD"
    batch = preview(tto_admin, tto, xlsx_file(rows))

    assert batch.valid_rows == 1, batch.report


def test_an_xlsx_that_is_not_one_is_refused(tto, tto_admin):
    with pytest.raises(MarketplaceError) as raised:
        preview(tto_admin, tto, SimpleUploadedFile("a.xlsx", b"external_id,title\n"))
    assert raised.value.code == "file_content_mismatch"


def test_a_zip_bomb_named_xlsx_is_refused(tto, tto_admin):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (120 * 1024 * 1024))
    with pytest.raises(MarketplaceError) as raised:
        preview(tto_admin, tto, SimpleUploadedFile("bomb.xlsx", buffer.getvalue()))
    assert raised.value.code == "archive_too_large"


@override_settings(BULK_IMPORT_MAX_BYTES=50 * 1024 * 1024)
def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(tto, tto_admin):
    upload = SimpleUploadedFile("big.csv", b"external_id\n" + b"x" * (50 * 1024 * 1024))
    with pytest.raises(BulkError) as raised:
        preview(tto_admin, tto, upload)
    assert raised.value.code == "file_too_large"
    assert "50.0" in str(raised.value.message)


@override_settings(BULK_IMPORT_MAX_ROWS=2)
def test_too_many_rows_refuse_the_file(tto, tto_admin):
    with pytest.raises(BulkError) as raised:
        preview(tto_admin, tto, csv_file([achievement_row(f"A-{n}") for n in range(3)]))
    assert raised.value.code == "too_many_rows"


def test_missing_and_unknown_columns_refuse_the_file(tto, tto_admin):
    header = [name for name in ACHIEVEMENT_HEADER if name != "trl"] + ["confidential_dossier"]
    with pytest.raises(BulkError) as raised:
        preview(tto_admin, tto, csv_file([achievement_row("A-1")], header=header))
    assert "trl" in str(raised.value.message) and "confidential_dossier" in str(raised.value.message)


def test_an_unknown_language_is_refused(tto, tto_admin):
    with pytest.raises(BulkError):
        preview(tto_admin, tto, csv_file([achievement_row("A-1")]), language="xx")


def test_published_listings_are_not_changed_by_an_import(tto, tto_admin):
    AchievementFactory(institution=tto, owner=tto_admin, external_id="A-1", published=True)
    batch = preview(tto_admin, tto, csv_file([achievement_row("A-1")]))

    assert "Published" in errors_of(batch)[2][0]


def test_another_institutions_admin_cannot_import_into_it(tto, other_admin):
    with pytest.raises(NotFound):
        preview(other_admin, tto, csv_file([achievement_row("A-1")]))


def test_external_ids_are_per_institution(tto, tto_admin, other_admin, django_capture_on_commit_callbacks):
    theirs = AchievementFactory(institution=other_admin.institutions.get(), external_id="A-1", owner=other_admin)
    run(
        preview(tto_admin, tto, csv_file([achievement_row("A-1")])),
        tto_admin,
        capture=django_capture_on_commit_callbacks,
    )

    theirs.refresh_from_db()
    assert theirs.title_en != "Perovskite encapsulation A-1"
    assert Achievement.objects.filter(external_id="A-1").count() == 2


def test_a_row_the_services_refuse_at_write_time_is_reported_and_saves_nothing(
    tto, tto_admin, django_capture_on_commit_callbacks
):
    batch = preview(tto_admin, tto, csv_file([achievement_row("A-1"), achievement_row("A-2")]))
    # Between the preview and the job, someone else of the institution took "A-2" as a published listing.
    AchievementFactory(institution=tto, external_id="A-2", published=True)
    batch = run(batch, tto_admin, capture=django_capture_on_commit_callbacks)

    assert (batch.status, batch.created_count, batch.valid_rows) == (ImportStatus.DONE, 1, 1)
    assert 3 in errors_of(batch)
    assert Achievement.objects.filter(external_id="A-2").count() == 1


def test_a_job_run_twice_writes_once(tto, tto_admin, django_capture_on_commit_callbacks):
    batch = run(
        preview(tto_admin, tto, csv_file([achievement_row("A-1")])),
        tto_admin,
        capture=django_capture_on_commit_callbacks,
    )
    import_run(batch_id=batch.pk)  # a redelivered message: the import is done, nothing happens

    assert Achievement.objects.count() == 1


def test_demands_import_with_their_own_template(tto, tto_admin, django_capture_on_commit_callbacks):
    header = [
        "external_id",
        "title",
        "description",
        "field",
        "budget_min",
        "budget_max",
        "budget_currency",
        "deadline",
        "cooperation_modes",
    ]
    row = {
        "external_id": "D-1",
        "title": "Desalination",
        "description": "500 m³ a day.",
        "field": "renewable-energy",
        "budget_min": "10000",
        "budget_max": "5000",
        "budget_currency": "USD",
        "deadline": "2027-06-30",
        "cooperation_modes": "licensing",
    }
    batch = preview(
        tto_admin,
        tto,
        csv_file([row, {**row, "external_id": "D-2", "budget_max": "50000"}], header=header, name="d.csv"),
        kind="demands",
    )
    assert any(e.startswith("budget_max:") for e in errors_of(batch)[2])

    run(batch, tto_admin, capture=django_capture_on_commit_callbacks)
    demand = tto.demands.get()
    assert (demand.external_id, str(demand.deadline), demand.country.code) == ("D-2", "2027-06-30", "CN")
