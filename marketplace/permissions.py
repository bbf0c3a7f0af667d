"""Who may see and change what. Pure functions over a user and an object; selectors and services call them."""

from __future__ import annotations

from django.db.models import Q

from marketplace.models import Listing, Membership, MembershipRole, MembershipStatus, ModerationState

PUBLIC_STATES = (ModerationState.PUBLISHED, ModerationState.TRANSFERRED)


def admin_institution_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_admin_institution_ids", None)
    if cache is None:
        cache = set(
            Membership.objects.filter(user=user, role=MembershipRole.ADMIN, status=MembershipStatus.ACTIVE).values_list(
                "institution_id", flat=True
            )
        )
        user._admin_institution_ids = cache
    return cache


def member_institution_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values_list("institution_id", flat=True)
    )


def is_institution_admin(user, institution_id: int | None) -> bool:
    return institution_id is not None and institution_id in admin_institution_ids(user)


def can_edit_listing(user, listing: Listing) -> bool:
    """Owners, administrators of the listing's institution, and center staff."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff or listing.owner_id == user.pk or is_institution_admin(user, listing.institution_id)


def can_view_listing(user, listing: Listing) -> bool:
    return listing.state in PUBLIC_STATES or can_edit_listing(user, listing)


def visible_listing_q(user) -> Q:
    """Rows ``user`` may see: the public ones, plus their own and their institutions' (all of them for staff)."""
    public = Q(state__in=PUBLIC_STATES)
    if not user.is_authenticated or not user.is_active:
        return public
    if user.is_staff:
        return Q()
    return public | Q(owner=user) | Q(institution_id__in=admin_institution_ids(user))


def editable_listing_q(user) -> Q:
    if user.is_staff:
        return Q()
    return Q(owner=user) | Q(institution_id__in=admin_institution_ids(user))


def can_manage_institution(user, institution) -> bool:
    """Staff and the institution's administrators edit its profile and decide its memberships."""
    return user.is_authenticated and (user.is_staff or is_institution_admin(user, institution.pk))
