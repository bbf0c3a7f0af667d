"""The import pages: who sees them, upload → preview → start → status, template and export downloads."""

from __future__ import annotations

import pytest
from django.urls import reverse

from achievements.models import Achievement
from bulk.models import ImportBatch
from experts.models import Expert
from marketplace.models import MembershipRole
from marketplace.roles import Role
from tests.bulk.conftest import achievement_row, csv_file
from tests.factories import PASSWORD, MembershipFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.login(email=user.email, password=PASSWORD)
    return client


def test_only_importers_see_the_page(client, tto, tto_admin):
    member = UserFactory()
    MembershipFactory(user=member, institution=tto, role=MembershipRole.MEMBER)

    assert _client(client, member).get(reverse("bulk:home")).status_code == 404
    client.logout()
    page = _client(client, tto_admin).get(reverse("bulk:home"))
    assert page.status_code == 200
    assert b"Templates and data dictionary" in page.content


def test_a_technology_manager_of_the_institution_may_import(client, tto):
    manager = UserFactory(role=Role.RESEARCHER)
    MembershipFactory(user=manager, institution=tto, role=MembershipRole.MEMBER)
    Expert.objects.create(
        user=manager, headline="TTO", institution=tto, languages="en", certifications="patent_agent,technology_manager"
    )

    assert _client(client, manager).get(reverse("bulk:home")).status_code == 200


def test_upload_preview_start_and_status(client, tto, tto_admin, django_capture_on_commit_callbacks):
    client = _client(client, tto_admin)
    upload = csv_file([achievement_row("A-1"), achievement_row("A-2", field="nope")])
    response = client.post(
        reverse("bulk:upload"), {"institution": "tto", "kind": "achievements", "language": "en", "file": upload}
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()

    page = client.get(batch.get_absolute_url())
    assert b"Preview: nothing has been saved yet" in page.content and b"nope" in page.content
    assert b"Import 1 row" in page.content

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("bulk:start", args=[batch.pk]), {"submit_for_review": ""})
    status = client.get(reverse("bulk:status", args=[batch.pk])).json()
    assert (status["status"], status["created"], status["percent"]) == ("done", 1, 100)
    assert b"Listings written by this import" in client.get(batch.get_absolute_url()).content
    assert Achievement.objects.get().external_id == "A-1"


def test_a_file_refused_as_a_whole_shows_why_and_keeps_nothing(client, tto, tto_admin):
    client = _client(client, tto_admin)
    response = client.post(
        reverse("bulk:upload"),
        {"institution": "tto", "kind": "achievements", "language": "en", "file": csv_file([], header=["title"])},
    )

    assert response.status_code == 400
    assert b"Missing columns" in response.content
    assert not ImportBatch.objects.exists()


def test_another_institutions_admin_cannot_use_or_follow_its_imports(client, tto, tto_admin, other_admin):
    client = _client(client, other_admin)
    response = client.post(
        reverse("bulk:upload"),
        {"institution": "tto", "kind": "achievements", "language": "en", "file": csv_file([achievement_row("A-1")])},
    )
    assert response.status_code == 400  # "tto" is not one of their choices
    assert not ImportBatch.objects.exists()

    client.logout()
    batch_client = _client(client.__class__(), tto_admin)
    batch_client.post(
        reverse("bulk:upload"),
        {"institution": "tto", "kind": "achievements", "language": "en", "file": csv_file([achievement_row("A-1")])},
    )
    batch = ImportBatch.objects.get()
    client = _client(client, other_admin)
    assert client.get(batch.get_absolute_url()).status_code == 404
    assert client.get(reverse("bulk:status", args=[batch.pk])).status_code == 404
    assert client.post(reverse("bulk:start", args=[batch.pk])).status_code == 404
    export = client.get(reverse("bulk:export"), {"institution": "tto", "kind": "achievements", "format": "csv"})
    assert export.status_code == 302  # not a choice of theirs: back to their page, nothing exported


def test_templates_and_exports_download(client, tto, tto_admin):
    client = _client(client, tto_admin)
    template = client.get(reverse("bulk:template", args=["achievements", "csv"]))
    assert template["Content-Disposition"] == 'attachment; filename="achievements-template.csv"'
    assert template.content.decode("utf-8-sig").startswith("external_id,language,title")

    export = client.get(reverse("bulk:export"), {"institution": "tto", "kind": "demands", "format": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_staff_see_imports_read_only_in_admin(client, tto, tto_admin):
    tto_batch_client = _client(client.__class__(), tto_admin)
    tto_batch_client.post(
        reverse("bulk:upload"),
        {"institution": "tto", "kind": "achievements", "language": "en", "file": csv_file([achievement_row("A-1")])},
    )
    staff_client = _client(client, StaffFactory())
    changelist = staff_client.get(reverse("admin:bulk_importbatch_changelist"))
    assert changelist.status_code == 200 and b"achievements.csv" in changelist.content
    assert staff_client.get(reverse("admin:bulk_importbatch_add")).status_code == 403
