from django.contrib import admin

from alerts.models import SavedSearch


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    """Read-only for staff: who follows what (the member manages their own searches)."""

    list_display = ("name", "user", "created_at", "last_run_at")
    search_fields = ("name", "user__email")
    readonly_fields = ("user", "name", "params", "created_at", "last_run_at")

    def has_add_permission(self, request) -> bool:
        return False
