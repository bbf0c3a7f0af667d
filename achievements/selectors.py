"""Reads of research achievements; every public read goes through the visibility rules here."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from achievements.filters import AchievementFilter
from achievements.models import Achievement, AchievementAttachment, NdaAcceptance
from marketplace.errors import NotFound
from marketplace.models import ModerationState
from marketplace.permissions import can_edit_listing, editable_listing_q, visible_listing_q


def _with_relations(qs: QuerySet[Achievement]) -> QuerySet[Achievement]:
    return qs.select_related("field", "institution", "owner").prefetch_related("transfer_modes")


def _cover_pictures() -> Prefetch:
    """The public pictures of each listing, first one first: the card shows the first as its cover."""
    pictures = AchievementAttachment.objects.filter(is_confidential=False).exclude(thumbnail="").order_by("id")
    return Prefetch(
        "attachments", queryset=pictures.only("id", "achievement_id", "thumbnail"), to_attr="cover_pictures"
    )


def achievement_list(*, filters: dict | None = None) -> AchievementFilter:
    """Published achievements, newest first, filtered; returns the FilterSet (its ``.qs`` and ``.form``)."""
    # No owner: lists never show one (one join less per page).
    base = (
        Achievement.objects.filter(state=ModerationState.PUBLISHED)
        .select_related("field", "institution")
        .prefetch_related("transfer_modes", _cover_pictures())
        .defer("description", "confidential_dossier", "nda_text")
    )
    return AchievementFilter(filters or None, queryset=base.order_by("-published_at", "-id"))


def achievement_list_visible(*, user) -> QuerySet[Achievement]:
    """Everything ``user`` may read (public ones, plus their own and their institutions'), for the API."""
    return _with_relations(Achievement.objects.filter(visible_listing_q(user))).order_by("-published_at", "-id")


def achievement_list_mine(*, user) -> QuerySet[Achievement]:
    """The user's own achievements and those of institutions they administer ("My listings")."""
    qs = (
        Achievement.objects.filter(editable_listing_q(user))
        if not user.is_staff
        else Achievement.objects.filter(owner=user)
    )
    return _with_relations(qs).order_by("-updated_at")


def achievement_get(*, pk: int, user) -> Achievement:
    """One achievement ``user`` may see; 404 (never 403) otherwise, so drafts' existence does not leak."""
    achievement = (
        _with_relations(Achievement.objects.filter(visible_listing_q(user)))
        .prefetch_related(Prefetch("attachments", queryset=AchievementAttachment.objects.order_by("id")))
        .filter(pk=pk)
        .first()
    )
    if achievement is None:
        raise NotFound()
    return achievement


def achievement_dossier_open(*, achievement: Achievement, user) -> bool:
    """Editors always see the dossier; others after accepting the current NDA text."""
    if not user.is_authenticated:
        return False
    if can_edit_listing(user, achievement):
        return True
    if not achievement.nda_text:
        return False
    return NdaAcceptance.objects.filter(achievement=achievement, user=user, nda_hash=achievement.nda_hash).exists()


def achievement_nda_acceptances(*, achievement: Achievement, user) -> QuerySet[NdaAcceptance]:
    """Who accepted the NDA and when; only for editors (owner, institution admin, staff)."""
    if not can_edit_listing(user, achievement):
        return NdaAcceptance.objects.none()
    return achievement.nda_acceptances.select_related("user").order_by("-accepted_at")


def attachment_get(*, pk: int, user) -> AchievementAttachment:
    """An attachment the user may download: of a visible achievement, and confidential only behind the NDA."""
    attachment = AchievementAttachment.objects.select_related("achievement").filter(pk=pk).first()
    if attachment is None:
        raise NotFound()
    achievement = attachment.achievement
    visible = Achievement.objects.filter(visible_listing_q(user), pk=achievement.pk).exists()
    if not visible or (attachment.is_confidential and not achievement_dossier_open(achievement=achievement, user=user)):
        raise NotFound()
    return attachment
