"""Competitive trading in the staff's workplace: auctions, their bidders and bid log, the audit trail and deals.

Staff never edit prices, bids or the log here. An auction is created through ``services.auction_create`` and a deal
recorded through ``services.deal_record``; every later change is an action that calls one service (approve, cancel,
extend, deposit decisions, deal status) and leaves an audit entry. Change pages are read-only views whose "Staff
actions" panel runs the same actions on that one object. Sealed amounts are never unsealed here: before the close a
sealed bid shows its commitment only, to staff as to everyone. Nothing is deletable (the records are the audit).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.widgets import AdminSplitDateTime, ForeignKeyRawIdWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from brics_ttc.languages import LANGUAGE_CODES
from marketplace.admin_base import ReadOnlyAdminMixin
from marketplace.i18n import column
from marketplace.models import Currency, ModerationState
from marketplace.money import format_money
from trading import services
from trading.amounts import amount_form_field
from trading.errors import TradingError
from trading.models import (
    Auction,
    AuctionEvent,
    AuctionKind,
    AuctionPhase,
    AuctionState,
    Bid,
    Deal,
    DealEvent,
    DealSource,
    DealStatus,
    DepositStatus,
    Participant,
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


def _badge(css: str, label) -> str:
    return format_html('<span class="state-badge state-{}">{}</span>', css, label)


def _change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _link(obj) -> str:
    return format_html('<a href="{}">{}</a>', _change_url(obj), obj) if obj is not None else "—"


def _money(name: str, description) -> Callable:
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


def _refusal_text(error: TradingError | ValidationError) -> str:
    if isinstance(error, TradingError):
        return str(error.message)
    return " ".join(str(message) for message in error.messages)


# --- add forms whose save is a service call ------------------------------------------------------------------------


class _Refused(Exception):
    """A service refused what an add form asked; the add view shows the form again with the service's answer."""

    def __init__(self, error: TradingError | ValidationError) -> None:
        super().__init__(_refusal_text(error))
        self.error = error


class ServiceForm(forms.ModelForm):
    """An add form whose instance is written by a service; ``refusal`` is that service's answer on a second pass."""

    refusal: TradingError | ValidationError | None = None

    def clean(self):
        cleaned = super().clean()
        error = self.refusal
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        elif error is not None:
            self.add_error(None, _refusal_text(error))
        return cleaned


class ServiceAddMixin:
    """``save_model`` calls a service; when the service refuses, the attempt is rolled back and the same POST is
    validated again with the refusal attached, so staff see the form with the service's message (never a 500)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Refused as refused:
            request.trading_refusal = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = forms.ModelForm  # the change page is a read-only view: none of the add form's fields
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "trading_refusal", None)
        if obj is None and refusal is not None:
            form = type(form.__name__, (form,), {"refusal": refusal})
        return form

    @staticmethod
    def adopt(obj, created) -> None:
        """Make the add view's unsaved object the row the service created (the view logs it and links to it)."""
        for field in type(created)._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False
        obj._state.db = created._state.db


class PublishedAchievementWidget(ForeignKeyRawIdWidget):
    """The look-up pop-up opens on published achievements (the achievement queue itself opens on submitted ones)."""

    def url_parameters(self):
        return {**super().url_parameters(), "state": ModerationState.PUBLISHED}


# --- actions that ask for a reason, and the same actions on one object -------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Kept in the audit trail with your name and the time."),
        error_messages={"required": _("Give a reason: it is kept in the audit trail.")},
    )


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
            return HttpResponseRedirect(_change_url(obj))
        response = getattr(self, action)(request, self.get_queryset(request).filter(pk=obj.pk))
        return response or HttpResponseRedirect(_change_url(obj))

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
                message = gettext("%(object)s: %(error)s") % {"object": obj, "error": _refusal_text(exc)}
                self.message_user(request, message, messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done(count), messages.SUCCESS)

    def ask(
        self, request: HttpRequest, queryset: QuerySet, *, form_class: type[forms.Form], action: str, title, intro
    ) -> tuple[forms.Form, TemplateResponse | None]:
        """The intermediate page of an action: returns the bound, valid form on the confirming POST, else the page."""
        form = form_class(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            return form, None
        request.current_app = self.admin_site.name
        single = request.resolver_match is not None and request.resolver_match.url_name.endswith("_act")
        info = self.opts.app_label, self.opts.model_name
        back = _change_url(queryset.first()) if single else reverse("admin:{}_{}_changelist".format(*info))
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "intro": intro,
            "opts": self.opts,
            "form": form,
            "objects": queryset,
            "action_name": action,
            "action_label": title,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "back_url": back,
            "media": self.media + form.media,
        }
        return form, TemplateResponse(request, "admin/trading/action_form.html", context)


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    """A record shown on its parent's page; nobody adds, edits or removes rows."""

    extra = 0
    can_delete = False


