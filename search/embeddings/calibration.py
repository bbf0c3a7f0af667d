"""How similar is "similar meaning": a per-query threshold above the query's background similarity.

multilingual-e5 scores every pair of texts between ~0.7 and ~0.9, and a vague or nonsense query sits close to
everything. So a fixed cosine threshold either lets "xyz" find listings or drops real cross-language matches. The
threshold is instead the query's median similarity to a fixed set of mutually unrelated technology passages (its
background; the median, because a query may well be about one of them, or share its language) plus
SEARCH_SIMILARITY_MARGIN (default 0: the 4-bit small model scores real cross-language matches only a little above
the background, so any margin costs recall), and never below SEARCH_MIN_SIMILARITY. Nonsense queries sit on their
background and find little or nothing. Engine-independent: both engines receive the same ``min_score``.
"""

from __future__ import annotations

import threading

import numpy as np
from django.conf import settings

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


def min_similarity(vector: np.ndarray) -> float:
    """The cosine a listing needs to count as similar in meaning to the query whose vector this is."""
    background = float(np.median(_background() @ np.asarray(vector, dtype=np.float32)))
    return max(settings.SEARCH_MIN_SIMILARITY, background + settings.SEARCH_SIMILARITY_MARGIN)
