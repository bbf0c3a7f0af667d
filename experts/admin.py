"""Experts and courses in the staff's workplace: verification (the badge), assignments, courses and certificates."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from experts.models import Certificate, Course, CourseModule, Enrolment, Expert, ExpertAssignment
from experts.services import certificate_revoke, expert_verify
from marketplace.admin_base import ReadOnlyAdminMixin, ask
from marketplace.errors import MarketplaceError


class AssignmentInline(admin.TabularInline):
    model = ExpertAssignment
    # A demand alone, a match (the demand and the matched achievement) or a deal.
    fields = ("demand", "achievement", "deal", "note", "assigned_by", "created_at")
    readonly_fields = ("assigned_by", "created_at")
    raw_id_fields = ("demand", "achievement", "deal")
    extra = 0


@admin.register(Expert)
class ExpertAdmin(TranslationAdmin):
    list_display = ("__str__", "institution", "availability", "is_verified", "is_public")
    list_select_related = ("user", "institution")
    list_filter = ("is_verified", "availability", "is_public")
    search_fields = ("user__display_name", "user__email", "headline_en")
    raw_id_fields = ("user", "institution")
    readonly_fields = ("is_verified", "verified_at", "verified_by")
    filter_horizontal = ("fields",)
    inlines = (AssignmentInline,)
    actions = ("verify_selected", "unverify_selected")

    def save_formset(self, request, form, formset, change):
        # An assignment records who made it: staff assign through this inline.
        for item in formset.save(commit=False):
            if isinstance(item, ExpertAssignment) and item.assigned_by_id is None:
                item.assigned_by = request.user
            item.save()
        for item in formset.deleted_objects:
            item.delete()

    @admin.action(description=_("Verify the selected experts (badge)"), permissions=["change"])
    def verify_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        for expert in queryset:
            expert_verify(expert=expert, actor=request.user, verified=True)
        self.message_user(request, _("Verified."), messages.SUCCESS)

    @admin.action(description=_("Withdraw the badge"), permissions=["change"])
    def unverify_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        for expert in queryset:
            expert_verify(expert=expert, actor=request.user, verified=False)
        self.message_user(request, _("Badge withdrawn."), messages.SUCCESS)


class ModuleInline(admin.TabularInline):
    model = CourseModule
    extra = 0


@admin.register(Course)
class CourseAdmin(TranslationAdmin):
    list_display = ("__str__", "organiser", "format", "language", "starts_on", "capacity", "is_published")
    list_select_related = ("organiser",)
    list_filter = ("is_published", "format", "language")
    raw_id_fields = ("organiser", "created_by")
    inlines = (ModuleInline,)


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "course", "status", "sessions_attended", "enrolled_at", "completed_at")
    list_select_related = ("user", "course")
    list_filter = ("status",)


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("code", "holder_name", "course_title", "issued_at", "revoked_at")
    search_fields = ("code", "holder_name")
    actions = ("revoke_selected",)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_staff  # the revoke action; the fields stay read-only

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Certificate._meta.fields]

    @admin.action(description=_("Revoke the selected certificates…"))
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet):
        form, page = ask(
            self,
            request,
            queryset,
            action="revoke_selected",
            title=_("Revoke certificates"),
            form_kwargs={
                "help_text": _("Shown on the public verification page of each certificate."),
                "max_length": Certificate._meta.get_field("revoked_reason").max_length,
            },
        )
        if page is not None:
            return page
        for certificate in queryset:
            try:
                certificate_revoke(certificate=certificate, actor=request.user, reason=form.cleaned_data["reason"])
            except MarketplaceError as exc:
                self.message_user(request, str(exc.message), messages.ERROR)
                return None
        self.message_user(request, _("Revoked."), messages.SUCCESS)
        return None
