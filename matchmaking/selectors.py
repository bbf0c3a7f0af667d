"""Matchmaking: for a demand the achievements that could answer it, for an achievement the demands it could answer.

Candidates come from the search engine's nearest neighbours of the listing's own vector (its source-language text,
so a Chinese demand meets a Portuguese achievement with no translation between them); each is then scored by
meaning plus structure and carries its reasons in the reader's language. Only published listings of other
organisations are ever proposed, and only public fields are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Model, Q
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_countries import countries

from achievements.models import KEYWORD_SEPARATORS, Achievement
from demands.models import Demand
from marketplace.i18n import column
from marketplace.models import ModerationState
from search.backends import get_backend
from search.backends.base import SearchQuery, SearchUnavailable
from search.documents import doc_type, listing_queryset, parse_key
from search.embeddings import embeddings_enabled, get_embedder
from search.embeddings.listings import stored_vector

CANDIDATES = 50
MAX_MATCHES = 20
# Cosines of multilingual-e5 between ~0.75 (unrelated) and ~0.90 (the same thing): mapped onto 0..1.
MEANING_FLOOR, MEANING_SPAN = 0.75, 0.15
MEANING_WEIGHT = 0.6
SAME_FIELD = 0.15
SHARED_MODE = 0.08
WITHIN_BUDGET = 0.08
NEGOTIABLE_PRICE = 0.03
READY_TRL, READY_TRL_BONUS = 6, 0.04
# A demand that states the readiness it needs: within the range counts more than "ready" in general, outside it less.
TRL_IN_RANGE, TRL_OUT_OF_RANGE = 0.06, -0.1
SAME_COUNTRY = 0.02
PREFERRED_COUNTRY = 0.05
KEYWORD_BONUS, MAX_KEYWORDS = 0.03, 3


@dataclass(frozen=True)
class Reason:
    code: str
    detail: str


@dataclass(frozen=True)
class Match:
    type: str
    id: int
    title: str
    title_language: str
    url: str
    score: float
    similarity: float
    reasons: tuple[Reason, ...]


def _language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


def _money(amount: Decimal, currency: str) -> str:
    return f"{number_format(amount, decimal_pos=0, force_grouping=True)} {currency}"


def _keywords_in(achievement: Achievement, demand: Demand) -> tuple[str, list[str]] | None:
    """Keywords of the achievement found in the demand's text of the same language (its source language first)."""
    languages = dict.fromkeys((demand.source_language, achievement.source_language, *dict(settings.LANGUAGES)))
    for lang in languages:
        keywords = getattr(achievement, column("keywords", lang), "") or ""
        text = " ".join((getattr(demand, column(name, lang), "") or "") for name in ("title", "description")).casefold()
        if not keywords or not text:
            continue
        found = [
            word.strip()
            for word in KEYWORD_SEPARATORS.split(keywords)
            if len(word.strip()) > 1 and re.search(rf"(?<!\w){re.escape(word.strip().casefold())}", text)
        ]
        if found:
            return lang, found[:MAX_KEYWORDS]
    return None


def _trl_fit(demand: Demand, trl: int) -> tuple[float, Reason]:
    """The bonus (or penalty) and the reason of an achievement's TRL against the demand's required range."""
    low, high = demand.trl_min, demand.trl_max
    values = {"trl": trl, "low": low, "high": high}
    if low is not None and trl < low:
        return TRL_OUT_OF_RANGE, Reason("trl_below_range", _("TRL %(trl)s < required %(low)s") % values)
    if high is not None and trl > high:
        return TRL_OUT_OF_RANGE, Reason("trl_above_range", _("TRL %(trl)s > wanted at most %(high)s") % values)
    if low is not None and high is not None:
        detail = _("TRL %(trl)s within the required %(low)s–%(high)s") % values
    elif low is not None:
        detail = _("TRL %(trl)s ≥ required %(low)s") % values
    else:
        detail = _("TRL %(trl)s ≤ wanted at most %(high)s") % values
    return TRL_IN_RANGE, Reason("trl_in_range", detail)


