"""Interactions on listings (inquiries, proposals, meetings), their outcomes, and the time from publication to the
first inquiry and to a deal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from django.db.models import Count, F, Min, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from achievements.models import Achievement
from indicators.builtin.common import DELAY_BUCKETS, GROUP_INTERACTIONS, PUBLIC_STATES, delay_bucket, rows_to_points
from indicators.registry import Indicator, Point, register
from negotiations.models import Conversation, ConversationState, Meeting, MeetingState, Purpose, SubjectType
from trading.models import DealStatus

INTERACTION_SERIES = (
    ("inquiries", _("Inquiries on achievements")),
    ("proposals", _("Proposals to demands")),
    ("meetings", _("Meetings agreed")),
)
SUBJECTS = (("inquiries", SubjectType.ACHIEVEMENT, "achievement"), ("proposals", SubjectType.DEMAND, "demand"))


def _conversation_rows(qs, subject: str, *, category: str | None = None, year_of: str = "created_at"):
    extra = {"category": F(category)} if category else {}
    return (
        qs.annotate(
            year=ExtractYear(year_of),
            country=F(f"{subject}__country"),
            field=F(f"{subject}__field__slug"),
            **extra,
        )
        .values("year", "country", "field", *extra)
        .annotate(n=Count("id"))
        .order_by()
    )


def interactions_points() -> Iterator[Point]:
    """Conversations opened per year (by their subject's country and field), and meetings agreed per year."""
    for series, subject_type, subject in SUBJECTS:
        rows = _conversation_rows(Conversation.objects.filter(subject_type=subject_type), subject)
        yield from rows_to_points(rows, series=series)
    for _series, subject_type, subject in SUBJECTS:
        meetings = (
            Meeting.objects.filter(state=MeetingState.ACCEPTED, conversation__subject_type=subject_type)
            .annotate(
                year=ExtractYear("created_at"),
                country=F(f"conversation__{subject}__country"),
                field=F(f"conversation__{subject}__field__slug"),
            )
            .values("year", "country", "field")
            .annotate(n=Count("id"))
            .order_by()
        )
        yield from rows_to_points(meetings, series="meetings")


def outcome_points(category: str) -> Iterator[Point]:
    for _series, subject_type, subject in SUBJECTS:
        rows = _conversation_rows(Conversation.objects.filter(subject_type=subject_type), subject, category=category)
        yield from rows_to_points(rows)


def delay_points() -> Iterator[Point]:
    """Published achievements by the time until their first inquiry and until their first deal (not cancelled)."""
    rows = (
        Achievement.objects.filter(state__in=PUBLIC_STATES, published_at__isnull=False)
        .annotate(
            first_inquiry=Min("conversations__created_at"),
            first_deal=Min("deals__agreed_on", filter=~Q(deals__status=DealStatus.CANCELLED)),
        )
        .filter(Q(first_inquiry__isnull=False) | Q(first_deal__isnull=False))
        .values_list("published_at", "country", "field__slug", "first_inquiry", "first_deal")
    )
    counts: Counter = Counter()
    for published_at, country, field, first_inquiry, first_deal in rows.iterator(chunk_size=5000):
        for series, when in (("first_inquiry", first_inquiry), ("deal", first_deal)):
            if when is not None:
                counts[(published_at.year, country, field, delay_bucket(published_at, when), series)] += 1
    for (year, country, field, bucket, series), n in counts.items():
        yield Point(value=n, year=year, country=country, field=field, category=bucket, series=series)


def register_all() -> None:
    register(
        Indicator(
            name="interactions",
            title=_("Inquiries, proposals and meetings"),
            description=_(
                "Conversations opened on achievements (inquiries) and on demands (proposals) each year, and the "
                "meetings their participants agreed on."
            ),
            compute=interactions_points,
            axis="year",
            chart="line",
            series=INTERACTION_SERIES,
            group=GROUP_INTERACTIONS,
            position=20,
        )
    )
    register(
        Indicator(
            name="interactions_by_purpose",
            title=_("Interactions by purpose"),
            description=_("What the requester asked for when opening the conversation."),
            compute=lambda: outcome_points("purpose"),
            axis="category",
            categories=tuple(Purpose.values),
            category_label=lambda key: Purpose(key).label if key in Purpose.values else key,
            group=GROUP_INTERACTIONS,
            position=21,
        )
    )
    register(
        Indicator(
            name="interaction_outcomes",
            title=_("Outcomes of interactions"),
            description=_("Where conversations stand: still open, in negotiation, agreed (a deal) or closed."),
            compute=lambda: outcome_points("state"),
            axis="category",
            categories=tuple(ConversationState.values),
            category_label=lambda key: ConversationState(key).label if key in ConversationState.values else key,
            sort_by_value=False,
            group=GROUP_INTERACTIONS,
            position=22,
        )
    )
    register(
        Indicator(
            name="time_to_inquiry_and_deal",
            title=_("Time from publication to first inquiry and to deal"),
            description=_(
                "Published achievements by the time between their publication and their first inquiry, and "
                "between their publication and their first deal."
            ),
            compute=delay_points,
            axis="category",
            series=(("first_inquiry", _("First inquiry")), ("deal", _("Deal"))),
            categories=tuple(key for key, _limit, _label in DELAY_BUCKETS),
            category_label=lambda key: {k: label for k, _limit, label in DELAY_BUCKETS}.get(key, key),
            sort_by_value=False,
            group=GROUP_INTERACTIONS,
            position=23,
        )
    )
