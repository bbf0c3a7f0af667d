"""Technical demands in the staff's workplace: the moderation queue, the audit trail and attachments."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from demands.models import Demand, DemandAttachment
from marketplace.admin import (
    MODERATION_FIELDS,
    SOURCE_TEXTS,
    AttachmentInline,
    ListingAdmin,
    ModerationEventInline,
)


class DemandAttachmentInline(AttachmentInline):
    model = DemandAttachment

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Demand)
class DemandAdmin(ListingAdmin):
    list_display = (*ListingAdmin.list_display, "expires_at")
    changelist_defer = ("description",)
    inlines = (DemandAttachmentInline, ModerationEventInline)
    base_fieldsets = [
        (None, {"fields": ("owner", "institution", "field", "country", "source_language")}),
        (_("Status and dates"), {"fields": (*MODERATION_FIELDS, "expires_at")}),
        (SOURCE_TEXTS, {"fields": ("title", "description")}),
        (
            _("Budget and timing"),
            {"fields": ("budget_min", "budget_max", "budget_currency", "deadline", "cooperation_modes")},
        ),
        (_("The partner looked for"), {"fields": ("trl_min", "trl_max", "preferred_countries")}),
    ]
