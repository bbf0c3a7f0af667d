"""Reads shared by listing types and the member network."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from marketplace.models import (
    Institution,
    Listing,
    Membership,
    MembershipStatus,
    ModerationEvent,
    ModerationState,
)
from marketplace.permissions import admin_institution_ids


def moderation_history(*, listing: Listing) -> QuerySet[ModerationEvent]:
    return ModerationEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(type(listing)), object_id=listing.pk
    ).select_related("actor")


def latest_staff_reasons(*, listings: Iterable[Listing]) -> dict[int, ModerationEvent]:
    """The newest staff decision with a reason, per listing id, in one query (for "My listings")."""
    listings = list(listings)
    if not listings:
        return {}
    events = ModerationEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(type(listings[0])),
        object_id__in=[item.pk for item in listings],
    ).exclude(reason="")
    latest: dict[int, ModerationEvent] = {}
    for event in events.order_by("-created_at", "-id"):
        latest.setdefault(event.object_id, event)
    return latest


def institution_list(*, filters: dict | None = None) -> QuerySet[Institution]:
    """The public directory with counts of published listings."""
    filters = filters or {}
    qs = Institution.objects.all()
    if filters.get("country"):
        qs = qs.filter(country=filters["country"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("official"):
        qs = qs.filter(is_official_tt=True)
    return qs.annotate(
        published_achievements=Count(
            "achievements", filter=Q(achievements__state=ModerationState.PUBLISHED), distinct=True
        ),
        published_demands=Count("demands", filter=Q(demands__state=ModerationState.PUBLISHED), distinct=True),
    ).order_by("country", "name")


def institution_member_list(*, institution: Institution) -> QuerySet[Membership]:
    return institution.memberships.select_related("user").order_by("status", "-role", "user__display_name")


def user_memberships(*, user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("institution").order_by("institution__name")


def user_active_institutions(*, user) -> QuerySet[Institution]:
    if user.is_staff:
        return Institution.objects.all()
    return Institution.objects.filter(memberships__user=user, memberships__status=MembershipStatus.ACTIVE)


def user_admin_institutions(*, user) -> QuerySet[Institution]:
    return Institution.objects.filter(pk__in=admin_institution_ids(user))
