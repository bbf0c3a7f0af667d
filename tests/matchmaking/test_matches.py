"""Matchmaking: the counterparts of a listing by meaning and structure, with reasons; never unpublished listings,
never the same organisation's, never confidential fields."""

from __future__ import annotations

from decimal import Decimal

import pytest

from demands.models import Demand
from matchmaking.selectors import listing_matches, similar_listings
from search.services import search_reindex
from tests.factories import AchievementFactory, DemandFactory, InstitutionFactory, transfer_mode

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(embedded_search):
    """A Portuguese demand for battery recycling, and achievements around it in other languages."""
    buyer, seller, other = InstitutionFactory(), InstitutionFactory(), InstitutionFactory()
    demand = DemandFactory(
        published=True,
        institution=buyer,
        source_language="pt-br",
        title_en="",
        description_en="",
        title_pt_br="Reciclagem de baterias de lítio",
        description_pt_br="Procuramos um processo hidrometalúrgico para recuperar lítio e cobalto de baterias usadas.",
        budget_max=Decimal("300000"),
        budget_currency="USD",
        country="BR",
        cooperation_modes=[transfer_mode("licensing")],
    )
    battery = AchievementFactory(
        published=True,
        institution=seller,
        field=demand.field,
        source_language="zh-hans",
        title_en="",
        summary_en="",
        description_en="",
        keywords_en="",
        title_zh_hans="废旧锂离子电池回收技术",
        summary_zh_hans="从废旧锂电池中回收锂、钴和镍的湿法冶金工艺。",
        keywords_zh_hans="锂电池, 湿法冶金",
        keywords_pt_br="lítio, cobalto",
        price_amount=Decimal("250000"),
        price_currency="USD",
        trl=7,
        country="CN",
        confidential_dossier="segredo-industrial-xyz",
        transfer_modes=[transfer_mode("licensing")],
    )
    wheat = AchievementFactory(
        published=True,
        institution=other,
        title_en="Drought-tolerant wheat",
        summary_en="Seeds for dry farms.",
        keywords_en="wheat",
    )
    own = AchievementFactory(published=True, institution=buyer, title_en="Lithium battery recycling at our plant")
    draft = AchievementFactory(institution=other, title_en="Lithium battery recycling (draft)")
    search_reindex()
    return {"demand": demand, "battery": battery, "wheat": wheat, "own": own, "draft": draft}


def test_a_demand_meets_the_achievement_that_answers_it_with_reasons(market):
    matches = listing_matches(listing=market["demand"], lang="en")
    assert matches[0].id == market["battery"].pk
    assert matches[0].type == "achievement"
    codes = [reason.code for reason in matches[0].reasons]
    assert codes[0] == "meaning"
    assert {"same_field", "transfer_mode", "within_budget", "trl", "keywords"} <= set(codes)
    assert matches[0].score > next(match.score for match in matches if match.id == market["wheat"].pk)
    keywords = next(reason.detail for reason in matches[0].reasons if reason.code == "keywords")
    assert keywords.startswith("Keywords matched in Portuguese (Brazil)") and "lítio" in keywords


def _battery_reasons(market, **demand_fields) -> tuple[dict[str, str], float]:
    Demand.objects.filter(pk=market["demand"].pk).update(**demand_fields)
    demand = Demand.objects.get(pk=market["demand"].pk)
    match = next(match for match in listing_matches(listing=demand, lang="en") if match.id == market["battery"].pk)
    return {reason.code: reason.detail for reason in match.reasons}, match.score


def test_a_trl_within_the_demands_range_and_a_preferred_country_are_reasons(market):
    reasons, score = _battery_reasons(market, trl_min=6, preferred_countries=["CN", "IN"])

    assert reasons["trl_in_range"] == "TRL 7 ≥ required 6"
    assert reasons["preferred_country"] == "In a preferred country: China"
    assert "trl" not in reasons and "same_country" not in reasons
    _plain, plain_score = _battery_reasons(market, trl_min=None, preferred_countries=[])
    assert score > plain_score


def test_a_trl_range_with_both_ends_is_named(market):
    reasons, _score = _battery_reasons(market, trl_min=5, trl_max=8)
    assert reasons["trl_in_range"] == "TRL 7 within the required 5–8"


def test_a_trl_outside_the_demands_range_lowers_the_match(market):
    _within, within_score = _battery_reasons(market, trl_min=6)
    below, below_score = _battery_reasons(market, trl_min=8)
    above, above_score = _battery_reasons(market, trl_min=None, trl_max=5)

    assert below["trl_below_range"] == "TRL 7 < required 8"
    assert above["trl_above_range"] == "TRL 7 > wanted at most 5"
    assert below_score < within_score and above_score < within_score


def test_matches_never_include_unpublished_or_own_organisation_listings(market):
    ids = {match.id for match in listing_matches(listing=market["demand"], lang="en", limit=20)}
    assert market["draft"].pk not in ids
    assert market["own"].pk not in ids


def test_reasons_are_in_the_readers_language(market):
    matches = listing_matches(listing=market["demand"], lang="ru")
    details = [reason.detail for reason in matches[0].reasons]
    assert any(detail.startswith("Та же область") for detail in details), details


def test_an_achievement_finds_the_demands_it_could_answer(market):
    matches = listing_matches(listing=market["battery"], lang="en")
    assert [match.id for match in matches] == [market["demand"].pk]


def test_similar_technologies_exclude_the_listing_itself(market):
    similar = similar_listings(listing=market["battery"], lang="en")
    assert market["battery"].pk not in [match.id for match in similar]
    assert market["draft"].pk not in [match.id for match in similar]


def test_api_lists_matches_without_confidential_fields(market, api_client):
    response = api_client.get(f"/api/v1/demands/{market['demand'].pk}/matches/", {"lang": "en"})
    assert response.status_code == 200
    body = response.json()
    assert body[0]["id"] == market["battery"].pk
    assert set(body[0]) == {"type", "id", "title", "title_language", "score", "similarity", "reasons"}
    assert "segredo-industrial-xyz" not in response.content.decode()
    assert {"code", "detail"} == set(body[0]["reasons"][0])
    back = api_client.get(f"/api/v1/achievements/{market['battery'].pk}/matches/").json()
    assert [row["id"] for row in back] == [market["demand"].pk]


def test_api_hides_matches_of_a_listing_the_reader_may_not_see(market, api_client):
    assert api_client.get(f"/api/v1/achievements/{market['draft'].pk}/matches/").status_code == 404
    assert api_client.get("/api/v1/demands/999999/matches/").status_code == 404
    assert api_client.get(f"/api/v1/demands/{market['demand'].pk}/matches/", {"limit": 0}).status_code == 400


def test_listing_page_shows_suggested_matches(market, client):
    page = client.get(market["demand"].get_absolute_url())
    assert page.status_code == 200
    assert "废旧锂离子电池回收技术" in page.content.decode()
