"""Pieces the apps' admin modules share."""

from __future__ import annotations

from django.contrib import admin
from django.utils.text import capfirst


class ReadOnlyAdminMixin:
    """For records staff read but never add, edit or delete in the admin (audit trails, fixed rows, logs): on a
    ModelAdmin or an inline (``obj`` is passed to inlines' add check, not to a ModelAdmin's)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs carry their field's name as aria-label: the table's column headings are no
    <label>, so without it a screen reader announces a bare checkbox or box on every row."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget.attrs.setdefault("aria-label", capfirst(db_field.verbose_name))
        return formfield
