"""The member network: institutions, memberships and invitations."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationAdmin

from marketplace.admin.text_search import SourceLanguageSearchMixin
from marketplace.admin.texts import SOURCE_TEXTS, SourceLanguageForm, TextEditsAdminMixin, TranslatedFieldsetsMixin
from marketplace.admin_base import LabelledTabularInline, country_column
from marketplace.errors import MarketplaceError
from marketplace.models import Institution, Invitation, Membership
from marketplace.uploads import LOGO_TYPES, check_upload


class MembershipInline(LabelledTabularInline):
    model = Membership
    fields = ("user", "role", "status", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("user",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class InstitutionAdminForm(SourceLanguageForm):
    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            try:
                check_upload(logo, allowed=LOGO_TYPES, max_bytes=settings.LOGO_MAX_BYTES)
            except MarketplaceError as exc:
                raise forms.ValidationError(str(exc.message), code=exc.code) from exc
        return logo


@admin.register(Institution)
class InstitutionAdmin(TextEditsAdminMixin, SourceLanguageSearchMixin, TranslatedFieldsetsMixin, TranslationAdmin):
    form = InstitutionAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name_column", "kind", country_column, "is_official_tt", "is_verified")
    list_filter = ("kind", ("country", CountryFilter), "is_official_tt", "is_verified")
    search_fields = ("name_en", "slug", "city")
    source_search_fields = ("name",)
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = ("created_at", "updated_at")
    inlines = (MembershipInline,)
    actions = ("mark_verified",)
    base_fieldsets = [
        (SOURCE_TEXTS, {"fields": ("name", "description")}),
        (None, {"fields": ("slug", "source_language", "kind", "country", "city", "website", "logo")}),
        (_("Status in the network"), {"fields": ("is_official_tt", "is_verified", "created_at", "updated_at")}),
    ]

    @admin.display(description=_("name"), ordering="name_en")
    def name_column(self, obj: Institution) -> str:
        return str(obj)

    @admin.action(description=_("Mark selected institutions as verified"), permissions=["change"])
    def mark_verified(self, request: HttpRequest, queryset: QuerySet) -> None:
        # A plain flag, the same write as ticking the box on the form; no rule beyond staff permission.
        count = queryset.filter(is_verified=False).update(is_verified=True)
        self.message_user(request, gettext("%(count)d institution(s) marked verified.") % {"count": count})


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "institution", "role", "status", "created_at")
    list_filter = ("status", "role")
    list_select_related = ("user", "institution")
    search_fields = ("user__email", "user__display_name", "institution__name_en", "institution__slug")
    raw_id_fields = ("user", "institution")
    readonly_fields = ("created_at",)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent by institution admins from the site; staff read them and may revoke (delete) one."""

    list_display = ("email", "institution", "role", "invited_by", "created_at", "accepted_at")
    list_filter = ("role", ("accepted_at", admin.EmptyFieldListFilter))
    list_select_related = ("institution", "invited_by")
    search_fields = ("email", "institution__name_en")
    fields = ("institution", "email", "role", "token", "invited_by", "created_at", "accepted_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
