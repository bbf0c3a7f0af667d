"""Projects in the staff's workplace: the moderation queue (shared listing admin), bundle, consortium, milestones,
investors' interest and investment profiles."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplace.admin import MODERATION_FIELDS, SOURCE_TEXTS, ListingAdmin, ModerationEventInline
from marketplace.admin_base import ReadOnlyAdminMixin
from projects.models import InterestExpression, InvestorProfile, Milestone, Project, ProjectAchievement, ProjectMember


class BundleInline(admin.TabularInline):
    """Confirmations are the owners' to give: staff see them, and may take an achievement out."""

    model = ProjectAchievement
    fields = ("achievement", "added_by", "confirmed_at", "confirmed_by", "withdrawn_at")
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class MemberInline(admin.TabularInline):
    model = ProjectMember
    fields = ("institution", "role", "added_by", "confirmed_at", "confirmed_by")
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = ("due_date", "deliverable", "budget")
    extra = 0


class InterestInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = InterestExpression
    fields = ("investor", "user", "message", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Project)
class ProjectAdmin(ListingAdmin):
    changelist_defer = ("summary", "description", "use_of_funds")
    inlines = (BundleInline, MemberInline, MilestoneInline, InterestInline, ModerationEventInline)
    base_fieldsets = [
        (None, {"fields": ("owner", "institution", "field", "other_fields", "country", "source_language")}),
        (_("Status and dates"), {"fields": MODERATION_FIELDS}),
        (SOURCE_TEXTS, {"fields": ("title", "summary", "description", "use_of_funds")}),
        (
            _("Project"),
            {
                "fields": (
                    "stage",
                    "target_countries",
                    "sought",
                    "funding_sought",
                    "funding_committed",
                    "funding_currency",
                    "demands",
                )
            },
        ),
    ]
    raw_id_fields = (*ListingAdmin.raw_id_fields, "demands")


@admin.register(InvestorProfile)
class InvestorProfileAdmin(admin.ModelAdmin):
    list_display = ("institution", "currency", "ticket_min", "ticket_max")
    list_select_related = ("institution",)
    raw_id_fields = ("institution",)
    search_fields = ("institution__name_en",)


@admin.register(InterestExpression)
class InterestExpressionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "investor", "project", "user")
    list_select_related = ("investor", "project", "user")
    search_fields = ("investor__name_en", "project__title_en")
    fields = ("project", "investor", "user", "message", "created_at")
    readonly_fields = fields
