"""The staff's side of the indicators: exchange rates (editable), snapshots (recompute now) and open-data files."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from indicators.models import CurrencyRate, IndicatorSnapshot, OpenDataFile
from indicators.services import indicators_refresh
from marketplace.admin_base import ReadOnlyAdminMixin


@admin.register(CurrencyRate)
class CurrencyRateAdmin(admin.ModelAdmin):
    list_display = ("currency", "valid_from", "rate", "source", "recorded_by", "created_at")
    list_filter = ("currency",)
    list_select_related = ("recorded_by",)
    date_hierarchy = "valid_from"
    fields = ("currency", "valid_from", "rate", "source")

    def save_model(self, request, obj, form, change) -> None:
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(IndicatorSnapshot)
class IndicatorSnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("indicator", "computed_at", "duration_ms", "points")
    actions = ["recompute"]

    def has_recompute_permission(self, request) -> bool:
        # The rows stay read-only; recomputing is allowed to whoever may change snapshots.
        return request.user.has_perm("indicators.change_indicatorsnapshot")

    @admin.action(description=_("Recompute the selected indicators now"), permissions=["recompute"])
    def recompute(self, request, queryset) -> None:
        results = indicators_refresh(names=list(queryset.values_list("indicator", flat=True)))
        self.message_user(request, _("Indicators recomputed: %(count)s.") % {"count": len(results)}, messages.SUCCESS)


@admin.register(OpenDataFile)
class OpenDataFileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "rows", "size", "generated_at", "sha256")
