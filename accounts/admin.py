"""Users in the staff's workplace: e-mail login, no username."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from marketplace.admin_base import LabelledTabularInline, country_column
from marketplace.models import Membership


class _UniqueEmailMixin:
    """E-mail addresses are stored lower-case and unique regardless of case (as the sign-up flow stores them)."""

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        others = User.objects.filter(email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("A user with this e-mail address already exists."), code="unique")
        return email


class UserCreationAdminForm(_UniqueEmailMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name", "role", "country", "preferred_language")


class UserChangeAdminForm(_UniqueEmailMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class UserMembershipInline(LabelledTabularInline):
    model = Membership
    fk_name = "user"
    fields = ("institution", "role", "status", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("institution",)
    extra = 0
    verbose_name_plural = _("institutions")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("institution")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    list_display = ("email", "display_name", "role", country_column, "is_staff", "is_active", "date_joined")
    list_filter = ("role", "is_staff", "is_superuser", "is_active", "preferred_language", "groups")
    search_fields = ("email", "display_name")
    ordering = ("email",)
    date_hierarchy = "date_joined"
    readonly_fields = ("last_login", "date_joined", "terms_version", "terms_accepted_at")
    inlines = (UserMembershipInline,)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "role", "country", "preferred_language")}),
        (
            _("Permissions"),
            {
                "fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
                "description": _("Staff status opens the admin; what staff may do there comes from groups."),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined", "terms_version", "terms_accepted_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "display_name",
                    "role",
                    "country",
                    "preferred_language",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def get_inlines(self, request, obj=None):
        return self.inlines if obj is not None else ()
