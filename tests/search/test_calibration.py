"""What counts as similar in meaning to a query (search/embeddings/calibration.py), with the bundled model."""

from __future__ import annotations

import pytest

from search.backends.base import VectorMatch
from search.embeddings import query_vector
from search.embeddings.calibration import min_similarity, similar_in_meaning


def neighbours(*scores: float) -> list[VectorMatch]:
    return [VectorMatch(key=f"achievement:{n}", score=score) for n, score in enumerate(scores, start=1)]


@pytest.fixture
def small_neighbourhood(settings):
    settings.SEARCH_SIMILARITY_NEIGHBOURHOOD = 5
    settings.SEARCH_SIMILARITY_STANDOUT = 0.04


def test_nothing_is_similar_when_the_nearest_listing_does_not_stand_out(small_neighbourhood):
    # A nonsense query: about as close to every listing, the best one included.
    flat = neighbours(0.83, 0.82, 0.82, 0.81, 0.80, 0.80, 0.79)
    assert similar_in_meaning(query_vector("zanzibarite"), flat) == []


def test_every_neighbour_counts_when_the_nearest_stands_out(small_neighbourhood):
    # A real query: its best match is well above its fifth; the fusion ranks the rest.
    peaked = neighbours(0.87, 0.84, 0.82, 0.81, 0.80, 0.80, 0.79)
    assert similar_in_meaning(query_vector("lithium battery recycling"), peaked) == peaked


def test_with_few_neighbours_the_background_similarity_decides(small_neighbourhood):
    vector = query_vector("lithium battery recycling")
    limit = min_similarity(vector)
    few = neighbours(limit + 0.01, limit - 0.01)
    assert similar_in_meaning(vector, few) == few[:1]
