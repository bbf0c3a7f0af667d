"""Machine translation in the staff's workplace: the translation queue with coverage per language, source-language
mismatches, and staff edits of a language version on a listing's change page counting as verified.
"""

from __future__ import annotations

import hashlib
from functools import cached_property

from django.contrib import admin, messages
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet, TextChoices
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from marketplace.admin_base import DefaultQueueFilter, PlainActionCheckboxMixin, ReadOnlyAdminMixin
from translation.models import LanguageFlag, TranslationRecord, TranslationStatus
from translation.selectors import (
    translation_coverage,
    translation_queue_cached,
    translation_queue_version,
    translation_records_needing_attention,
)
from translation.services import translation_rerun

S = TranslationStatus


def _admin_link(content_type, object_id: int, label: str) -> str:
    try:
        url = reverse(f"admin:{content_type.app_label}_{content_type.model}_change", args=[object_id])
    except NoReverseMatch:
        return label
    return format_html('<a href="{}">{}</a>', url, label)


def _object_label(obj, content_type, object_id: int) -> str:
    if obj is None:
        return f"{content_type.name} #{object_id}"
    return Truncator(f"{content_type.name} #{object_id}: {obj}").chars(90)


# --- the translation queue ----------------------------------------------------------------------------------------


class QueueFilter(DefaultQueueFilter):
    """Opens on what needs a person: failures, pairs no engine serves, jobs stuck pending, and machine output nobody
    has checked yet. "All" lifts the filter; each status can be picked on its own."""

    title = _("status")
    parameter_name = "queue"
    ATTENTION = "attention"
    field = "status"
    default = ATTENTION
    options = S
    extra = ((ATTENTION, _("Needs attention")),)

    def filter(self, queryset, value):
        if value == self.ATTENTION:
            return queryset & translation_records_needing_attention()
        return super().filter(queryset, value)


def _queue_version(request: HttpRequest) -> str:
    """The queue's version, read once per request (the coverage table and two filters are cached under it)."""
    if not hasattr(request, "translation_queue_version"):
        request.translation_queue_version = translation_queue_version()
    return request.translation_queue_version


class QueueCountPaginator(Paginator):
    """The queue's count, counted once per query and queue version: a ``COUNT`` over every matching record (most of
    them, on the default queue) on each view of the queue."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, version: str) -> None:
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.version = version

    @cached_property
    def count(self) -> int:
        try:
            sql, params = self.object_list.order_by().query.sql_with_params()
        except EmptyResultSet:
            return 0
        digest = hashlib.blake2b(repr((sql, params)).encode(), digest_size=12).hexdigest()
        return translation_queue_cached(f"count:{digest}", self.object_list.count, version=self.version)


class ProviderFilter(admin.AllValuesFieldListFilter):
    """The engines the records name, read once per queue version (a ``DISTINCT`` over every record per view)."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        distinct = self.lookup_choices
        self.lookup_choices = translation_queue_cached(
            "providers", lambda: list(distinct), version=_queue_version(request)
        )


class ContentTypeFilter(admin.RelatedOnlyFieldListFilter):
    """The kinds of objects the records belong to, their ids read once per queue version; their names per request
    (in the reader's language)."""

    def field_choices(self, field, request, model_admin):
        ids = translation_queue_cached(
            "content-types",
            lambda: sorted(
                model_admin.get_queryset(request).order_by().values_list("content_type_id", flat=True).distinct()
            ),
            version=_queue_version(request),
        )
        return field.get_choices(
            include_blank=False,
            limit_choices_to={"pk__in": ids},
            ordering=self.field_admin_ordering(field, request, model_admin),
        )


