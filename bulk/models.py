"""An import: the uploaded file, what its preview found, and how far the job that writes it has come."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bulk.columns import KIND_CHOICES
from marketplace.models import Institution


def import_file_path(instance: models.Model, filename: str) -> str:
    # Never the uploader's name (it cannot collide, traverse or reveal anything); the extension tells the reader.
    extension = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    return f"bulk/{uuid.uuid4().hex}{extension}"


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Checked, waiting for your go-ahead")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportBatch(models.Model):
    """One uploaded file of listings of one type, in one language, for one institution."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="import_batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("listing type"), max_length=20, choices=KIND_CHOICES)
    language = models.CharField(_("language of the file"), max_length=10, choices=settings.LANGUAGES)
    # Not served: media is never served from MEDIA_URL; only the import job reads it.
    file = models.FileField(upload_to=import_file_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED, db_index=True
    )
    submit = models.BooleanField(_("submit for moderation"), default=False)
    total_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    to_create = models.PositiveIntegerField(default=0)
    to_update = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    submitted_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    # {"rows": [{"row", "external_id", "errors": [...]}], "truncated": bool, "written": [external ids]}
    report = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["institution", "-created_at"], name="bulk_import_institution")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("bulk:batch", kwargs={"pk": self.pk})

    @property
    def error_rows(self) -> int:
        return self.total_rows - self.valid_rows

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def percent(self) -> int:
        return 100 if self.is_finished else int(100 * self.processed_rows / max(self.valid_rows, 1))
