"""The taxonomy: technology fields and the fixed transfer modes."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from marketplace.admin.texts import SOURCE_TEXTS, TranslatedFieldsetsMixin
from marketplace.admin_base import ReadOnlyAdminMixin
from marketplace.models import TechnologyField, TransferMode


@admin.register(TechnologyField)
class TechnologyFieldAdmin(TranslatedFieldsetsMixin, TranslationAdmin):
    list_display = ("name_column", "slug", "icon", "position")
    list_editable = ("position",)
    search_fields = ("name_en", "slug")
    ordering = ("position", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    base_fieldsets = [(SOURCE_TEXTS, {"fields": ("name",)}), (None, {"fields": ("slug", "icon", "position")})]

    @admin.display(description=_("name"), ordering="name_en")
    def name_column(self, obj: TechnologyField) -> str:
        return str(obj)


@admin.register(TransferMode)
class TransferModeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Fixed rows (a data migration); their labels come from the code's translation catalogue."""

    list_display = ("code", "label")
    fields = ("code", "label")
    readonly_fields = fields
