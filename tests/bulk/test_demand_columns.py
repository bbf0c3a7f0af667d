"""The demands' readiness range and preferred countries in the import, the export and the template."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from bulk.exports import import_template, portfolio_export
from bulk.services import import_preview, import_run, import_start
from demands.models import Demand
from tests.bulk.conftest import csv_file

pytestmark = pytest.mark.django_db

HEADER = ["external_id", "title", "description", "field", "trl_min", "trl_max", "preferred_countries"]


def demand_row(external_id: str, **values) -> dict[str, str]:
    row = {
        "external_id": external_id,
        "title": "Desalination",
        "description": "500 m³ a day.",
        "field": "renewable-energy",
        "trl_min": "4",
        "trl_max": "7",
        "preferred_countries": "in|BR, br",
    }
    return {**row, **values}


def preview(user, institution, upload):
    return import_preview(user=user, institution=institution, kind="demands", language="en", upload=upload)


def test_the_readiness_range_and_preferred_countries_are_imported(tto, tto_admin, django_capture_on_commit_callbacks):
    batch = preview(
        tto_admin,
        tto,
        csv_file(
            [demand_row("D-1"), demand_row("D-2", trl_min="", trl_max="", preferred_countries="")],
            header=HEADER,
            name="d.csv",
        ),
    )
    assert (batch.valid_rows, batch.report["rows"]) == (2, [])

    with django_capture_on_commit_callbacks(execute=True):
        import_start(batch=batch, user=tto_admin, submit=False)

    demand = Demand.objects.get(external_id="D-1")
    assert (demand.trl_min, demand.trl_max) == (4, 7)
    assert [country.code for country in demand.preferred_countries] == ["BR", "IN"]
    other = Demand.objects.get(external_id="D-2")
    assert (other.trl_min, other.trl_max, list(other.preferred_countries)) == (None, None, [])


def test_a_bad_range_or_country_is_a_row_error(tto, tto_admin):
    rows = [
        demand_row("D-1", trl_min="7", trl_max="4"),
        demand_row("D-2", trl_min="12"),
        demand_row("D-3", preferred_countries="BR|XX"),
        demand_row("D-4", trl_max="high"),
    ]
    batch = preview(tto_admin, tto, csv_file(rows, header=HEADER, name="d.csv"))
    errors = {item["row"]: item["errors"] for item in batch.report["rows"]}

    assert batch.valid_rows == 0
    assert any(e.startswith("trl_max:") for e in errors[2])
    assert any(e.startswith("trl_min:") for e in errors[3])
    assert any(e.startswith("preferred_countries:") and "XX" in e for e in errors[4])
    assert any(e.startswith("trl_max:") for e in errors[5])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_demand_export_imports_back_unchanged(tto, tto_admin, fmt, django_capture_on_commit_callbacks):
    batch = preview(tto_admin, tto, csv_file([demand_row("D-1")], header=HEADER, name="d.csv"))
    import_start(batch=batch, user=tto_admin, submit=False, enqueue=False)
    with django_capture_on_commit_callbacks():
        import_run(batch_id=batch.pk)
    download = portfolio_export(user=tto_admin, institution=tto, kind="demands", fmt=fmt, language="en")

    again = preview(tto_admin, tto, SimpleUploadedFile(download.filename, download.content))

    assert (again.unchanged_count, again.to_update, again.report["rows"]) == (1, 0, [])


def test_the_demand_template_describes_the_new_columns():
    workbook = load_workbook(io.BytesIO(import_template(kind="demands", fmt="xlsx").content))
    dictionary = {row[0].value: [cell.value for cell in row] for row in workbook.worksheets[1].iter_rows()}

    assert {"trl_min", "trl_max", "preferred_countries"} <= set(dictionary)
    assert dictionary["preferred_countries"][1:3] == ["no", "country codes (ISO 3166) separated by |"]
    assert [cell.value for cell in workbook.worksheets[0][1]][-3:] == ["trl_min", "trl_max", "preferred_countries"]
