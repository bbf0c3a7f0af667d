"""Read-only records: the moderation audit trail across all listings."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.admin_base import ReadOnlyAdminMixin
from marketplace.models import ModerationEvent


class ListingTypeFilter(admin.SimpleListFilter):
    """Achievements, demands (and later listing types): only the kinds that have an audit trail."""

    title = _("listing type")
    parameter_name = "type"

    def lookups(self, request, model_admin):
        ids = ModerationEvent.objects.order_by().values_list("content_type", flat=True).distinct()
        types = [ContentType.objects.get_for_id(pk) for pk in ids]
        return [(str(ct.pk), capfirst(ct.model_class()._meta.verbose_name_plural)) for ct in types if ct.model_class()]

    def queryset(self, request, queryset):
        return queryset.filter(content_type_id=self.value()) if self.value() else queryset


@admin.register(ModerationEvent)
class ModerationEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail across all listings, for reading only."""

    list_display = ("created_at", "listing_link", "actor", "action", "transition", "short_reason")
    list_filter = ("action", ListingTypeFilter)
    list_select_related = ("actor", "content_type")
    search_fields = ("reason", "actor__email", "actor__display_name")
    date_hierarchy = "created_at"
    fields = ("created_at", "listing_link", "actor", "action", "from_state", "to_state", "reason")
    readonly_fields = fields

    @admin.display(description=pgettext_lazy("moderation event", "listing"))
    def listing_link(self, obj: ModerationEvent) -> str:
        ct = obj.content_type
        url = reverse(f"admin:{ct.app_label}_{ct.model}_change", args=[obj.object_id])
        return format_html('<a href="{}">{} #{}</a>', url, ct.name, obj.object_id)

    @admin.display(description=_("from → to"))
    def transition(self, obj: ModerationEvent) -> str:
        return f"{obj.get_from_state_display()} → {obj.get_to_state_display()}"

    @admin.display(description=_("reason"))
    def short_reason(self, obj: ModerationEvent) -> str:
        return Truncator(obj.reason).chars(80)
