"""Reads of projects; every read goes through the visibility rules here (unconfirmed parts stay with the editors)."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from achievements.models import Achievement
from demands.models import Demand
from marketplace.errors import NotFound
from marketplace.models import Institution, InstitutionKind, ModerationState
from marketplace.permissions import (
    admin_institution_ids,
    can_edit_listing,
    editable_listing_q,
    member_institution_ids,
    visible_listing_q,
)
from matchmaking.selectors import MAX_MATCHES, listing_matches
from projects.filters import ProjectFilter
from projects.models import InterestExpression, Project, ProjectAchievement, ProjectMember
from search.backends.base import BadQuery
from search.selectors import search_listings

logger = logging.getLogger(__name__)

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


# --- the aggregation assistant ------------------------------------------------------------------------------------

ASSISTANT_CANDIDATES = 40
ASSISTANT_PICKS = 8
PER_INSTITUTION = 2  # a bundle is a consortium: no institution fills it alone
NEW_FIELD, NEW_INSTITUTION, NEW_COUNTRY = 0.5, 0.3, 0.2


@dataclass(frozen=True)
class Proposed:
    """One achievement of a proposal, with why it was chosen (in the reader's language)."""

    achievement: Achievement
    relevance: float
    reasons: tuple[str, ...]


@dataclass
class AggregationProposal:
    """Achievements that complement each other for a demand or a theme, grouped by country and institution."""

    demand: Demand | None
    query: str
    picks: list[Proposed] = field(default_factory=list)

    @property
    def groups(self) -> list[dict]:
        """[{country, institutions: [{institution, picks}]}] in the order of the best pick of each."""
        countries: dict[str, dict] = {}
        for pick in self.picks:
            achievement = pick.achievement
            country = countries.setdefault(str(achievement.country), {"country": achievement.country, "by": {}})
            group = country["by"].setdefault(
                achievement.institution_id or 0, {"institution": achievement.institution, "picks": []}
            )
            group["picks"].append(pick)
        return [{"country": c["country"], "institutions": list(c["by"].values())} for c in countries.values()]

    @property
    def field_count(self) -> int:
        return len({pick.achievement.field_id for pick in self.picks})

    @property
    def country_count(self) -> int:
        return len({str(pick.achievement.country) for pick in self.picks})

    @property
    def institution_count(self) -> int:
        return len({pick.achievement.institution_id or -pick.achievement.owner_id for pick in self.picks})


def _text_ranking(text: str, lang: str) -> list[int]:
    """Published achievements matching ``text`` by words and meaning (the search engine), best first."""
    if not text.strip():
        return []
    try:
        page = search_listings(text=text, lang=lang, types=("achievement",), page_size=ASSISTANT_CANDIDATES)
    except BadQuery:
        return []
    return [hit.pk for hit in page.hits]


def _candidates(*, demand: Demand | None, query: str, lang: str) -> dict[int, float]:
    """pk -> relevance (0..1) merged from the demand's matches and the text searches (reciprocal ranks)."""
    rankings: list[list[int]] = []
    if demand is not None:
        rankings.append([match.id for match in listing_matches(listing=demand, lang=lang, limit=MAX_MATCHES)])
        title, title_language = demand.text_with_language("title", demand.source_language)
        rankings.append(_text_ranking(title, title_language))
    if query:
        rankings.append(_text_ranking(query, lang))
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, pk in enumerate(ranking):
            scores[pk] = scores.get(pk, 0.0) + 1.0 / (rank + 2)
    best = max(scores.values(), default=1.0)
    return {pk: score / best for pk, score in scores.items()}


def aggregation_proposal(
    *, lang: str, demand: Demand | None = None, query: str = "", limit: int = ASSISTANT_PICKS
) -> AggregationProposal:
    """Published achievements that together could answer ``demand`` or the theme ``query``: relevant ones first, each
    next pick preferring a field, an institution and a country the proposal does not have yet (at most
    PER_INSTITUTION per institution). Never the demand's own organisation's; public columns only."""
    query = (query or "").strip()[:300]
    proposal = AggregationProposal(demand=demand, query=query)
    relevance = _candidates(demand=demand, query=query, lang=lang)
    if not relevance:
        return proposal
    rows = (
        Achievement.objects.filter(pk__in=list(relevance), state=ModerationState.PUBLISHED)
        .select_related("field", "institution")
        .defer(*(name.removeprefix("achievement__") for name in ACHIEVEMENT_PRIVATE))
    )
    if demand is not None:
        own = Q(owner_id=demand.owner_id) | (Q(institution_id=demand.institution_id) if demand.institution_id else Q())
        rows = rows.exclude(own)
    remaining = list(rows)
    fields: set[int] = set()
    countries: set[str] = set()
    institutions: Counter = Counter()
    with translation.override(lang):
        while remaining and len(proposal.picks) < max(1, min(limit, ASSISTANT_CANDIDATES)):

            def gain(candidate: Achievement) -> float:
                return (
                    relevance[candidate.pk]
                    + NEW_FIELD * (candidate.field_id not in fields)
                    + NEW_INSTITUTION * (_organisation(candidate) not in institutions)
                    + NEW_COUNTRY * (str(candidate.country) not in countries)
                )

            allowed = [c for c in remaining if institutions[_organisation(c)] < PER_INSTITUTION]
            if not allowed:
                break
            chosen = max(allowed, key=lambda c: (gain(c), -c.pk))
            remaining.remove(chosen)
            proposal.picks.append(
                Proposed(chosen, round(relevance[chosen.pk], 3), _reasons(chosen, fields, countries, institutions))
            )
            fields.add(chosen.field_id)
            countries.add(str(chosen.country))
            institutions[_organisation(chosen)] += 1
    return proposal


def _organisation(achievement: Achievement) -> str:
    return f"i{achievement.institution_id}" if achievement.institution_id else f"u{achievement.owner_id}"


def _reasons(achievement: Achievement, fields: set, countries: set, institutions: Counter) -> tuple[str, ...]:
    reasons = []
    if fields and achievement.field_id not in fields:
        reasons.append(_("Adds a field: %(field)s") % {"field": achievement.field.text("name")})
    if institutions and _organisation(achievement) not in institutions:
        reasons.append(_("Another institution"))
    if countries and str(achievement.country) not in countries:
        reasons.append(_("Another country: %(country)s") % {"country": achievement.country.name})
    return tuple(reasons)


def assistant_demands(*, user) -> QuerySet[Demand]:
    """Published demands to start a proposal from: the newest first (a staff or manager tool, not a public list)."""
    return Demand.objects.filter(state=ModerationState.PUBLISHED).order_by("-published_at", "-id")
