"""Pieces the apps' admin modules share."""

from __future__ import annotations


class ReadOnlyAdminMixin:
    """For records staff read but never add, edit or delete in the admin (audit trails, fixed rows, logs): on a
    ModelAdmin or an inline (``obj`` is passed to inlines' add check, not to a ModelAdmin's)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
