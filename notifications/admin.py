from __future__ import annotations

from django.contrib import admin

from marketplace.admin_base import ReadOnlyAdminMixin
from notifications.models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Metadata only: what was sent to whom and when (its text is built from the context at read time)."""

    list_display = ("kind", "recipient", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    list_select_related = ("recipient",)
    search_fields = ("recipient__email", "kind")
    date_hierarchy = "created_at"
    exclude = ("context",)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "channel")
    list_filter = ("kind", "channel")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    search_fields = ("user__email",)
