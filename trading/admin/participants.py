"""Bidders and their deposits: the queue of deposits waiting for staff, confirmed or rejected with a reason."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from marketplace.admin_base import DefaultQueueFilter
from marketplace.money import format_money
from trading import services
from trading.admin.common import (
    StaffActionsMixin,
    link,
)
from trading.models import (
    DepositStatus,
    Participant,
)

# --- bidders and deposits --------------------------------------------------------------------------------------


class DepositQueueFilter(DefaultQueueFilter):
    """Opens on the deposits awaiting a decision; "All" lifts the filter."""

    title = _("deposit")
    parameter_name = "deposit"
    field = "deposit_status"
    default = DepositStatus.PENDING
    options = DepositStatus


def _deposit_undecided(participant: Participant) -> bool:
    return participant.auction.deposit_required and participant.deposit_status != DepositStatus.CONFIRMED


@admin.register(Participant)
class ParticipantAdmin(StaffActionsMixin, admin.ModelAdmin):
    """Bidders and the deposit queue: staff confirm a deposit before its bidder may bid, or reject it with a reason."""

    list_display = ("alias_column", "deposit_status", "user", "auction", "terms_accepted_at")
    list_select_related = ("auction__achievement", "auction__project", "user")
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
        return link(obj.auction)

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
        return self.run_each_with_reason(
            request,
            queryset.select_related("auction__achievement", "auction__project"),
            action="reject_deposit",
            title=gettext("Reject deposits"),
            intro=gettext("A bidder whose deposit is rejected cannot bid in that auction."),
            call=lambda participant, reason: services.deposit_decide(
                participant=participant, actor=request.user, confirm=False, reason=reason
            ),
            done=lambda n: ngettext("%(count)d deposit rejected.", "%(count)d deposits rejected.", n) % {"count": n},
        )
