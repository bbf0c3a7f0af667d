"""Achievements in the staff's workplace: the moderation queue, the audit trail, attachments and NDA acceptances."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from achievements.models import Achievement, AchievementAttachment, NdaAcceptance
from marketplace.admin import (
    MODERATION_FIELDS,
    SOURCE_TEXTS,
    AttachmentInline,
    ListingAdmin,
    ModerationEventInline,
)
from marketplace.admin_base import ReadOnlyAdminMixin


class AchievementAttachmentInline(AttachmentInline):
    model = AchievementAttachment
    fields = (*AttachmentInline.fields, "is_confidential")
    # Only the confidentiality flag stays editable: staff may hide a file the author exposed by mistake.
    readonly_fields = AttachmentInline.fields


class NdaAcceptanceInline(admin.TabularInline):
    """Who accepted this achievement's NDA and when; a record, not something to edit."""

    model = NdaAcceptance
    fields = ("user", "accepted_at", "nda_hash")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("user")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Achievement)
class AchievementAdmin(ListingAdmin):
    search_fields = (*ListingAdmin.search_fields, "keywords_en", "patent_numbers")
    changelist_defer = ("summary", "description", "keywords", "confidential_dossier", "nda_text")
    inlines = (AchievementAttachmentInline, NdaAcceptanceInline, ModerationEventInline)
    base_fieldsets = [
        (None, {"fields": ("owner", "institution", "field", "country", "source_language")}),
        (_("Status and dates"), {"fields": MODERATION_FIELDS}),
        (SOURCE_TEXTS, {"fields": ("title", "summary", "description", "keywords")}),
        (_("Technology"), {"fields": ("trl", "ip_status", "patent_numbers", "transfer_modes")}),
        (_("Price"), {"fields": ("price_negotiable", "price_amount", "price_currency")}),
        (_("Contact"), {"fields": ("contact_name", "contact_email", "contact_phone")}),
        (_("Confidential dossier"), {"fields": ("confidential_dossier", "nda_text")}),
    ]


@admin.register(NdaAcceptance)
class NdaAcceptanceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every NDA acceptance, for audits; created only by readers accepting on the site."""

    list_display = ("accepted_at", "user", "achievement")
    list_select_related = ("user", "achievement")
    search_fields = ("user__email", "user__display_name", "achievement__title_en")
    date_hierarchy = "accepted_at"
    fields = ("achievement", "user", "accepted_at", "nda_hash", "nda_text")
    readonly_fields = fields
