"""The staff's matchmaking view: new published demands with their top achievements and the reasons."""

from __future__ import annotations

from django.contrib import admin
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from marketplace.admin_base import ReadOnlyAdminMixin
from marketplace.models import ModerationState
from matchmaking.models import DemandMatchmaking
from matchmaking.selectors import listing_matches

TOP = 3


@admin.register(DemandMatchmaking)
class DemandMatchmakingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "institution", "country", "published_at", "top_matches")
    list_select_related = ("institution", "field")
    list_filter = ("field",)
    search_fields = ("title",)
    ordering = ("-published_at",)
    list_per_page = 20

    def get_queryset(self, request):
        return super().get_queryset(request).filter(state=ModerationState.PUBLISHED)

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff

    @admin.display(description=_("Top matches"))
    def top_matches(self, demand: DemandMatchmaking) -> str:
        matches = listing_matches(listing=demand, lang=translation.get_language() or "en", limit=TOP)
        if not matches:
            return "—"
        return format_html(
            "<ol class='matchmaking-admin'>{}</ol>",
            format_html_join(
                "",
                "<li><a href='{}'>{}</a> ({}) <small>{}</small></li>",
                (
                    (match.url, match.title, f"{match.score:.2f}", "; ".join(r.detail for r in match.reasons))
                    for match in matches
                ),
            ),
        )
