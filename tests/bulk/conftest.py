from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from bulk.services import import_preview, import_run, import_start
from marketplace.models import MembershipRole
from marketplace.roles import Role
from tests.factories import InstitutionFactory, MembershipFactory, UserFactory

ACHIEVEMENT_HEADER = [
    "external_id",
    "language",
    "title",
    "summary",
    "description",
    "keywords",
    "field",
    "country",
    "trl",
    "ip_status",
    "patent_numbers",
    "transfer_modes",
    "price_negotiable",
    "price_amount",
    "price_currency",
    "contact_name",
    "contact_email",
    "contact_phone",
]


def achievement_row(external_id: str = "A-1", **values) -> dict[str, str]:
    row = {
        "external_id": external_id,
        "language": "en",
        "title": f"Perovskite encapsulation {external_id}",
        "summary": "A low-cost encapsulation that keeps 95 % efficiency.",
        "description": "Tested for 2,000 hours.",
        "keywords": "solar, perovskite",
        "field": "renewable-energy",
        "country": "CN",
        "trl": "6",
        "ip_status": "granted_patent",
        "patent_numbers": "CN114000000A",
        "transfer_modes": "licensing|joint_development",
        "price_negotiable": "yes",
        "price_amount": "",
        "price_currency": "",
        "contact_name": "Li Wei",
        "contact_email": "li.wei@example.org",
        "contact_phone": "+86 10 1234 5678",
    }
    row.update(values)
    return row


def csv_file(rows: list[dict], *, header=None, delimiter=",", bom=False, name="achievements.csv"):
    header = header or ACHIEVEMENT_HEADER
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    data = buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_file(rows: list[list], *, header=None, name="achievements.xlsx"):
    """Rows as lists of cell values (a value starting with "=" is written as a formula, as a spreadsheet would)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or ACHIEVEMENT_HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def xlsx_rows(rows: list[dict], header=None) -> list[list]:
    header = header or ACHIEVEMENT_HEADER
    return [[row.get(name, "") for name in header] for row in rows]


@pytest.fixture
def tto(db):
    return InstitutionFactory(slug="tto", country="CN")


@pytest.fixture
def tto_admin(tto):
    user = UserFactory(role=Role.INSTITUTION_ADMIN)
    MembershipFactory(user=user, institution=tto, role=MembershipRole.ADMIN)
    return user


@pytest.fixture
def other_admin(db):
    user = UserFactory(role=Role.INSTITUTION_ADMIN)
    MembershipFactory(user=user, institution=InstitutionFactory(slug="elsewhere"), role=MembershipRole.ADMIN)
    return user


def achievement_rows(count: int, prefix: str = "A", **values) -> list[dict]:
    return [achievement_row(f"{prefix}-{n:04d}", **values) for n in range(1, count + 1)]


def previewed(user, institution, rows, *, kind="achievements", language="en"):
    return import_preview(user=user, institution=institution, kind=kind, language=language, upload=csv_file(rows))


def job_run(batch, user, *, submit=False):
    """The job as the worker runs it (started, then run in this process)."""
    import_start(batch=batch, user=user, submit=submit, enqueue=False)
    return import_run(batch_id=batch.pk)


def job_queries(user, institution, rows, *, submit: bool = False) -> tuple[int, int]:
    """(queries other than INSERTs, INSERTs) of the job importing ``rows``. (INSERTs are counted apart: SQLite takes
    999 parameters a query, so there they split with the rows; PostgreSQL takes all.)"""
    batch = previewed(user, institution, rows)
    import_start(batch=batch, user=user, submit=submit, enqueue=False)
    with CaptureQueriesContext(connection) as queries:
        import_run(batch_id=batch.pk)
    inserts = sum(1 for query in queries if query["sql"].lstrip().upper().startswith("INSERT"))
    return len(queries) - inserts, inserts


@pytest.fixture
def imported(tto, tto_admin, django_capture_on_commit_callbacks):
    """``imported(rows, submit=False)``: the institution's administrator previews ``rows`` and the job writes them,
    its on-commit tasks (translations, notifications) captured, not run; returns the finished import."""

    def run(rows: list[dict], *, submit: bool = False):
        with django_capture_on_commit_callbacks():
            return job_run(previewed(tto_admin, tto, rows), tto_admin, submit=submit)

    return run
