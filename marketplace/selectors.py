"""Reads shared by listing types and the member network."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from marketplace.errors import NotFound
from marketplace.i18n import column
from marketplace.models import (
    Institution,
    Invitation,
    Listing,
    Membership,
    MembershipStatus,
    ModerationEvent,
    ModerationState,
    TechnologyField,
)
from marketplace.permissions import admin_institution_ids
from marketplace.reads import cached


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
    return qs.order_by("country", "name")


def institutions_with_counts(institutions: Iterable[Institution]) -> list[Institution]:
    """``institutions`` with ``published_achievements`` and ``published_demands`` set from the cached counts: a
    counting subquery per row and kind cost ~45 ms of index reads per directory page at 150,000 listings."""
    achievements = published_counts(model=Institution.achievements.rel.related_model, by="institution")
    demands = published_counts(model=Institution.demands.rel.related_model, by="institution")
    rows = list(institutions)
    for institution in rows:
        institution.published_achievements = achievements.get(institution.pk, 0)
        institution.published_demands = demands.get(institution.pk, 0)
    return rows


def published_counts(*, model: type[Listing], by: str) -> dict[int, int]:
    """Published listings of ``model`` per value of the foreign key ``by`` (institution, field): one GROUP BY over
    the table, cached per listings version (a save shows at once)."""

    def compute() -> dict[int, int]:
        rows = (
            model.objects.filter(state=ModerationState.PUBLISHED)
            .order_by()
            .values_list(by)
            .annotate(total=Count("*"))
            .values_list(by, "total")
        )
        return {key: total for key, total in rows if key is not None}

    return cached("published-counts", compute, model._meta.label, by)


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


# --- the institution directory and joining (pages) ---------------------------------------------------------------


def institution_countries() -> list[str]:
    """ISO codes of the countries that have at least one institution (the directory's country filter)."""
    return sorted(Institution.objects.order_by().values_list("country", flat=True).distinct())


def institution_search(*, query: str, limit: int = 20) -> QuerySet[Institution]:
    """Institutions whose name, in any language, contains ``query`` (to find one to join)."""
    query = query.strip()
    if not query:
        return Institution.objects.none()
    match = Q()
    for code, _name in settings.LANGUAGES:
        match |= Q(**{f"{column('name', code)}__icontains": query})
    return Institution.objects.filter(match | Q(slug__icontains=query)).order_by("country", "slug")[:limit]


def institution_pending_invitations(*, institution: Institution) -> QuerySet[Invitation]:
    return institution.invitations.filter(accepted_at__isnull=True).select_related("invited_by").order_by("-created_at")


def user_pending_invitations(*, user) -> QuerySet[Invitation]:
    """Open invitations addressed to the user's e-mail address."""
    return (
        Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True)
        .select_related("institution", "invited_by")
        .order_by("-created_at")
    )


def invitation_get_for_user(*, token: str, user) -> Invitation:
    """An open invitation for the signed-in user's address; ``NotFound`` for a used, unknown or someone else's token."""
    invitation = user_pending_invitations(user=user).filter(token=token).first()
    if invitation is None:
        raise NotFound(_("This invitation does not exist, was already used, or is for another e-mail address."))
    return invitation


def technology_field_list() -> list[TechnologyField]:
    """The taxonomy with the number of published achievements in each field (home page), the counts cached."""
    counts = published_counts(model=TechnologyField.achievements.rel.related_model, by="field")
    fields = list(TechnologyField.objects.order_by("position", "slug"))
    for field in fields:
        field.published_achievements = counts.get(field.pk, 0)
    return fields


def institution_network_counts() -> dict[str, int]:
    """How many institutions the network has, in how many countries (one query)."""
    return Institution.objects.aggregate(institutions=Count("pk"), countries=Count("country", distinct=True))


def listing_review_queue_count(*, model: type[Listing]) -> int:
    """How many listings of ``model`` wait for a staff decision (the admin changelist's default queue)."""
    return model.objects.filter(state=ModerationState.SUBMITTED).count()