@admin.register(TranslationRecord)
class TranslationRecordAdmin(PlainActionCheckboxMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Records are written by the pipeline and by people's edits of a language version, never on this page."""

    change_list_template = "admin/translation/translationrecord/change_list.html"
    list_display = (
        "object_link",
        "field",
        "language",
        "status_badge",
        "provider",
        "attempts",
        "updated_at",
        "short_error",
    )
    list_display_links = None
    list_filter = (
        QueueFilter,
        "language",
        ("provider", ProviderFilter),
        ("content_type", ContentTypeFilter),
    )
    list_select_related = ("content_type",)
    show_facets = admin.ShowFacets.NEVER
    show_full_result_count = False  # a second COUNT over every record on each page of the queue
    search_fields = ("error", "provider")
    actions = ("rerun_selected",)
    list_per_page = 100
    fields = (
        "object_link",
        "field",
        "language",
        "source_language",
        "status_badge",
        "provider",
        "attempts",
        "error",
        "verified_by",
        "source_hash",
        "created_at",
        "updated_at",
        "translated_at",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The most urgent first (TranslationRecord.priority, and the index of this order).
        return (
            super().get_queryset(request).order_by("priority", "-updated_at", "-id").prefetch_related("content_object")
        )

    @admin.display(description=_("object"))
    def object_link(self, record: TranslationRecord) -> str:
        label = _object_label(record.content_object, record.content_type, record.object_id)
        return _admin_link(record.content_type, record.object_id, label)

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, record: TranslationRecord) -> str:
        return format_html(
            '<span class="state-badge translation-status-{}">{}</span>',
            record.status,
            record.get_status_display(),
        )

    @admin.display(description=_("error"))
    def short_error(self, record: TranslationRecord) -> str:
        return Truncator(record.error).chars(80)

    def get_paginator(self, request: HttpRequest, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return QueueCountPaginator(queryset, per_page, orphans, allow_empty_first_page, version=_queue_version(request))

    def changelist_view(self, request: HttpRequest, extra_context=None):
        extra_context = {**(extra_context or {}), "coverage": translation_coverage(version=_queue_version(request))}
        return super().changelist_view(request, extra_context=extra_context)

    # The queue is read-only, yet staff re-run from it: Django only offers actions to those who may change.
    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        if not request.user.has_perm("translation.change_translationrecord"):
            actions.pop("rerun_selected", None)
        return actions

    @admin.action(description=_("Re-run translation"))
    def rerun_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = translation_rerun(record_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d translation sent back to the engines (verified ones are left alone).",
                "%(count)d translations sent back to the engines (verified ones are left alone).",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


# --- source-language mismatches -----------------------------------------------------------------------------------


class Resolution(TextChoices):
    OPEN = "no", _("Open")
    RESOLVED = "yes", _("Resolved")


class ResolvedFilter(DefaultQueueFilter):
    """Opens on the open mismatches; staff may look back at resolved ones."""

    title = _("resolved")
    parameter_name = "resolved"
    field = "resolved"
    default = Resolution.OPEN
    options = Resolution

    def filter(self, queryset, value):
        return queryset.filter(resolved=value == Resolution.RESOLVED)


@admin.register(LanguageFlag)
class LanguageFlagAdmin(admin.ModelAdmin):
    """Listings and institutions whose text the detector reads as another language than the one declared."""

    list_display = (
        "object_link",
        "declared_language",
        "detected_language",
        "confidence_percent",
        "resolved",
        "created_at",
    )
    list_display_links = None
    list_filter = (ResolvedFilter, "declared_language", ("content_type", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("content_type",)
    show_facets = admin.ShowFacets.NEVER
    ordering = ("-created_at", "-id")
    actions = ("mark_resolved",)
    fields = ("object_link", "declared_language", "detected_language", "confidence_percent", "resolved", "created_at")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("content_object")

    @admin.display(description=_("object"))
    def object_link(self, flag: LanguageFlag) -> str:
        label = _object_label(flag.content_object, flag.content_type, flag.object_id)
        return _admin_link(flag.content_type, flag.object_id, label)

    @admin.display(description=_("confidence"), ordering="confidence")
    def confidence_percent(self, flag: LanguageFlag) -> str:
        return f"{flag.confidence:.0%}"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Mark resolved (keep the declared language)"), permissions=["change"])
    def mark_resolved(self, request: HttpRequest, queryset: QuerySet) -> None:
        # A plain flag, the same write as ticking "resolved"; the language check leaves a resolved mismatch alone.
        count = queryset.filter(resolved=False).update(resolved=True)
        self.message_user(request, gettext("%(count)d mismatch(es) marked resolved.") % {"count": count})


# --- staff edits of language versions on a listing's or institution's change page ---------------------------------
