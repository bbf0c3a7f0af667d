"""The staff's view of conversations: metadata only; message text only where a participant reported a message.

Staff never read a conversation's messages here unless a message was reported; mediation happens on the conversation
page (which opens to staff once a participant asks for it).
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from marketplace.admin_base import ReadOnlyAdminMixin
from negotiations.models import Block, Conversation, MessageReport, Participant
from negotiations.services import report_resolve


class ParticipantInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Participant
    fields = ("user", "side", "joined_at")
    readonly_fields = fields
    extra = 0


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "subject_type", "purpose", "state", "message_count", "reported_at", "last_message_at")
    list_filter = ("state", "subject_type", "purpose", "close_reason")
    list_select_related = ("requester",)
    search_fields = ("requester__email",)
    date_hierarchy = "created_at"
    fields = (
        "subject_type",
        "achievement",
        "demand",
        "project",
        "purpose",
        "requester",
        "state",
        "close_reason",
        "deal",
        "mediation_requested_at",
        "reported_at",
        "last_message_at",
        "created_at",
    )
    readonly_fields = fields
    inlines = [ParticipantInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(message_total=Count("messages"))

    @admin.display(description=_("messages"), ordering="message_total")
    def message_count(self, obj) -> int:
        return obj.message_total


@admin.register(MessageReport)
class MessageReportAdmin(admin.ModelAdmin):
    """The staff's queue of reported messages (open ones first): the reported text and the reporter's reason."""

    list_display = ("__str__", "reporter", "created_at", "resolved_at")
    list_filter = (("resolved_at", admin.EmptyFieldListFilter),)
    list_select_related = ("reporter", "message")
    fields = ("conversation_link", "reported_text", "reason", "reporter", "created_at", "resolved_at", "resolved_by")
    readonly_fields = fields
    ordering = ("resolved_at", "-created_at")
    actions = ["resolve"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("reported message"))
    def reported_text(self, obj) -> str:
        return obj.message.body

    @admin.display(description=_("conversation"))
    def conversation_link(self, obj):
        url = obj.message.conversation.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, obj.message.conversation)

    @admin.action(description=_("Mark as handled"))
    def resolve(self, request, queryset) -> None:
        for report in queryset:
            report_resolve(report=report, staff=request.user)


@admin.register(Block)
class BlockAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("blocker", "blocked", "created_at")
    list_select_related = ("blocker", "blocked")
    search_fields = ("blocker__email", "blocked__email")
