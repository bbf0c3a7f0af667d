"""The moderation queue shared by every listing type: its filters, the moderation panel and actions, the audit-trail
and attachment inlines; ``achievements/admin.py`` and ``demands/admin.py`` register the concrete admins."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationAdmin

from marketplace.admin.pagination import OnePassPaginationMixin
from marketplace.admin.text_search import SourceLanguageSearchMixin
from marketplace.admin.texts import TextEditsAdminMixin, TranslatedFieldsetsMixin
from marketplace.admin_base import (
    DefaultQueueFilter,
    LabelledTabularInline,
    PlainActionCheckboxMixin,
    ReadOnlyAdminMixin,
    ask,
    country_column,
)
from marketplace.errors import MarketplaceError
from marketplace.models import Listing, ModerationAction, ModerationEvent, ModerationState, TransferMode
from marketplace.reads import cached
from marketplace.services import listing_moderate, listings_bulk_moderate

# Read-only on the change page: the state moves only through the moderation panel and actions.
MODERATION_FIELDS = ("state_badge", "submitted_at", "published_at", "created_at", "updated_at")


class ListingCountryFilter(CountryFilter):
    """The countries listings have, read once per listings version: a DISTINCT over every listing on each page view
    of the queue was a full scan (marketplace.reads)."""

    def lookup_choices(self, changelist):
        model, path = changelist.model, self.field_path
        codes = set(
            cached(
                "admin-countries",
                lambda: sorted(model._default_manager.order_by().values_list(path, flat=True).distinct()),
                model._meta.label,
                path,
            )
        )
        for code, name in self.field.get_choices(include_blank=False):
            if code in codes:
                yield code, name


class ModerationStatusFilter(DefaultQueueFilter):
    """Opens on the review queue: without a parameter only submitted listings; "All" lifts the filter."""

    title = _("status")
    parameter_name = "state"
    field = "state"
    default = ModerationState.SUBMITTED
    options = ModerationState


class ModerationEventInline(ReadOnlyAdminMixin, GenericTabularInline):
    """The audit trail of one listing, newest first; nobody edits history."""

    model = ModerationEvent
    ct_field = "content_type"
    ct_fk_field = "object_id"
    fields = ("created_at", "actor", "action", "transition", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("moderation event")
    verbose_name_plural = _("moderation history")

    @admin.display(description=_("from → to"))
    def transition(self, obj: ModerationEvent) -> str:
        return f"{obj.get_from_state_display()} → {obj.get_to_state_display()}"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class AttachmentInline(LabelledTabularInline):
    """Files of a listing as the author uploaded them; staff download them to review, nobody adds or swaps files."""

    fields = ("download", "content_type", "file_size", "uploaded_by", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("file name"))
    def download(self, obj) -> str:
        parent = self.parent_model._meta
        url = reverse(
            f"admin:{parent.app_label}_{parent.model_name}_attachment",
            args=[getattr(obj, f"{parent.model_name}_id"), obj.pk],
        )
        return format_html('<a href="{}">{}</a>', url, obj.original_name)

    @admin.display(description=_("size"), ordering="size")
    def file_size(self, obj) -> str:
        return filesizeformat(obj.size)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, ModerationAction(a).label) for a in ("approve", "request_changes", "reject")],
        error_messages={"invalid_choice": _("Unknown moderation action."), "required": _("Choose a decision.")},
    )
    reason = forms.CharField(required=False, max_length=5000)


MODERATED = {
    ModerationAction.APPROVE: _("Approved and published “%(title)s”; the author was notified."),
    ModerationAction.REQUEST_CHANGES: _("Changes requested for “%(title)s”; the author received your reason."),
    ModerationAction.REJECT: _("Rejected “%(title)s”; the author received your reason."),
}
BULK_MODERATED = {
    ModerationAction.APPROVE: _("%(done)d approved, %(skipped)d skipped (not submitted)."),
    ModerationAction.REQUEST_CHANGES: _("%(done)d sent back for changes, %(skipped)d skipped (not submitted)."),
    ModerationAction.REJECT: _("%(done)d rejected, %(skipped)d skipped (not submitted)."),
}


class ListingAdmin(
    PlainActionCheckboxMixin,
    OnePassPaginationMixin,
    TextEditsAdminMixin,
    SourceLanguageSearchMixin,
    TranslatedFieldsetsMixin,
    TranslationAdmin,
):
    """A moderation queue: opens on submitted listings; staff decide through services, never by editing ``state``."""

    change_form_template = "admin/marketplace/listing_change_form.html"
    list_display = (
        "title_column",
        "owner",
        "institution",
        "field",
        country_column,
        "state_badge",
        "submitted_at",
        "published_at",
    )
    list_display_links = ("title_column",)
    list_select_related = ("owner", "institution", "field")
    list_filter = (ModerationStatusFilter, "field", ("country", ListingCountryFilter))
    # Counting every choice of every filter over 100,000 rows is not worth it on a queue.
    show_facets = admin.ShowFacets.NEVER
    search_fields = ("title_en", "owner__email", "owner__display_name", "institution__name_en")
    source_search_fields = ("title",)
    # At 150,000 listings a date drill-down scanned the table twice per page (MIN/MAX, then DISTINCT dates), and the
    # "N of M" total counted every row once more: the queue shows its filtered count only.
    show_full_result_count = False
    raw_id_fields = ("owner", "institution")
    readonly_fields = MODERATION_FIELDS
    actions = ("approve_selected", "request_changes_selected", "reject_selected")
    list_per_page = 50
    # Long text columns (every language) that the queue never shows.
    changelist_defer: tuple[str, ...] = ()

    @admin.display(description=_("title"))
    def title_column(self, obj: Listing) -> str:
        return str(obj)

    @admin.display(description=_("status"), ordering="state")
    def state_badge(self, obj: Listing) -> str:
        return format_html('<span class="state-badge state-{}">{}</span>', obj.state, obj.get_state_display())

    def get_queryset(self, request: HttpRequest):
        qs = super().get_queryset(request)
        match = request.resolver_match
        if match is not None and match.url_name == f"{self.opts.app_label}_{self.opts.model_name}_changelist":
            qs = qs.defer(*self.changelist_defer)
        return qs

    def get_ordering(self, request: HttpRequest):
        state = ModerationStatusFilter.normalize(request.GET.get(ModerationStatusFilter.parameter_name))
        if state == ModerationState.SUBMITTED:
            return ("submitted_at", "id")  # a queue: the longest waiting first
        return (F("submitted_at").desc(nulls_last=True), "-id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # listings are written by their authors, through the site or the API

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is TransferMode:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # --- URLs of the moderation panel and of attachment downloads ---

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/moderate/",
                self.admin_site.admin_view(self.moderate_view),
                name="{}_{}_moderate".format(*info),
            ),
            path(
                "<path:object_id>/attachments/<int:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name="{}_{}_attachment".format(*info),
            ),
            *super().get_urls(),
        ]

    def _change_url(self, obj: Listing) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )

    def moderate_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The panel on the change page: one decision, one service call, back to the page with a message."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(obj))
        form = ModerationForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
            return HttpResponseRedirect(self._change_url(obj))
        action = form.cleaned_data["action"]
        try:
            listing_moderate(listing=obj, actor=request.user, action=action, reason=form.cleaned_data["reason"])
        except MarketplaceError as exc:
            self.message_user(request, str(exc.message), messages.ERROR)
        else:
            self.message_user(request, MODERATED[action] % {"title": obj}, messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(obj))

    def attachment_view(self, request: HttpRequest, object_id: str, attachment_id: int) -> HttpResponse:
        """Staff download an attachment to review it (uploads are never served from a public URL)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        attachment = obj.attachments.filter(pk=attachment_id).first()
        if attachment is None:
            raise Http404
        try:
            handle = attachment.file.open("rb")
        except OSError as exc:
            raise Http404 from exc
        return FileResponse(
            handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and self.has_change_permission(request, obj):
            context["moderation"] = {
                "url": reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_moderate",
                    args=[obj.pk],
                    current_app=self.admin_site.name,
                ),
                "can_decide": obj.state == ModerationState.SUBMITTED,
            }
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    # --- bulk actions: each is one service call ---

    def _bulk_message(self, request: HttpRequest, action: str, done: int, skipped: int) -> None:
        level = messages.SUCCESS if not skipped else messages.WARNING
        self.message_user(request, BULK_MODERATED[action] % {"done": done, "skipped": skipped}, level)

    @admin.action(description=_("Approve selected"), permissions=["change"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        done, skipped = listings_bulk_moderate(listings=queryset, actor=request.user, action=ModerationAction.APPROVE)
        self._bulk_message(request, ModerationAction.APPROVE, done, skipped)

    @admin.action(description=_("Request changes…"), permissions=["change"])
    def request_changes_selected(self, request: HttpRequest, queryset: QuerySet):
        return self._bulk_with_reason(
            request, queryset, ModerationAction.REQUEST_CHANGES, "request_changes_selected", _("Request changes")
        )

    @admin.action(description=_("Reject…"), permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet):
        return self._bulk_with_reason(request, queryset, ModerationAction.REJECT, "reject_selected", _("Reject"))

    def _bulk_with_reason(self, request: HttpRequest, queryset: QuerySet, action: str, action_name: str, title):
        """First call: a page asking for the reason. Second call (``confirm`` posted): the decision."""
        count = len(queryset)
        intro = ngettext(
            "This decision applies to the selected %(name)s if it is submitted; otherwise it is skipped.",
            "This decision applies to the %(counter)s selected %(name_plural)s; those not submitted are skipped.",
            count,
        ) % {"counter": count, "name": self.opts.verbose_name, "name_plural": self.opts.verbose_name_plural}
        form_kwargs = {
            "label": _("Reason for the authors"),
            "help_text": _("Sent by e-mail to every author and shown on their “My listings” page."),
            "required": _("Give the authors a reason, so they know what to change."),
        }
        form, page = ask(self, request, queryset, action=action_name, title=title, intro=intro, form_kwargs=form_kwargs)
        if page is not None:
            return page
        try:
            done, skipped = listings_bulk_moderate(
                listings=queryset, actor=request.user, action=action, reason=form.cleaned_data["reason"]
            )
        except MarketplaceError as exc:
            self.message_user(request, str(exc.message), messages.ERROR)
        else:
            self._bulk_message(request, action, done, skipped)
        return None
