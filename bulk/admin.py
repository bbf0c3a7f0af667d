"""Staff see every institution's imports (read-only): who uploaded what, how far the job came, what it reported."""

from __future__ import annotations

from django.contrib import admin

from bulk.models import ImportBatch
from marketplace.admin_base import ReadOnlyAdminMixin


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "original_name",
        "institution",
        "kind",
        "language",
        "status",
        "total_rows",
        "valid_rows",
        "created_count",
        "updated_count",
        "failed_count",
        "created_by",
        "created_at",
    )
    list_filter = ("status", "kind")
    list_select_related = ("institution", "created_by")
    raw_id_fields = ("institution", "created_by")
    search_fields = ("original_name", "institution__slug")
    date_hierarchy = "created_at"
    exclude = ("file",)