# --- auctions --------------------------------------------------------------------------------------------------


class PhaseFilter(admin.SimpleListFilter):
    """The phase a reader sees, from the state and the server's clock (as ``Auction.phase``)."""

    title = _("phase")
    parameter_name = "phase"

    def lookups(self, request, model_admin):
        return AuctionPhase.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        scheduled = Q(state=AuctionState.SCHEDULED)
        conditions = {
            AuctionPhase.PROPOSED: Q(state=AuctionState.PROPOSED),
            AuctionPhase.UPCOMING: scheduled & Q(starts_at__gt=now),
            AuctionPhase.LIVE: scheduled & Q(starts_at__lte=now, ends_at__gt=now),
            AuctionPhase.CLOSING: scheduled & Q(ends_at__lte=now),
            AuctionPhase.CLOSED: Q(state=AuctionState.CLOSED),
            AuctionPhase.CANCELLED: Q(state=AuctionState.CANCELLED),
        }
        condition = conditions.get(self.value())
        return queryset if condition is None else queryset.filter(condition)


LADDER_LINE = re.compile(r"^\s*([^\s:;=]+)\s*[\s:;=]\s*([^\s:;=]+)\s*$")


class AuctionAddForm(ServiceForm):
    increment_ladder = forms.CharField(
        label=_("Increment ladder"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
        help_text=_(
            "Optional, English auctions: one step per line, a standing price and the increment from that price on, "
            "e.g. “10000 500”. Below the first step the minimum increment applies."
        ),
    )
    soft_close_window = forms.IntegerField(
        label=_("Soft-close window (minutes)"),
        required=False,
        min_value=1,
        max_value=24 * 60,
        help_text=_("English auctions: a bid this close to the end extends it."),
    )
    soft_close_extension = forms.IntegerField(
        label=_("Soft-close extension (minutes)"),
        required=False,
        min_value=1,
        max_value=24 * 60,
        help_text=_("How much later the end moves after such a bid."),
    )

    class Meta:
        model = Auction
        fields = (
            "achievement",
            "kind",
            "sealed_pricing",
            "currency",
            "starting_price",
            "min_increment",
            "increment_ladder",
            "reserve_price",
            "soft_close_window",
            "soft_close_extension",
            "starts_at",
            "ends_at",
            "terms",
            "deposit_required",
            "deposit_amount",
        )

    def clean_increment_ladder(self) -> list[list[str]]:
        steps = []
        for number, line in enumerate((self.cleaned_data.get("increment_ladder") or "").splitlines(), start=1):
            if not line.strip():
                continue
            match = LADDER_LINE.match(line)
            try:
                threshold, increment = (Decimal(part) for part in match.groups()) if match else (None, None)
            except InvalidOperation:
                threshold = increment = None
            if threshold is None or not threshold.is_finite() or not increment.is_finite():
                raise ValidationError(
                    gettext("Line %(line)s: give a price and an increment separated by a space, e.g. “10000 500”.")
                    % {"line": number}
                )
            steps.append([str(threshold), str(increment)])
        return sorted(steps, key=lambda step: Decimal(step[0]))

    def clean_soft_close_window(self) -> timedelta | None:
        minutes = self.cleaned_data.get("soft_close_window")
        return timedelta(minutes=minutes) if minutes else None

    def clean_soft_close_extension(self) -> timedelta | None:
        minutes = self.cleaned_data.get("soft_close_extension")
        return timedelta(minutes=minutes) if minutes else None

    def clean(self):
        cleaned = super().clean()
        # The two database constraints, answered in words before the model's generic constraint message would be.
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", gettext("The end must be after the start."))
        if cleaned.get("kind") == AuctionKind.SEALED and not cleaned.get("sealed_pricing"):
            self.add_error("sealed_pricing", gettext("Choose first-price or second-price for a sealed-bid auction."))
        return cleaned

    def spec(self) -> services.AuctionSpec:
        data = self.cleaned_data
        return services.AuctionSpec(
            kind=data["kind"],
            currency=data["currency"],
            starting_price=data["starting_price"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            sealed_pricing=data.get("sealed_pricing") or "",
            min_increment=data.get("min_increment"),
            increment_ladder=tuple((threshold, step) for threshold, step in data.get("increment_ladder") or ()),
            reserve_price=data.get("reserve_price"),
            soft_close_window=data.get("soft_close_window"),
            soft_close_extension=data.get("soft_close_extension"),
            terms=data.get("terms") or "",
            deposit_required=bool(data.get("deposit_required")),
            deposit_amount=data.get("deposit_amount"),
        )


class ParticipantInline(ReadOnlyInline):
    """Who registered or bid, under their public number; deposits are decided in the bidders' queue."""

    model = Participant
    fields = ("number", "user", "deposit_status", "terms_accepted_at")
    readonly_fields = fields
    verbose_name_plural = _("bidders")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class AuctionEventInline(ReadOnlyInline):
    """The auction's audit trail, newest first."""

    model = AuctionEvent
    fields = ("created_at", "actor", "action", "reason", "data")
    readonly_fields = fields
    verbose_name_plural = _("audit trail")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


def _auction_open(auction: Auction) -> bool:
    return auction.state in (AuctionState.PROPOSED, AuctionState.SCHEDULED)


@admin.register(Auction)
class AuctionAdmin(ServiceAddMixin, StaffActionsMixin, admin.ModelAdmin):
    form = AuctionAddForm
    list_display = ("id", "phase_badge", "achievement", "price_column", "bid_count", "ends_at", "kind")
    list_display_links = ("id", "achievement")
    list_select_related = ("achievement",)
    list_filter = (PhaseFilter, "kind", UsedCurrencyFilter, "deposit_required")
    show_facets = admin.ShowFacets.NEVER
    search_fields = (
        "=id",
        "seller__email",
        "seller__display_name",
        *(f"achievement__{column('title', code)}" for code in LANGUAGE_CODES),
    )
    date_hierarchy = "ends_at"
    raw_id_fields = ("achievement",)
    list_per_page = 50
    actions = ("approve", "cancel", "extend")
    object_actions = {
        "approve": lambda a: a.state == AuctionState.PROPOSED,
        "cancel": _auction_open,
        "extend": lambda a: _auction_open(a) and a.ends_at > timezone.now(),
    }
    add_fieldsets = [
        (None, {"fields": ("achievement", "kind", "sealed_pricing", "currency")}),
        (
            _("Prices"),
            {"fields": ("starting_price", "min_increment", "increment_ladder", "reserve_price")},
        ),
        (_("Times"), {"fields": ("starts_at", "ends_at", "soft_close_window", "soft_close_extension")}),
        (_("Participation"), {"fields": ("terms", "deposit_required", "deposit_amount")}),
    ]
    view_fieldsets = [
        (None, {"fields": ("achievement_link", "seller", "created_by", "kind", "sealed_pricing", "currency")}),
        (_("Status"), {"fields": ("phase_badge", "state", "starts_at", "ends_at", "scheduled_end", "closed_at")}),
        (
            _("Bidding rules"),
            {
                "fields": (
                    "starting_price_money",
                    "min_increment_money",
                    "ladder",
                    "reserve_price_money",
                    "soft_close_window",
                    "soft_close_extension",
                )
            },
        ),
        (_("Participation"), {"fields": ("terms", "deposit_required", "deposit_money")}),
        (
            _("Standing and result"),
            {"fields": ("price_column", "leader", "bid_count", "result", "winner", "final_price_money", "deal_link")},
        ),
        (_("Bid log"), {"fields": ("recent_bids", "last_hash")}),
    ]

    starting_price_money = _money("starting_price", _("starting price"))
    min_increment_money = _money("min_increment", _("minimum increment"))
    reserve_price_money = _money("reserve_price", _("reserve price"))
    deposit_money = _money("deposit_amount", _("deposit"))
    final_price_money = _money("final_price", _("final price"))

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.view_fieldsets

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else flatten_fieldsets(self.view_fieldsets)

    def get_inlines(self, request, obj):
        return () if obj is None else (ParticipantInline, AuctionEventInline)

    def get_changeform_initial_data(self, request):
        start = timezone.localtime().replace(second=0, microsecond=0) + timedelta(hours=1)
        return {
            "starts_at": start,
            "ends_at": start + timedelta(days=7),
            **super().get_changeform_initial_data(request),
        }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "achievement":
            kwargs["widget"] = PublishedAchievementWidget(db_field.remote_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        try:
            auction = services.auction_create(
                achievement=form.cleaned_data["achievement"], actor=request.user, spec=form.spec()
            )
        except (TradingError, ValidationError) as exc:
            raise _Refused(exc) from exc
        self.adopt(obj, auction)

    # --- columns ---

    @admin.display(description=_("phase"))
    def phase_badge(self, obj: Auction) -> str:
        phase = AuctionPhase(obj.phase())
        return _badge(PHASE_BADGES[phase], phase.label)

    @admin.display(description=_("current price"), ordering="current_price")
    def price_column(self, obj: Auction) -> str:
        if obj.state == AuctionState.CLOSED:
            return format_money(obj.final_price, obj.currency) or obj.get_result_display()
        if obj.is_sealed:
            return gettext("Sealed until the close")
        if obj.current_price is None:
            return gettext("Opens at %(price)s") % {"price": format_money(obj.starting_price, obj.currency)}
        return format_money(obj.current_price, obj.currency)

    @admin.display(description=_("achievement"))
    def achievement_link(self, obj: Auction) -> str:
        return _link(obj.achievement)

    @admin.display(description=_("increment ladder"))
    def ladder(self, obj: Auction) -> str:
        steps = [
            gettext("from %(price)s: +%(increment)s")
            % {"price": format_money(threshold, obj.currency), "increment": format_money(step, obj.currency)}
            for threshold, step in obj.increment_ladder
        ]
        return "; ".join(steps) or "—"

    @admin.display(description=_("deal"))
    def deal_link(self, obj: Auction) -> str:
        return _link(Deal.objects.filter(auction=obj).first())

    @admin.display(description=_("latest bids"))
    def recent_bids(self, obj: Auction) -> str:
        bids = list(obj.bids.select_related("participant").order_by("-seq")[:RECENT_BIDS])
        log_url = reverse("admin:trading_bid_changelist") + f"?auction__id__exact={obj.pk}"
        link = format_html(
            '<p><a href="{}">{}</a></p>',
            log_url,
            ngettext("The whole log: %(count)d entry", "The whole log: %(count)d entries", obj.bid_count)
            % {"count": obj.bid_count},
        )
        if not bids:
            return format_html("<p>{}</p>", gettext("No bids yet."))
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            (
                (b.seq, b.participant.alias, _bid_amount(b), _when(b.placed_at), Truncator(b.entry_hash).chars(13))
                for b in bids
            ),
        )
        return format_html(
            '<table class="bid-log"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>{}',
            gettext("No."),
            gettext("Bidder"),
            gettext("Amount"),
            gettext("Placed"),
            gettext("Entry hash"),
            rows,
            link,
        )

    # --- actions: one service call each ---

    @admin.action(description=_("Approve"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.run_each(
            request,
            queryset,
            lambda auction: services.auction_approve(auction=auction, actor=request.user),
            lambda n: ngettext("%(count)d auction approved.", "%(count)d auctions approved.", n) % {"count": n},
        )

    @admin.action(description=_("Cancel…"), permissions=["change"])
    def cancel(self, request: HttpRequest, queryset: QuerySet):
        form, page = self.ask(
            request,
            queryset,
            form_class=ReasonForm,
            action="cancel",
            title=gettext("Cancel auctions"),
            intro=gettext("Nobody wins a cancelled auction; its bids stay in the log. Bidders see the cancellation."),
        )
        if page is not None:
            return page
        reason = form.cleaned_data["reason"]
        self.run_each(
            request,
            queryset,
            lambda auction: services.auction_cancel(auction=auction, actor=request.user, reason=reason),
            lambda n: ngettext("%(count)d auction cancelled.", "%(count)d auctions cancelled.", n) % {"count": n},
        )
        return None

    @admin.action(description=_("Extend…"), permissions=["change"])
    def extend(self, request: HttpRequest, queryset: QuerySet):
        form, page = self.ask(
            request,
            queryset,
            form_class=ExtendForm,
            action="extend",
            title=gettext("Extend auctions"),
            intro=gettext("The end moves later, never earlier: bidders rely on it."),
        )
        if page is not None:
            return page
        data = form.cleaned_data
        self.run_each(
            request,
            queryset,
            lambda auction: services.auction_extend(
                auction=auction, actor=request.user, ends_at=data["ends_at"], reason=data["reason"]
            ),
            lambda n: ngettext("%(count)d auction extended.", "%(count)d auctions extended.", n) % {"count": n},
        )
        return None


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


def _bid_amount(bid: Bid) -> str:
    # A sealed amount is stored encrypted until the close reveals it; staff never see it earlier.
    if bid.amount is None:
        return gettext("Sealed until the close")
    return format_money(bid.amount, bid.auction.currency)


# --- bidders and deposits --------------------------------------------------------------------------------------


class DepositQueueFilter(admin.SimpleListFilter):
    """Opens on the deposits awaiting a decision; "All" lifts the filter."""

    title = _("deposit")
    parameter_name = "deposit"
    ALL = "all"
    DEFAULT = DepositStatus.PENDING

    def lookups(self, request, model_admin):
        return [(self.ALL, _("All")), *DepositStatus.choices]

    def current(self) -> str:
        value = self.value()
        return value if value in {self.ALL, *DepositStatus.values} else self.DEFAULT

    def queryset(self, request, queryset):
        current = self.current()
        return queryset if current == self.ALL else queryset.filter(deposit_status=current)

    def choices(self, changelist):
        current = self.current()
        for lookup, title in self.lookup_choices:
            yield {
                "selected": lookup == current,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


def _deposit_undecided(participant: Participant) -> bool:
    return participant.auction.deposit_required and participant.deposit_status != DepositStatus.CONFIRMED


@admin.register(Participant)
class ParticipantAdmin(StaffActionsMixin, admin.ModelAdmin):
    """Bidders and the deposit queue: staff confirm a deposit before its bidder may bid, or reject it with a reason."""

    list_display = ("alias_column", "deposit_status", "user", "auction", "terms_accepted_at")
    list_select_related = ("auction__achievement", "user")
    list_filter = (DepositQueueFilter,)
    search_fields = ("=auction__id", "user__email", "user__display_name")
    show_facets = admin.ShowFacets.NEVER
    ordering = ("terms_accepted_at", "id")
    fields = ("auction_link", "number", "user", "deposit_status", "terms_accepted_at", "deposit_amount")
    readonly_fields = fields
    actions = ("confirm_deposit", "reject_deposit")
    object_actions = {"confirm_deposit": _deposit_undecided, "reject_deposit": _deposit_undecided}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("bidder"), ordering="number")
    def alias_column(self, obj: Participant) -> str:
        return obj.alias

    @admin.display(description=_("auction"))
    def auction_link(self, obj: Participant) -> str:
        return _link(obj.auction)

    @admin.display(description=_("deposit"))
    def deposit_amount(self, obj: Participant) -> str:
        auction = obj.auction
        return format_money(auction.deposit_amount, auction.currency) if auction.deposit_required else "—"

    @admin.action(description=_("Confirm deposit"), permissions=["change"])
    def confirm_deposit(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.run_each(
            request,
            queryset.select_related("auction"),
            lambda participant: services.deposit_decide(participant=participant, actor=request.user, confirm=True),
            lambda n: (
                ngettext(
                    "%(count)d deposit confirmed: the bidder may bid.",
                    "%(count)d deposits confirmed: those bidders may bid.",
                    n,
                )
                % {"count": n}
            ),
        )

    @admin.action(description=_("Reject deposit…"), permissions=["change"])
    def reject_deposit(self, request: HttpRequest, queryset: QuerySet):
        form, page = self.ask(
            request,
            queryset.select_related("auction__achievement"),
            form_class=ReasonForm,
            action="reject_deposit",
            title=gettext("Reject deposits"),
            intro=gettext("A bidder whose deposit is rejected cannot bid in that auction."),
        )
        if page is not None:
            return page
        reason = form.cleaned_data["reason"]
        self.run_each(
            request,
            queryset,
            lambda participant: services.deposit_decide(
                participant=participant, actor=request.user, confirm=False, reason=reason
            ),
            lambda n: ngettext("%(count)d deposit rejected.", "%(count)d deposits rejected.", n) % {"count": n},
        )
        return None


# --- the bid log -----------------------------------------------------------------------------------------------


@admin.register(Bid)
class BidAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The hash-chained bid log, for reading: entries are appended by bids only, and never changed."""

    list_display = ("seq", "auction_column", "bidder", "amount_column", "is_proxy", "placed_at", "hash_column")
    list_display_links = ("seq",)
    list_select_related = ("auction__achievement", "participant")
    list_filter = ("is_proxy", "auction__kind")
    search_fields = ("=auction__id", "entry_hash")
    show_facets = admin.ShowFacets.NEVER
    ordering = ("-id",)
    list_per_page = 100
    fields = (
        "auction",
        "seq",
        "bidder",
        "bidder_user",
        "amount_column",
        "is_proxy",
        "placed_at",
        "ends_at",
        "commitment",
        "revealed_nonce",
        "prev_hash",
        "entry_hash",
    )
    readonly_fields = fields

    @admin.display(description=_("auction"), ordering="auction")
    def auction_column(self, obj: Bid) -> str:
        return format_html('<a href="{}" title="{}">#{}</a>', _change_url(obj.auction), obj.auction, obj.auction_id)

    @admin.display(description=_("bidder"), ordering="participant__number")
    def bidder(self, obj: Bid) -> str:
        return obj.participant.alias

    @admin.display(description=_("account"))
    def bidder_user(self, obj: Bid) -> str:
        return str(obj.participant.user)

    @admin.display(description=_("amount"), ordering="amount")
    def amount_column(self, obj: Bid) -> str:
        return _bid_amount(obj)

    @admin.display(description=_("entry hash"))
    def hash_column(self, obj: Bid) -> str:
        return format_html("<code>{}</code>", Truncator(obj.entry_hash).chars(13))


@admin.register(AuctionEvent)
class AuctionEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail across all auctions, for reading only."""

    list_display = ("created_at", "auction", "actor", "action", "short_reason")
    list_select_related = ("auction__achievement", "actor")
    list_filter = ("action",)
    search_fields = ("=auction__id", "reason", "actor__email", "actor__display_name")
    date_hierarchy = "created_at"
    fields = ("created_at", "auction", "actor", "action", "reason", "data")
    readonly_fields = fields

    @admin.display(description=_("reason"))
    def short_reason(self, obj: AuctionEvent) -> str:
        return Truncator(obj.reason).chars(80)


# --- deals -----------------------------------------------------------------------------------------------------


class DealRecordForm(ServiceForm):
    source = forms.ChoiceField(
        label=_("source"),
        choices=[(value, label) for value, label in DealSource.choices if value != DealSource.AUCTION],
        initial=DealSource.NEGOTIATED,
        help_text=_("Deals from auctions are recorded by the auction's close."),
    )
    price = amount_form_field(_("price"))

    class Meta:
        model = Deal
        fields = ("achievement", "source", "buyer", "buyer_institution", "price", "currency", "agreed_on", "notes")


class DealEventInline(ReadOnlyInline):
    model = DealEvent
    fields = ("created_at", "actor", "from_status", "to_status", "reason")
    readonly_fields = fields
    verbose_name_plural = _("audit trail")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


def _deal_may_become(status: str) -> Callable[[Deal], bool]:
    return lambda deal: status in services.DEAL_TRANSITIONS[DealStatus(deal.status)]


@admin.register(Deal)
class DealAdmin(ServiceAddMixin, StaffActionsMixin, admin.ModelAdmin):
    """Deals from auctions and the ones staff record (negotiated sales, contracts under MOUs); statuses move by
    actions only, each audited."""

    form = DealRecordForm
    list_display = ("id", "status_badge", "achievement", "price_column", "agreed_on", "source", "seller", "buyer")
    list_display_links = ("id", "achievement")
    list_select_related = ("achievement", "seller", "buyer")
    list_filter = ("status", "source", UsedCurrencyFilter)
    show_facets = admin.ShowFacets.NEVER
    search_fields = (
        "=id",
        "seller__email",
        "seller__display_name",
        "buyer__email",
        "buyer__display_name",
        *(f"achievement__{column('title', code)}" for code in LANGUAGE_CODES),
    )
    date_hierarchy = "agreed_on"
    raw_id_fields = ("achievement", "buyer", "buyer_institution")
    actions = ("mark_signed", "mark_completed", "cancel_deal")
    object_actions = {
        "mark_signed": _deal_may_become(DealStatus.SIGNED),
        "mark_completed": _deal_may_become(DealStatus.COMPLETED),
        "cancel_deal": _deal_may_become(DealStatus.CANCELLED),
    }
    add_fieldsets = [
        (None, {"fields": ("achievement", "source", "buyer", "buyer_institution")}),
        (_("Terms"), {"fields": ("price", "currency", "agreed_on", "notes")}),
    ]
    view_fieldsets = [
        (None, {"fields": ("achievement_link", "source", "auction_link", "status_badge")}),
        (_("Parties"), {"fields": ("seller", "seller_institution", "buyer", "buyer_institution")}),
        (_("Terms"), {"fields": ("price_column", "agreed_on", "notes")}),
        (_("Record"), {"fields": ("recorded_by", "created_at", "updated_at")}),
    ]

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.view_fieldsets

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else flatten_fieldsets(self.view_fieldsets)

    def get_inlines(self, request, obj):
        return () if obj is None else (DealEventInline,)

    def get_changeform_initial_data(self, request):
        return {"agreed_on": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "achievement":
            kwargs["widget"] = PublishedAchievementWidget(db_field.remote_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            deal = services.deal_record(
                actor=request.user,
                achievement=data["achievement"],
                buyer=data["buyer"],
                price=data["price"],
                currency=data["currency"],
                agreed_on=data["agreed_on"],
                source=data["source"],
                buyer_institution=data.get("buyer_institution"),
                notes=data.get("notes") or "",
            )
        except (TradingError, ValidationError) as exc:
            raise _Refused(exc) from exc
        self.adopt(obj, deal)

    @admin.display(description=_("price"), ordering="price")
    def price_column(self, obj: Deal) -> str:
        return format_money(obj.price, obj.currency)

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj: Deal) -> str:
        return _badge(DEAL_BADGES[DealStatus(obj.status)], obj.get_status_display())

    @admin.display(description=_("achievement"))
    def achievement_link(self, obj: Deal) -> str:
        return _link(obj.achievement)

    @admin.display(description=_("auction"))
    def auction_link(self, obj: Deal) -> str:
        return _link(obj.auction)

    def _move(
        self, request: HttpRequest, queryset: QuerySet, status: str, done: Callable[[int], str], reason: str = ""
    ) -> None:
        self.run_each(
            request,
            queryset,
            lambda deal: services.deal_set_status(deal=deal, actor=request.user, status=status, reason=reason),
            done,
        )

    @admin.action(description=_("Mark signed"), permissions=["change"])
    def mark_signed(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._move(
            request,
            queryset,
            DealStatus.SIGNED,
            lambda n: ngettext("%(count)d deal marked signed.", "%(count)d deals marked signed.", n) % {"count": n},
        )

    @admin.action(description=_("Mark completed"), permissions=["change"])
    def mark_completed(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._move(
            request,
            queryset,
            DealStatus.COMPLETED,
            lambda n: (
                ngettext("%(count)d deal marked completed.", "%(count)d deals marked completed.", n) % {"count": n}
            ),
        )

    @admin.action(description=_("Cancel deal…"), permissions=["change"])
    def cancel_deal(self, request: HttpRequest, queryset: QuerySet):
        form, page = self.ask(
            request,
            queryset,
            form_class=ReasonForm,
            action="cancel_deal",
            title=gettext("Cancel deals"),
            intro=gettext(
                "A cancelled deal stays on record. The achievement is no longer under transfer unless another deal "
                "for it is still running."
            ),
        )
        if page is not None:
            return page
        self._move(
            request,
            queryset,
            DealStatus.CANCELLED,
            lambda n: ngettext("%(count)d deal cancelled.", "%(count)d deals cancelled.", n) % {"count": n},
            form.cleaned_data["reason"],
        )
        return None
