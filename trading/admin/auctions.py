"""Auctions in the admin: created through the service, then approved, cancelled or extended by staff actions."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from brics_ttc.languages import LANGUAGE_CODES
from marketplace.admin_base import (
    Refused,
    ServiceAddMixin,
    ServiceForm,
)
from marketplace.i18n import column
from marketplace.money import format_money
from trading import services
from trading.admin.common import (
    PHASE_BADGES,
    RECENT_BIDS,
    ExtendForm,
    PublishedAchievementWidget,
    ReadOnlyInline,
    StaffActionsMixin,
    UsedCurrencyFilter,
    badge,
    bid_amount,
    link,
    money_column,
    when,
)
from trading.errors import TradingError
from trading.models import (
    LOT_FIELDS,
    Auction,
    AuctionEvent,
    AuctionKind,
    AuctionPhase,
    AuctionState,
    Deal,
    Participant,
)

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
    list_display = ("id", "phase_badge", "lot_column", "price_column", "bid_count", "ends_at", "kind")
    list_display_links = ("id", "lot_column")
    list_select_related = ("achievement", "project")
    list_filter = (PhaseFilter, "kind", UsedCurrencyFilter, "deposit_required")
    show_facets = admin.ShowFacets.NEVER
    search_fields = (
        "=id",
        "seller__email",
        "seller__display_name",
        *(f"{lot}__{column('title', code)}" for lot in LOT_FIELDS for code in LANGUAGE_CODES),
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

    starting_price_money = money_column("starting_price", _("starting price"))
    min_increment_money = money_column("min_increment", _("minimum increment"))
    reserve_price_money = money_column("reserve_price", _("reserve price"))
    deposit_money = money_column("deposit_amount", _("deposit"))
    final_price_money = money_column("final_price", _("final price"))

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
            # Staff add achievement auctions here; a package is offered from its project's page.
            kwargs["widget"] = PublishedAchievementWidget(db_field.remote_field, self.admin_site)
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        try:
            auction = services.auction_create(
                lot=form.cleaned_data["achievement"], actor=request.user, spec=form.spec()
            )
        except (TradingError, ValidationError) as exc:
            raise Refused(exc) from exc
        self.adopt(obj, auction)

    # --- columns ---

    @admin.display(description=_("phase"))
    def phase_badge(self, obj: Auction) -> str:
        phase = AuctionPhase(obj.phase())
        return badge(PHASE_BADGES[phase], phase.label)

    @admin.display(description=_("current price"), ordering="current_price")
    def price_column(self, obj: Auction) -> str:
        if obj.state == AuctionState.CLOSED:
            return format_money(obj.final_price, obj.currency) or obj.get_result_display()
        if obj.is_sealed:
            return gettext("Sealed until the close")
        if obj.current_price is None:
            return gettext("Opens at %(price)s") % {"price": format_money(obj.starting_price, obj.currency)}
        return format_money(obj.current_price, obj.currency)

    @admin.display(description=_("lot"))
    def achievement_link(self, obj: Auction) -> str:
        return link(obj.lot)

    @admin.display(description=_("lot"), ordering="id")
    def lot_column(self, obj: Auction) -> str:
        if obj.is_package:
            return gettext("Package: %(title)s") % {"title": obj.lot}
        return str(obj.lot)

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
        return link(Deal.objects.filter(auction=obj).first())

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
                (b.seq, b.participant.alias, bid_amount(b), when(b.placed_at), Truncator(b.entry_hash).chars(13))
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
        return self.run_each_with_reason(
            request,
            queryset,
            action="cancel",
            title=gettext("Cancel auctions"),
            intro=gettext("Nobody wins a cancelled auction; its bids stay in the log. Bidders see the cancellation."),
            call=lambda auction, reason: services.auction_cancel(auction=auction, actor=request.user, reason=reason),
            done=lambda n: ngettext("%(count)d auction cancelled.", "%(count)d auctions cancelled.", n) % {"count": n},
        )

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
