"""How similar is "similar meaning": whether the query's nearest listings stand out from its neighbourhood.

multilingual-e5 scores every pair of texts between ~0.7 and ~0.9, and a vague or nonsense query sits close to
everything, so no fixed cosine threshold separates them. What separates them is the shape of the query's
neighbourhood in the index: a query about something has nearest listings that stand out from the rest (its best
neighbour is SEARCH_SIMILARITY_STANDOUT of cosine above its SEARCH_SIMILARITY_NEIGHBOURHOOD-th), a nonsense query is
about as close to all of them. So when the best neighbour does not stand out, nothing counts as similar; when it
does, every neighbour above SEARCH_MIN_SIMILARITY counts and the fusion ranks them (bench/relevance/study.py chose
this, on half of the relevance set's queries, against the other half and its nonsense queries).

With fewer neighbours than that (a small index, or filters leaving few listings) there is no neighbourhood to
compare with: a listing must then score above the query's median similarity to a fixed set of mutually unrelated
technology passages (its background; the median, because a query may well be about one of them, or share its
language) plus SEARCH_SIMILARITY_MARGIN. Engine-independent: both engines' nearest neighbours go through here.
"""

from __future__ import annotations

import threading

import numpy as np
from django.conf import settings

from search.backends.base import VectorMatch
from search.embeddings import get_embedder

# Short passages across fields and languages, none about the same thing: what "unrelated" looks like to the model.
BACKGROUND = (
    "Drought-tolerant wheat varieties for arid regions.",
    "Sensor network for monitoring bridge structural health.",
    "高效钙钛矿太阳能电池制备方法。",
    "Система очистки сточных вод с мембранными биореакторами.",
    "Vacina recombinante contra a dengue para uso veterinário.",
    "Plataforma de telemedicina para clínicas rurales.",
    "Procédé de recyclage des batteries lithium-ion.",
    "نظام ري ذكي يعتمد على إنترنت الأشياء.",
    "सस्ती जल शोधन फ़िल्टर तकनीक।",
    "Machine learning model for predicting steel fatigue.",
    "Biodegradable packaging film made from cassava starch.",
    "Low-cost satellite ground station for universities.",
    "Teknologi fermentasi untuk pakan ternak.",
    "Hệ thống giám sát chất lượng không khí đô thị.",
    "Қазақ тіліндегі сөйлеуді тану жүйесі.",
    "Mfumo wa kuhifadhi nishati ya jua kwa vijiji.",
)

_cache: dict[str, np.ndarray] = {}
_lock = threading.Lock()


def _background() -> np.ndarray:
    provider = get_embedder()
    matrix = _cache.get(provider.space)
    if matrix is None:
        with _lock:
            matrix = _cache.get(provider.space)
            if matrix is None:
                matrix = _cache[provider.space] = provider.passages(list(BACKGROUND))
    return matrix


def background_similarities(vector: np.ndarray) -> np.ndarray:
    """The query's cosine to each background passage."""
    return _background() @ np.asarray(vector, dtype=np.float32)


def min_similarity(vector: np.ndarray) -> float:
    """The cosine a listing needs to count as similar in meaning to the query whose vector this is."""
    background = float(np.median(background_similarities(vector)))
    return max(settings.SEARCH_MIN_SIMILARITY, background + settings.SEARCH_SIMILARITY_MARGIN)


def similar_in_meaning(vector: np.ndarray, neighbours: list[VectorMatch]) -> list[VectorMatch]:
    """The ``neighbours`` of the query whose vector this is (best first, as ``knn`` returns them, all at least
    SEARCH_MIN_SIMILARITY) that count as similar in meaning (see the module docstring)."""
    rank = settings.SEARCH_SIMILARITY_NEIGHBOURHOOD
    if len(neighbours) < rank:
        limit = min_similarity(vector)
        return [match for match in neighbours if match.score >= limit]
    if neighbours[0].score - neighbours[rank - 1].score < settings.SEARCH_SIMILARITY_STANDOUT:
        return []
    return neighbours
