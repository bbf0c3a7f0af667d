"""Deals: recorded by an auction's close or by staff, then moved along by staff actions."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
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
    DEAL_BADGES,
    PublishedAchievementWidget,
    ReadOnlyInline,
    StaffActionsMixin,
    UsedCurrencyFilter,
    badge,
    link,
)
from trading.amounts import amount_form_field
from trading.errors import TradingError
from trading.models import (
    Deal,
    DealEvent,
    DealSource,
    DealStatus,
)

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
    list_display = ("id", "status_badge", "lot_column", "price_column", "agreed_on", "source", "seller", "buyer")
    list_display_links = ("id", "lot_column")
    list_select_related = ("achievement", "project", "seller", "buyer")
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
            kwargs["required"] = True  # staff record achievement deals; a package's comes from its auction
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
            raise Refused(exc) from exc
        self.adopt(obj, deal)

    @admin.display(description=_("price"), ordering="price")
    def price_column(self, obj: Deal) -> str:
        return format_money(obj.price, obj.currency)

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj: Deal) -> str:
        return badge(DEAL_BADGES[DealStatus(obj.status)], obj.get_status_display())

    @admin.display(description=_("lot"))
    def achievement_link(self, obj: Deal) -> str:
        return link(obj.lot)

    @admin.display(description=_("lot"), ordering="id")
    def lot_column(self, obj: Deal) -> str:
        if obj.is_package:
            return gettext("Package: %(title)s") % {"title": obj.lot}
        return str(obj.lot)

    @admin.display(description=_("auction"))
    def auction_link(self, obj: Deal) -> str:
        return link(obj.auction)

    def _move(self, request: HttpRequest, queryset: QuerySet, status: str, done: Callable[[int], str]) -> None:
        self.run_each(
            request,
            queryset,
            lambda deal: services.deal_set_status(deal=deal, actor=request.user, status=status),
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
        return self.run_each_with_reason(
            request,
            queryset,
            action="cancel_deal",
            title=gettext("Cancel deals"),
            intro=gettext(
                "A cancelled deal stays on record. The achievement is no longer under transfer unless another deal "
                "for it is still running."
            ),
            call=lambda deal, reason: services.deal_set_status(
                deal=deal, actor=request.user, status=DealStatus.CANCELLED, reason=reason
            ),
            done=lambda n: ngettext("%(count)d deal cancelled.", "%(count)d deals cancelled.", n) % {"count": n},
        )
