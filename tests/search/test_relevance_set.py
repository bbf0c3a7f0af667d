"""The relevance set of `make bench-search` (bench/relevance/): fit for the measure, and every target in the corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.append(str(BENCH))  # after the project: bench/search.py must not hide the search app

import corpus  # noqa: E402 (bench/ on the path first)
import relevance  # noqa: E402
from relevance.run import load_anchors  # noqa: E402

from achievements.models import Achievement  # noqa: E402
from demands.models import Demand  # noqa: E402
from marketplace.i18n import column  # noqa: E402
from marketplace.models import ModerationState  # noqa: E402
from search.documents import parse_key  # noqa: E402


def test_the_set_is_fit_for_the_measure():
    assert relevance.problems() == []
    made = relevance.composition()
    assert made["queries"] >= 120
    assert set(made["query_languages"]) == set(relevance.LANGUAGE_CODES)
    assert made["cross_language_queries"] > made["same_language_queries"] > 0


def test_a_target_that_is_no_anchor_is_a_problem(monkeypatch):
    monkeypatch.setattr(relevance, "QUERIES", [*relevance.QUERIES, ("sw", "nishati ya jua", ("A99",))])
    assert "query 137: target A99 is not an anchor of the corpus" in relevance.problems()


def test_scores_count_targets_in_the_first_ten_and_the_first_targets_rank():
    assert relevance.query_scores(["x", "A01", "y"], {"A01"}) == (1.0, 0.5)
    assert relevance.query_scores([f"x{n}" for n in range(10)] + ["A01"], {"A01"}) == (0.0, 0.0)
    assert relevance.query_scores(["A25", "x"], {"A25", "D28"}) == (0.5, 1.0)


@pytest.mark.django_db
def test_every_target_is_a_published_listing_of_the_corpus_in_its_own_words():
    corpus.load(achievements=40, demands=20, seed=4)
    keys = load_anchors()
    anchors = relevance.anchors()
    models = {"achievement": Achievement, "demand": Demand}
    for query in relevance.queries():
        for target in query.targets:
            kind, pk = parse_key(keys[target])
            listing = models[kind].objects.get(pk=pk)
            anchor = anchors[target]
            assert listing.state == ModerationState.PUBLISHED
            assert listing.source_language == anchor.lang
            assert getattr(listing, column("title", anchor.lang)) == anchor.texts["title"]
            # Only the languages it was written or translated in: found elsewhere by meaning alone.
            others = set(relevance.LANGUAGE_CODES) - set(anchor.languages)
            assert not any(getattr(listing, column("title", lang)) for lang in others), target
