"""What the trading admin pages share: badges, links, money columns, the staff-actions panel, read-only inlines."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminSplitDateTime, ForeignKeyRawIdWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from marketplace.admin_base import (
    ReadOnlyAdminMixin,
    ReasonForm,
    refusal_text,
)
from marketplace.admin_base import ask as ask_page
from marketplace.models import Currency, ModerationState
from marketplace.money import format_money
from trading.errors import TradingError
from trading.models import (
    AuctionPhase,
    Bid,
    DealStatus,
)

RECENT_BIDS = 10

# Badge colours of admin.css (written for moderation states), reused for auction phases and deal statuses.
PHASE_BADGES = {
    AuctionPhase.PROPOSED: "submitted",
    AuctionPhase.UPCOMING: "submitted",
    AuctionPhase.LIVE: "published",
    AuctionPhase.CLOSING: "changes_requested",
    AuctionPhase.CLOSED: "archived",
    AuctionPhase.CANCELLED: "rejected",
}
DEAL_BADGES = {
    DealStatus.PENDING_SIGNATURE: "changes_requested",
    DealStatus.SIGNED: "submitted",
    DealStatus.COMPLETED: "published",
    DealStatus.CANCELLED: "rejected",
}


def badge(css: str, label) -> str:
    return format_html('<span class="state-badge state-{}">{}</span>', css, label)


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def link(obj) -> str:
    return format_html('<a href="{}">{}</a>', change_url(obj), obj) if obj is not None else "—"


def money_column(name: str, description) -> Callable:
    """A read-only column showing the amount field ``name`` in the row's currency."""

    @admin.display(description=description)
    def show(self, obj) -> str:
        return format_money(getattr(obj, name), obj.currency) or "—"

    return show


class UsedCurrencyFilter(admin.SimpleListFilter):
    """The currencies the rows use (not all the marketplace's)."""

    title = _("currency")
    parameter_name = "currency"

    def lookups(self, request, model_admin):
        used = model_admin.get_queryset(request).order_by("currency").values_list("currency", flat=True).distinct()
        return [(code, Currency(code).label if code in Currency.values else code) for code in used]

    def queryset(self, request, queryset):
        return queryset.filter(currency=self.value()) if self.value() else queryset


def when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


def bid_amount(bid: Bid) -> str:
    # A sealed amount is stored encrypted until the close reveals it; staff never see it earlier.
    if bid.amount is None:
        return gettext("Sealed until the close")
    return format_money(bid.amount, bid.auction.currency)


class PublishedAchievementWidget(ForeignKeyRawIdWidget):
    """The look-up pop-up opens on published achievements (the achievement queue itself opens on submitted ones)."""

    def url_parameters(self):
        return {**super().url_parameters(), "state": ModerationState.PUBLISHED}


class ExtendForm(ReasonForm):
    ends_at = forms.SplitDateTimeField(
        label=_("New end"),
        widget=AdminSplitDateTime,
        help_text=_("Later than the current end. Bidders' pages show the new end at once."),
    )
    field_order = ("ends_at", "reason")


class StaffActionsMixin:
    """Change pages are read-only views; a "Staff actions" panel posts to ``<id>/act/<action>/``, which runs the
    changelist action of that name on this one object (so both ways share one code path and one service call).

    ``object_actions`` maps an action's name to a test of whether its button is shown for an object: a hint for
    staff, the service still decides.
    """

    change_form_template = "admin/trading/change_form.html"
    object_actions: dict[str, Callable[[object], bool]] = {}

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Model-level "change" lets staff run actions; no object is ever edited through a form.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def may_act(self, request: HttpRequest) -> bool:
        return self.has_change_permission(request)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/act/<str:action>/",
                self.admin_site.admin_view(self.object_action_view),
                name="{}_{}_act".format(*info),
            ),
            *super().get_urls(),
        ]

    def object_action_view(self, request: HttpRequest, object_id: str, action: str) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if action not in self.object_actions or not self.may_act(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseRedirect(change_url(obj))
        response = getattr(self, action)(request, self.get_queryset(request).filter(pk=obj.pk))
        return response or HttpResponseRedirect(change_url(obj))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and self.may_act(request):
            info = self.opts.app_label, self.opts.model_name
            context["staff_actions"] = [
                {
                    "name": name,
                    "label": getattr(self, name).short_description,
                    "url": reverse("admin:{}_{}_act".format(*info), args=[obj.pk, name]),
                }
                for name, shown in self.object_actions.items()
                if shown(obj)
            ]
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def run_each(
        self, request: HttpRequest, queryset: QuerySet, call: Callable[[object], object], done: Callable[[int], str]
    ) -> None:
        """One service call per selected object; a refusal is reported for that object, the others still run."""
        count = 0
        for obj in queryset:
            try:
                call(obj)
            except (TradingError, ValidationError) as exc:
                message = gettext("%(object)s: %(error)s") % {"object": obj, "error": refusal_text(exc)}
                self.message_user(request, message, messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done(count), messages.SUCCESS)

    def ask(self, request: HttpRequest, queryset: QuerySet, **kwargs) -> tuple[forms.Form, TemplateResponse | None]:
        """``marketplace.admin_base.ask``, where "back" from an action run on one object's page returns there."""
        single = request.resolver_match is not None and request.resolver_match.url_name.endswith("_act")
        back = change_url(queryset.first()) if single else None
        return ask_page(self, request, queryset, back_url=back, **kwargs)

    def run_each_with_reason(
        self,
        request: HttpRequest,
        queryset: QuerySet,
        *,
        action: str,
        title,
        intro,
        call: Callable[[object, str], object],
        done: Callable[[int], str],
    ) -> TemplateResponse | None:
        """An action that needs a reason: the page asking for it (``ask``), then ``call(obj, reason)`` for each
        selected object (``run_each``)."""
        form, page = self.ask(request, queryset, action=action, title=title, intro=intro)
        if page is None:
            reason = form.cleaned_data["reason"]
            self.run_each(request, queryset, lambda obj: call(obj, reason), done)
        return page


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    """A record shown on its parent's page; nobody adds, edits or removes rows."""

    extra = 0
    can_delete = False
