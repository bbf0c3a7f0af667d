"""The bid log and the auctions' audit trail: read-only (sealed amounts stay sealed until the close)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from marketplace.admin_base import (
    ReadOnlyAdminMixin,
)
from trading.admin.common import (
    bid_amount,
    change_url,
)
from trading.models import (
    AuctionEvent,
    Bid,
)

# --- the bid log -----------------------------------------------------------------------------------------------


@admin.register(Bid)
class BidAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The hash-chained bid log, for reading: entries are appended by bids only, and never changed."""

    list_display = ("seq", "auction_column", "bidder", "amount_column", "is_proxy", "placed_at", "hash_column")
    list_display_links = ("seq",)
    # A page of 100 bids belongs to a handful of auctions: their lots (listings with every language's text) are read
    # once each (get_queryset), not joined into every row.
    list_select_related = ("participant",)
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

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("auction__achievement", "auction__project")

    @admin.display(description=_("auction"), ordering="auction")
    def auction_column(self, obj: Bid) -> str:
        return format_html('<a href="{}" title="{}">#{}</a>', change_url(obj.auction), obj.auction, obj.auction_id)

    @admin.display(description=_("bidder"), ordering="participant__number")
    def bidder(self, obj: Bid) -> str:
        return obj.participant.alias

    @admin.display(description=_("account"))
    def bidder_user(self, obj: Bid) -> str:
        return str(obj.participant.user)

    @admin.display(description=_("amount"), ordering="amount")
    def amount_column(self, obj: Bid) -> str:
        return bid_amount(obj)

    @admin.display(description=_("entry hash"))
    def hash_column(self, obj: Bid) -> str:
        return format_html("<code>{}</code>", Truncator(obj.entry_hash).chars(13))


@admin.register(AuctionEvent)
class AuctionEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail across all auctions, for reading only."""

    list_display = ("created_at", "auction", "actor", "action", "short_reason")
    list_select_related = ("auction__achievement", "auction__project", "actor")
    list_filter = ("action",)
    search_fields = ("=auction__id", "reason", "actor__email", "actor__display_name")
    date_hierarchy = "created_at"
    fields = ("created_at", "auction", "actor", "action", "reason", "data")
    readonly_fields = fields

    @admin.display(description=_("reason"))
    def short_reason(self, obj: AuctionEvent) -> str:
        return Truncator(obj.reason).chars(80)
