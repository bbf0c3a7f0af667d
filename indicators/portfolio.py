"""Portfolio analytics: for a listing's owner, their listings; for an institution's administrators, all of its
listings. Per listing: page views and appearances in search results (the daily counts Celery beat flushes from the
counters' cache, marketplace.counters), inquiries or proposals, meetings agreed, conversations in negotiation or
agreed, deals and their value in the reporting currency; the conversion from published to inquired to met to dealt;
views and appearances week by week.

A portfolio is some hundreds of listings: it is counted live with one correlated count per measure (no join fan-out),
not from the snapshots. The daily counts are read for the portfolio's own listings only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from achievements.models import Achievement
from demands.models import Demand
from indicators.currency import RateTable
from indicators.models import ListingDailyCount
from marketplace.models import Institution, ModerationState
from marketplace.permissions import admin_institution_ids
from negotiations.models import Conversation, ConversationState, Meeting, MeetingState
from trading.models import Deal, DealStatus


@dataclass
class PortfolioRow:
    listing: object
    kind: str  # "achievement" | "demand"
    inquiries: int
    meetings: int
    negotiating: int
    agreed: int
    deals: int
    value: Decimal | None
    views: int = 0
    appearances: int = 0


@dataclass(frozen=True)
class Week:
    start: date  # a Monday
    views: int
    appearances: int


@dataclass
class Portfolio:
    rows: list[PortfolioRow]
    institutions: list[Institution]
    institution: Institution | None
    totals: dict = field(default_factory=dict)
    funnel: list[tuple[str, int]] = field(default_factory=list)
    weeks: list[Week] = field(default_factory=list)


def _count(queryset: QuerySet, link: str):
    """A correlated count of ``queryset`` rows whose ``link`` is the outer listing."""
    counted = queryset.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _annotated(model, subject: str) -> QuerySet:
    conversations = Conversation.objects.all()
    annotations = {
        "n_inquiries": _count(conversations, subject),
        "n_meetings": _count(Meeting.objects.filter(state=MeetingState.ACCEPTED), f"conversation__{subject}"),
        "n_negotiating": _count(conversations.filter(state=ConversationState.NEGOTIATING), subject),
        "n_agreed": _count(conversations.filter(state=ConversationState.AGREED), subject),
    }
    if model is Achievement:
        annotations["n_deals"] = _count(Deal.objects.exclude(status=DealStatus.CANCELLED), "achievement")
    else:
        annotations["n_deals"] = _count(
            conversations.filter(deal__isnull=False).exclude(deal__status=DealStatus.CANCELLED), subject
        )
    return model.objects.select_related("field").annotate(**annotations)


def portfolio_institutions(*, user) -> list[Institution]:
    """The institutions whose portfolio ``user`` may read: those they administer (every institution for staff)."""
    if user.is_staff:
        return list(Institution.objects.order_by("name"))
    return list(Institution.objects.filter(pk__in=admin_institution_ids(user)).order_by("name"))


def portfolio_get(*, user, institution: Institution | None = None) -> Portfolio:
    """``user``'s own listings, or, with ``institution`` (one they administer, or any for staff), its listings."""
    institutions = portfolio_institutions(user=user)
    if institution is not None and institution not in institutions:
        institution = None
    scope = Q(institution=institution) if institution is not None else Q(owner=user)
    rows: list[PortfolioRow] = []
    values = _deal_values(scope)
    for kind, model, subject in (("achievement", Achievement, "achievement"), ("demand", Demand, "demand")):
        for listing in _annotated(model, subject).filter(scope).order_by("-published_at", "-id"):
            rows.append(
                PortfolioRow(
                    listing=listing,
                    kind=kind,
                    inquiries=listing.n_inquiries,
                    meetings=listing.n_meetings,
                    negotiating=listing.n_negotiating,
                    agreed=listing.n_agreed,
                    deals=listing.n_deals,
                    value=values.get(listing.pk) if kind == "achievement" else None,
                )
            )
    _add_counts(rows)
    published = [row for row in rows if row.listing.state in (ModerationState.PUBLISHED, ModerationState.TRANSFERRED)]
    portfolio = Portfolio(rows=rows, institutions=institutions, institution=institution)
    portfolio.totals = {
        "listings": len(rows),
        "published": len(published),
        "inquiries": sum(row.inquiries for row in rows),
        "meetings": sum(row.meetings for row in rows),
        "deals": sum(row.deals for row in rows),
        "value": sum((row.value or Decimal(0) for row in rows), Decimal(0)),
        "views": sum(row.views for row in rows),
        "appearances": sum(row.appearances for row in rows),
    }
    views = portfolio.totals["views"]
    portfolio.totals["inquiries_per_100_views"] = (
        round(Decimal(100) * portfolio.totals["inquiries"] / views, 1) if views else None
    )
    portfolio.weeks = _weeks(rows)
    portfolio.funnel = [
        ("published", len(published)),
        ("inquired", sum(1 for row in published if row.inquiries)),
        ("met", sum(1 for row in published if row.meetings)),
        ("dealt", sum(1 for row in published if row.deals)),
    ]
    return portfolio


def _deal_values(scope: Q) -> dict[int, Decimal]:
    """Each achievement's deals (not cancelled) in the reporting currency; deals without a rate are left out."""
    rates = RateTable.load()
    values: dict[int, Decimal] = {}
    achievements = Achievement.objects.filter(scope).values("pk")
    deals = Deal.objects.filter(achievement__in=achievements).exclude(status=DealStatus.CANCELLED)
    for achievement_id, price, currency, agreed_on in deals.values_list(
        "achievement_id", "price", "currency", "agreed_on"
    ):
        converted = rates.convert(price, currency, agreed_on or timezone.localdate())
        if converted is not None:
            values[achievement_id] = values.get(achievement_id, Decimal(0)) + converted
    return values


WEEKS = 12


def _counts_of(rows: list[PortfolioRow]) -> QuerySet:
    """The daily counts of exactly the portfolio's listings (never anyone else's)."""
    scope = Q(pk__in=[])
    for kind in ("achievement", "demand"):
        pks = [row.listing.pk for row in rows if row.kind == kind]
        if pks:
            scope |= Q(kind=kind, listing_id__in=pks)
    return ListingDailyCount.objects.filter(scope)


def _add_counts(rows: list[PortfolioRow]) -> None:
    """Each row's views and search appearances since counting began (one grouped query)."""
    if not rows:
        return
    totals = {
        (item["kind"], item["listing_id"]): item
        for item in _counts_of(rows).values("kind", "listing_id").annotate(v=Sum("views"), a=Sum("appearances"))
    }
    for row in rows:
        item = totals.get((row.kind, row.listing.pk))
        if item is not None:
            row.views, row.appearances = item["v"], item["a"]


def _weeks(rows: list[PortfolioRow]) -> list[Week]:
    """Views and appearances of the portfolio's listings in each of the last WEEKS weeks (Monday to Sunday)."""
    today = timezone.localdate()
    first = today - timedelta(days=today.weekday(), weeks=WEEKS - 1)
    sums = {first + timedelta(weeks=index): [0, 0] for index in range(WEEKS)}
    if rows:
        daily = (
            _counts_of(rows)
            .filter(day__gte=first)
            .values("day")
            .annotate(v=Sum("views"), a=Sum("appearances"))
            .order_by()
        )
        for item in daily:
            week = sums[item["day"] - timedelta(days=item["day"].weekday())]
            week[0] += item["v"]
            week[1] += item["a"]
    return [Week(start=start, views=views, appearances=appearances) for start, (views, appearances) in sums.items()]
