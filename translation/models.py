"""The state of every (object, field, language) translation, and flags about declared source languages."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TranslationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Machine-translated")
    FAILED = "failed", _("Failed")
    UNAVAILABLE = "unavailable", _("No engine for this language pair")
    VERIFIED = "verified", _("Verified by a person")


class TranslationRecord(models.Model):
    """One target-language version of one translatable field of one object."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(pgettext_lazy("a translated text field of a listing", "field"), max_length=64)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    source_language = models.CharField(_("translated from"), max_length=10, choices=settings.LANGUAGES)
    source_hash = models.CharField(_("source text hash"), max_length=64)
    status = models.CharField(
        _("status"), max_length=16, choices=TranslationStatus.choices, default=TranslationStatus.PENDING, db_index=True
    )
    provider = models.CharField(_("engine"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    translated_at = models.DateTimeField(_("translated"), null=True, blank=True)
    # The staff's queue shows the most urgent first: failures, pairs without an engine, stuck jobs, unchecked machine
    # output. A column the database keeps (not an ORDER BY CASE), so that one index answers the queue's order on both
    # databases instead of a sort of every record on each page view.
    priority = models.GeneratedField(
        expression=models.Case(
            models.When(status=TranslationStatus.FAILED, then=models.Value(0)),
            models.When(status=TranslationStatus.UNAVAILABLE, then=models.Value(1)),
            models.When(status=TranslationStatus.PENDING, then=models.Value(2)),
            models.When(status=TranslationStatus.DONE, then=models.Value(3)),
            default=models.Value(4),
        ),
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="translation_record_unique"
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["language", "status"]),
            models.Index(fields=["priority", "-updated_at", "-id"], name="translation_queue_order"),
            # The newest change (translation_queue_version) is one index probe.
            models.Index(fields=["updated_at"], name="translation_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model}#{self.object_id}.{self.field} → {self.language} ({self.status})"


class LanguageFlag(models.Model):
    """The offline detector disagrees with the language the author declared: staff should look."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    declared_language = models.CharField(_("declared language"), max_length=10, choices=settings.LANGUAGES)
    detected_language = models.CharField(_("detected language"), max_length=10)
    confidence = models.FloatField(_("confidence"))
    resolved = models.BooleanField(_("resolved"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("source-language mismatch")
        verbose_name_plural = _("source-language mismatches")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="language_flag_one_per_object")
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model}#{self.object_id}: {self.declared_language} ≠ {self.detected_language}"
