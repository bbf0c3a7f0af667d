"""Files chosen in a listing form survive a validation error (marketplace/held_uploads.py): kept for their uploader,
offered ticked on the re-rendered page, attached on the next save, private to the uploader, purged when abandoned."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from demands.models import Demand
from marketplace.held_uploads import held_uploads_purge
from marketplace.models import HeldUpload
from tests.demands.test_views import PDF, form_data
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("demands:create")


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_a_file_chosen_before_an_error_is_kept_and_attached_on_the_next_save(enterprise_client, enterprise):
    first = enterprise_client.post(CREATE_URL, form_data(title="", attachments=[_pdf("requirements.pdf")]))

    assert first.status_code == 200
    assert not Demand.objects.exists()
    held = HeldUpload.objects.get()
    assert (held.uploaded_by, held.original_name, held.form_field) == (enterprise, "requirements.pdf", "attachments")
    html = first.content.decode()
    assert f'name="held_uploads" value="{held.pk}"' in html and "checked" in html
    assert "The files you chose are kept" in html

    second = enterprise_client.post(CREATE_URL, form_data(held_uploads=[held.pk]))

    assert second.status_code == 302
    demand = Demand.objects.get()
    attachment = demand.attachments.get()
    assert attachment.original_name == "requirements.pdf"
    assert attachment.file.read() == PDF
    assert not HeldUpload.objects.exists()


def test_an_unticked_kept_file_is_left_out(enterprise_client):
    enterprise_client.post(CREATE_URL, form_data(title="", attachments=[_pdf("old.pdf")]))

    response = enterprise_client.post(CREATE_URL, form_data())

    assert response.status_code == 302
    assert not Demand.objects.get().attachments.exists()


def test_a_file_with_its_own_error_is_not_kept_and_the_page_says_so(enterprise_client):
    html_file = SimpleUploadedFile("spec.pdf", b"<!DOCTYPE html><html></html>", content_type="application/pdf")

    response = enterprise_client.post(CREATE_URL, form_data(title="", attachments=[html_file]))

    assert not HeldUpload.objects.exists()
    assert "Files with an error were not kept" in response.content.decode()


def test_nobody_can_use_another_users_kept_file(enterprise_client):
    other = EnterpriseFactory()
    other_client = type(enterprise_client)()
    other_client.force_login(other)
    other_client.post(CREATE_URL, form_data(title="", attachments=[_pdf("secret.pdf")]))
    theirs = HeldUpload.objects.get()

    response = enterprise_client.post(CREATE_URL, form_data(held_uploads=[theirs.pk]))

    assert response.status_code == 200
    assert "held_uploads" in response.context["form"].errors
    assert not Demand.objects.exists()
    assert HeldUpload.objects.filter(pk=theirs.pk).exists()


def test_kept_files_count_toward_the_attachment_limit(enterprise_client, settings):
    settings.ATTACHMENT_MAX_FILES = 2
    enterprise_client.post(CREATE_URL, form_data(title="", attachments=[_pdf("a.pdf"), _pdf("b.pdf")]))
    kept = list(HeldUpload.objects.values_list("pk", flat=True))

    response = enterprise_client.post(CREATE_URL, form_data(held_uploads=kept, attachments=[_pdf("c.pdf")]))

    assert response.status_code == 200
    assert "attachments" in response.context["form"].errors
    assert not Demand.objects.exists()


def test_beat_purges_kept_files_nobody_came_back_for(enterprise_client, django_capture_on_commit_callbacks):
    enterprise_client.post(CREATE_URL, form_data(title="", attachments=[_pdf("left.pdf")]))
    held = HeldUpload.objects.get()
    storage, name = held.file.storage, held.file.name

    assert held_uploads_purge() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert held_uploads_purge(older_than=timedelta(0)) == 1

    assert not HeldUpload.objects.exists()
    assert not storage.exists(name)
