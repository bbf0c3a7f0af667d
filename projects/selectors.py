"""Reads of projects; every read goes through the visibility rules here (unconfirmed parts stay with the editors)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from marketplace.errors import NotFound
from marketplace.models import Institution, InstitutionKind, ModerationState
from marketplace.permissions import (
    admin_institution_ids,
    can_edit_listing,
    editable_listing_q,
    member_institution_ids,
    visible_listing_q,
)
from projects.filters import ProjectFilter
from projects.models import InterestExpression, Project, ProjectAchievement, ProjectMember

# An achievement's card in a project shows only public columns: its dossier, NDA and contacts are never even loaded.
ACHIEVEMENT_PRIVATE = (
    "achievement__confidential_dossier",
    "achievement__nda_text",
    "achievement__contact_name",
    "achievement__contact_email",
    "achievement__contact_phone",
    "achievement__description",
)


def _with_relations(qs: QuerySet[Project]) -> QuerySet[Project]:
    return (
        qs.select_related("field", "institution", "owner")
        .prefetch_related("other_fields")
        .annotate(
            follower_count=Count("interests", distinct=True),
            withdrawn_count=Count("bundle", filter=Q(bundle__withdrawn_at__isnull=False), distinct=True),
        )
    )


def project_list(*, filters: dict | None = None) -> ProjectFilter:
    """Published projects, newest first, filtered; returns the FilterSet (its ``.qs`` and ``.form``)."""
    base = _with_relations(Project.objects.filter(state=ModerationState.PUBLISHED)).defer("description")
    return ProjectFilter(filters or None, queryset=base.order_by("-published_at", "-id"))


def project_list_mine(*, user) -> QuerySet[Project]:
    """Projects the user edits (their own, their institutions'), every state."""
    qs = Project.objects.filter(editable_listing_q(user)) if not user.is_staff else Project.objects.filter(owner=user)
    return _with_relations(qs).order_by("-updated_at")


def _visible_q(user) -> Q:
    """The public projects and the user's own; plus, whatever their state, those asking the user to confirm
    (an achievement they own, an institution they administer): one reads a project before joining it."""
    visible = visible_listing_q(user)
    if not user.is_authenticated or user.is_staff:
        return visible
    bundles = ProjectAchievement.objects.filter(
        Q(achievement__owner=user) | Q(achievement__institution_id__in=admin_institution_ids(user))
    )
    consortia = ProjectMember.objects.filter(institution_id__in=admin_institution_ids(user))
    return visible | Q(pk__in=bundles.values("project_id")) | Q(pk__in=consortia.values("project_id"))


def project_get(*, pk: int, user) -> Project:
    """One project ``user`` may see; 404 (never 403) otherwise, so drafts' existence does not leak."""
    project = _with_relations(Project.objects.filter(_visible_q(user))).filter(pk=pk).first()
    if project is None:
        raise NotFound()
    return project


def project_bundle(*, project: Project, user) -> list[ProjectAchievement]:
    """The bundled achievements the user may see: confirmed ones for everyone, all of them for the editors."""
    qs = (
        ProjectAchievement.objects.filter(project=project)
        .select_related("achievement__field", "achievement__institution")
        .defer(*ACHIEVEMENT_PRIVATE)
    )
    if not can_edit_listing(user, project):
        qs = qs.filter(confirmed_at__isnull=False)
    return list(qs)


def project_members(*, project: Project, user) -> list[ProjectMember]:
    """The consortium: confirmed members for everyone, every proposed member for the editors."""
    qs = ProjectMember.objects.filter(project=project).select_related("institution")
    if not can_edit_listing(user, project):
        qs = qs.filter(confirmed_at__isnull=False)
    return list(qs)


def project_interests(*, project: Project, user) -> QuerySet[InterestExpression]:
    """Who follows the project and what they wrote: for its editors only."""
    if not can_edit_listing(user, project):
        return InterestExpression.objects.none()
    return project.interests.select_related("investor", "user")


def confirmations_waiting(*, user) -> dict[str, list]:
    """What waits for ``user``'s confirmation: their achievements proposed for a bundle, their institutions invited."""
    if not user.is_authenticated:
        return {"achievements": [], "members": []}
    admin_ids = admin_institution_ids(user)
    achievements = (
        ProjectAchievement.objects.filter(confirmed_at__isnull=True)
        .filter(Q(achievement__owner=user) | Q(achievement__institution_id__in=admin_ids))
        .exclude(project__state=ModerationState.ARCHIVED)
        .select_related("project", "achievement")
        .defer(*ACHIEVEMENT_PRIVATE)
    )
    members = (
        ProjectMember.objects.filter(confirmed_at__isnull=True, institution_id__in=admin_ids)
        .exclude(project__state=ModerationState.ARCHIVED)
        .select_related("project", "institution")
    )
    return {"achievements": list(achievements), "members": list(members)}


def investors_following(*, project: Project, investors: list[Institution]) -> list[Institution]:
    """Which of ``investors`` (the user's investor institutions) already follow the project."""
    if not investors:
        return []
    ids = set(project.interests.filter(investor__in=investors).values_list("investor_id", flat=True))
    return [investor for investor in investors if investor.pk in ids]


def user_investor_institutions(*, user) -> list[Institution]:
    """The investor institutions the user is an active member of (they express interest on their behalf)."""
    ids = member_institution_ids(user)
    return list(Institution.objects.filter(pk__in=ids, kind=InstitutionKind.INVESTOR))