def _structure(demand: Demand, achievement: Achievement) -> tuple[float, list[Reason]]:
    """Bonuses and reasons from what the two listings declare (field, modes, money, readiness, place, keywords)."""
    bonus, reasons = 0.0, []
    if demand.field_id == achievement.field_id:
        bonus += SAME_FIELD
        name = achievement.field.text("name")
        reasons.append(Reason("same_field", _("Same field: %(field)s") % {"field": name}))
    wanted = {mode.code: mode for mode in demand.cooperation_modes.all()}
    shared = [mode for mode in achievement.transfer_modes.all() if mode.code in wanted]
    if shared:
        bonus += SHARED_MODE
        labels = ", ".join(str(mode.label) for mode in shared)
        reasons.append(Reason("transfer_mode", _("Compatible transfer mode: %(modes)s") % {"modes": labels}))
    price, currency = achievement.price_amount, achievement.price_currency
    if price is not None and demand.budget_max is not None and currency and currency == demand.budget_currency:
        if price <= demand.budget_max:
            bonus += WITHIN_BUDGET
            detail = _("Asking price %(price)s within the budget of %(budget)s") % {
                "price": _money(price, currency),
                "budget": _money(demand.budget_max, currency),
            }
            reasons.append(Reason("within_budget", detail))
    elif achievement.price_negotiable and demand.has_budget:
        bonus += NEGOTIABLE_PRICE
        reasons.append(Reason("price_negotiable", _("Price negotiable")))
    if demand.has_trl_range:
        trl_bonus, trl_reason = _trl_fit(demand, achievement.trl)
        bonus += trl_bonus
        reasons.append(trl_reason)
    elif achievement.trl >= READY_TRL:
        bonus += READY_TRL_BONUS
        reasons.append(Reason("trl", str(achievement.get_trl_display())))
    if achievement.country and achievement.country in demand.preferred_countries:
        bonus += PREFERRED_COUNTRY
        name = countries.name(achievement.country)
        reasons.append(Reason("preferred_country", _("In a preferred country: %(country)s") % {"country": name}))
    elif demand.country and demand.country == achievement.country:
        bonus += SAME_COUNTRY
        reasons.append(
            Reason("same_country", _("Same country: %(country)s") % {"country": countries.name(demand.country)})
        )
    keywords = _keywords_in(achievement, demand)
    if keywords:
        lang, words = keywords
        bonus += KEYWORD_BONUS * len(words)
        detail = _("Keywords matched in %(language)s: %(keywords)s") % {
            "language": _language_name(lang),
            "keywords": ", ".join(words),
        }
        reasons.append(Reason("keywords", detail))
    return bonus, reasons


def _own(listing: Model) -> Q:
    """The listings of the same organisation (or, without one, of the same owner): never proposed."""
    same = Q(owner_id=listing.owner_id)
    if listing.institution_id:
        same |= Q(institution_id=listing.institution_id)
    return same


def _neighbours(listing: Model, kind: str) -> dict[int, float]:
    """pk -> cosine of the published listings of ``kind`` nearest to ``listing`` ({} without vectors or engine)."""
    if not embeddings_enabled():
        return {}
    vector = stored_vector(kind=doc_type(listing), pk=listing.pk)
    if vector is None:
        return {}
    backend = get_backend()
    try:
        if backend.vector_space() != get_embedder().space:
            return {}
        near = backend.knn(SearchQuery(types=(kind,)), vector, k=CANDIDATES, min_score=0.0)
    except SearchUnavailable:
        return {}
    return {parse_key(match.key)[1]: match.score for match in near}


def _meaning_reason(cosine: float) -> Reason:
    return Reason("meaning", _("Similar meaning %(score)s") % {"score": f"{cosine:.2f}"})


def similar_listings(*, listing: Model, lang: str, limit: int = 5) -> list[Match]:
    """Other published listings of the same kind closest in meaning (any organisation), best first."""
    kind = doc_type(listing)
    similarity = _neighbours(listing, kind)
    similarity.pop(listing.pk, None)
    ranked = sorted(similarity, key=lambda pk: -similarity[pk])[: max(1, min(limit, MAX_MATCHES))]
    rows = listing_queryset(kind).filter(pk__in=ranked, state=ModerationState.PUBLISHED).in_bulk()
    matches = []
    with translation.override(lang):
        for pk in ranked:
            if pk not in rows:
                continue
            title, title_language = rows[pk].text_with_language("title", lang)
            cosine = similarity[pk]
            matches.append(
                Match(
                    kind,
                    pk,
                    title,
                    title_language,
                    rows[pk].get_absolute_url(),
                    round(cosine, 3),
                    round(cosine, 3),
                    (_meaning_reason(cosine),),
                )
            )
    return matches


def listing_matches(*, listing: Model, lang: str, limit: int = 5) -> list[Match]:
    """The best counterparts of ``listing`` (achievements for a demand, demands for an achievement), best first."""
    limit = max(1, min(limit, MAX_MATCHES))
    kind = doc_type(listing)
    other = "achievement" if kind == "demand" else "demand"
    similarity = _neighbours(listing, other)
    if not similarity:
        return []
    candidates = (
        listing_queryset(other)
        .filter(pk__in=list(similarity), state=ModerationState.PUBLISHED)
        .exclude(_own(listing))
        .select_related("field")
    )
    matches = []
    with translation.override(lang):
        for candidate in candidates:
            demand, achievement = (listing, candidate) if kind == "demand" else (candidate, listing)
            cosine = similarity[candidate.pk]
            meaning = min(1.0, max(0.0, (cosine - MEANING_FLOOR) / MEANING_SPAN))
            bonus, reasons = _structure(demand, achievement)
            meaning_reason = _meaning_reason(cosine)
            title, title_language = candidate.text_with_language("title", lang)
            matches.append(
                Match(
                    type=other,
                    id=candidate.pk,
                    title=title,
                    title_language=title_language,
                    url=candidate.get_absolute_url(),
                    score=round(min(1.0, MEANING_WEIGHT * meaning + bonus), 3),
                    similarity=round(cosine, 3),
                    reasons=(meaning_reason, *reasons),
                )
            )
    matches.sort(key=lambda match: (-match.score, -match.similarity, match.id))
    return matches[:limit]
