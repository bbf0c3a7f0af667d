"""Reads of technical demands; expired demands leave the public lists even before the hourly job archives them."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from demands.filters import DemandFilter
from demands.models import Demand, DemandAttachment
from marketplace.errors import NotFound
from marketplace.models import ModerationState
from marketplace.permissions import editable_listing_q, visible_listing_q


def _with_relations(qs: QuerySet[Demand]) -> QuerySet[Demand]:
    return qs.select_related("field", "institution", "owner").prefetch_related("cooperation_modes")


def _not_expired() -> Q:
    return Q(expires_at__isnull=True) | Q(expires_at__gte=timezone.localdate())


def _cover_pictures() -> Prefetch:
    """The pictures of each demand, first one first: the card shows the first as its cover."""
    pictures = DemandAttachment.objects.exclude(thumbnail="").order_by("id").only("id", "demand_id", "thumbnail")
    return Prefetch("attachments", queryset=pictures, to_attr="cover_pictures")


def demand_list(*, filters: dict | None = None) -> DemandFilter:
    """Published, unexpired demands, newest first, filtered; returns the FilterSet."""
    base = (
        Demand.objects.filter(_not_expired(), state=ModerationState.PUBLISHED)
        .select_related("field", "institution")
        .prefetch_related("cooperation_modes", _cover_pictures())
        .defer("description")
    )
    return DemandFilter(filters or None, queryset=base.order_by("-published_at", "-id"))


def demand_list_visible(*, user) -> QuerySet[Demand]:
    return _with_relations(Demand.objects.filter(visible_listing_q(user))).order_by("-published_at", "-id")


def demand_list_mine(*, user) -> QuerySet[Demand]:
    qs = Demand.objects.filter(editable_listing_q(user)) if not user.is_staff else Demand.objects.filter(owner=user)
    return _with_relations(qs).order_by("-updated_at")


def demand_get(*, pk: int, user) -> Demand:
    """One demand ``user`` may see; 404 otherwise."""
    demand = _with_relations(Demand.objects.filter(visible_listing_q(user))).filter(pk=pk).first()
    if demand is None:
        raise NotFound()
    return demand


def attachment_get(*, pk: int, user) -> DemandAttachment:
    attachment = DemandAttachment.objects.select_related("demand").filter(pk=pk).first()
    if attachment is None or not Demand.objects.filter(visible_listing_q(user), pk=attachment.demand_id).exists():
        raise NotFound()
    return attachment


def demands_due_for_expiry() -> QuerySet[Demand]:
    return Demand.objects.filter(state=ModerationState.PUBLISHED, expires_at__lt=timezone.localdate())
