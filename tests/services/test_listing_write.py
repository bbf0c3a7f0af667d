"""Writing listings through the services: texts land in the author's language, bad input saves nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from achievements.models import Achievement
from achievements.services import achievement_create, achievement_update
from demands.models import Demand
from demands.services import demand_create, demand_update
from marketplace.errors import InvalidTransition, NotAllowed, NotFound
from marketplace.i18n import column
from marketplace.models import MembershipStatus, ModerationState
from tests.factories import (
    AchievementFactory,
    InstitutionFactory,
    MembershipFactory,
    ResearcherFactory,
    StaffFactory,
    tech_field,
    transfer_mode,
)

pytestmark = pytest.mark.django_db

TEXTS = {
    "title": "Bamboo-fibre composite panel",
    "summary": "A recyclable panel for furniture and construction.",
    "description": "Process, tests and markets.",
    "keywords": "bamboo, composite",
}


def achievement_data(**overrides) -> dict:
    return {"field": tech_field(), "trl": 6, "price_negotiable": True, "source_language": "en", **overrides}


def create_achievement(owner, *, texts=None, **data):
    return achievement_create(
        owner=owner,
        data=achievement_data(**data),
        texts=texts or TEXTS,
        transfer_modes=[transfer_mode("licensing"), transfer_mode("joint_development")],
    )


def demand_data(**overrides) -> dict:
    return {"field": tech_field("renewable-energy"), "source_language": "en", **overrides}


def test_texts_are_stored_in_the_source_language_column_only(researcher):
    texts = {
        "title": "竹纤维复合板",
        "summary": "可回收的家具和建筑板材。",
        "description": "",
        "keywords": "竹, 复合材料",
    }

    achievement = create_achievement(researcher, texts=texts, source_language="zh-hans")

    achievement.refresh_from_db()
    assert achievement.title_zh_hans == "竹纤维复合板"
    assert achievement.summary_zh_hans == "可回收的家具和建筑板材。"
    assert achievement.keywords_zh_hans == "竹, 复合材料"
    for code in ("en", "ru", "pt-br", "id", "fr"):
        assert not getattr(achievement, column("title", code))
    assert achievement.state == ModerationState.DRAFT
    assert achievement.owner == researcher
    assert set(achievement.transfer_modes.values_list("code", flat=True)) == {"licensing", "joint_development"}


@pytest.mark.parametrize(("code", "col"), [("pt-br", "title_pt_br"), ("id", "title_ind"), ("ru", "title_ru")])
def test_language_codes_map_to_modeltranslation_columns(researcher, code, col):
    achievement = create_achievement(researcher, texts={**TEXTS, "title": "Painel"}, source_language=code)

    achievement.refresh_from_db()
    assert getattr(achievement, col) == "Painel"
    assert not achievement.title_en


def test_text_falls_back_to_the_source_language_when_the_readers_is_empty(researcher):
    achievement = create_achievement(researcher, texts={**TEXTS, "title": "Солнечный модуль"}, source_language="ru")
    achievement.refresh_from_db()

    with translation.override("fr"):
        assert achievement.text("title") == "Солнечный модуль"
        assert achievement.text_with_language("title") == ("Солнечный модуль", "ru")
        assert str(achievement) == "Солнечный модуль"
    achievement.title_fr = "Module solaire"
    with translation.override("fr"):
        assert achievement.text_with_language("title") == ("Module solaire", "fr")


def test_surrounding_whitespace_is_trimmed(researcher):
    achievement = create_achievement(researcher, texts={**TEXTS, "title": "  Spaced title \n"})

    assert achievement.title_en == "Spaced title"


def test_country_defaults_to_the_institution_then_the_user(member, institution):
    institution.country = "IN"
    institution.save()

    with_institution = create_achievement(member, institution=institution)
    without = create_achievement(member)

    assert with_institution.country == "IN"
    assert without.country == member.country


def test_posting_for_an_institution_you_do_not_belong_to_is_refused(researcher):
    stranger_institution = InstitutionFactory()

    with pytest.raises(ValidationError) as exc:
        create_achievement(researcher, institution=stranger_institution)

    assert "institution" in exc.value.message_dict
    assert not Achievement.objects.exists()


def test_a_pending_membership_is_not_enough_to_post_for_the_institution(researcher):
    membership = MembershipFactory(user=researcher, status=MembershipStatus.PENDING)

    with pytest.raises(ValidationError):
        create_achievement(researcher, institution=membership.institution)


def test_members_and_staff_post_for_the_institution(member, institution):
    assert create_achievement(member, institution=institution).institution == institution
    assert create_achievement(StaffFactory(), institution=institution).institution == institution


@pytest.mark.parametrize("trl", [0, 10, -1])
def test_trl_outside_1_to_9_is_refused(researcher, trl):
    with pytest.raises(ValidationError) as exc:
        create_achievement(researcher, trl=trl)

    assert "trl" in exc.value.message_dict
    assert not Achievement.objects.exists()


@pytest.mark.parametrize(
    ("price", "field"),
    [
        ({"price_negotiable": False}, "price_amount"),
        ({"price_negotiable": False, "price_amount": Decimal("1000")}, "price_currency"),
        ({"price_negotiable": False, "price_amount": Decimal("-5"), "price_currency": "USD"}, "price_amount"),
        ({"price_negotiable": True, "price_amount": Decimal("10"), "price_currency": ""}, "price_currency"),
        ({"price_negotiable": False, "price_amount": Decimal("10"), "price_currency": "XYZ"}, "price_currency"),
        ({"price_negotiable": False, "price_amount": Decimal("1e20"), "price_currency": "USD"}, "price_amount"),
    ],
)
def test_price_rules(researcher, price, field):
    with pytest.raises(ValidationError) as exc:
        create_achievement(researcher, **price)

    assert field in exc.value.message_dict
    assert not Achievement.objects.exists()


def test_a_fixed_price_with_a_currency_is_stored(researcher):
    achievement = create_achievement(
        researcher, price_negotiable=False, price_amount=Decimal("250000.50"), price_currency="CNY"
    )

    achievement.refresh_from_db()
    assert (achievement.price_amount, achievement.price_currency) == (Decimal("250000.50"), "CNY")


def test_a_missing_title_in_the_source_language_is_refused(researcher):
    with pytest.raises(ValidationError):
        create_achievement(researcher, texts={**TEXTS, "title": "   "}, source_language="es")

    assert not Achievement.objects.exists()


def test_an_enterprise_cannot_create_an_achievement(enterprise):
    with pytest.raises(NotAllowed) as exc:
        create_achievement(enterprise)

    assert exc.value.code == "role_not_allowed"
    assert not Achievement.objects.exists()


def test_a_researcher_cannot_create_a_demand(researcher):
    with pytest.raises(NotAllowed) as exc:
        demand_create(
            owner=researcher,
            data=demand_data(),
            texts={"title": "Inverter cooling", "description": "Passive cooling."},
            cooperation_modes=[],
        )

    assert exc.value.code == "role_not_allowed"
    assert not Demand.objects.exists()


def test_an_enterprise_creates_a_demand_in_its_language(enterprise):
    demand = demand_create(
        owner=enterprise,
        data=demand_data(source_language="pt-br", budget_min=Decimal("1000"), budget_currency="BRL"),
        texts={"title": "Resfriamento de inversores", "description": "Resfriamento passivo para 5 kW."},
        cooperation_modes=[transfer_mode("technical_service")],
    )

    demand.refresh_from_db()
    assert demand.title_pt_br == "Resfriamento de inversores"
    assert not demand.title_en
    assert demand.country == enterprise.country
    assert list(demand.cooperation_modes.values_list("code", flat=True)) == ["technical_service"]


@pytest.mark.parametrize(
    ("budget", "field"),
    [
        ({"budget_min": Decimal("500"), "budget_max": Decimal("100"), "budget_currency": "USD"}, "budget_max"),
        ({"budget_min": Decimal("500")}, "budget_currency"),
        ({"budget_min": Decimal("-1"), "budget_currency": "USD"}, "budget_min"),
    ],
)
def test_demand_budget_rules(enterprise, budget, field):
    with pytest.raises(ValidationError) as exc:
        demand_create(
            owner=enterprise,
            data=demand_data(**budget),
            texts={"title": "Inverter cooling", "description": "Passive cooling."},
            cooperation_modes=[],
        )

    assert field in exc.value.message_dict
    assert not Demand.objects.exists()


# --- updates ------------------------------------------------------------------------------------------------------


def test_changing_the_source_language_moves_the_text(researcher):
    achievement = create_achievement(researcher)

    achievement_update(
        achievement=achievement,
        user=researcher,
        data={"source_language": "fr"},
        texts={"title": "Panneau composite", "summary": "Panneau recyclable."},
    )

    achievement.refresh_from_db()
    assert achievement.title_fr == "Panneau composite"
    assert not achievement.title_en
    assert not achievement.summary_en


def test_someone_else_cannot_update_an_achievement(researcher):
    achievement = create_achievement(researcher)

    with pytest.raises(NotFound):
        achievement_update(achievement=achievement, user=ResearcherFactory(), data={}, texts={"title": "Mine now"})

    achievement.refresh_from_db()
    assert achievement.title_en == TEXTS["title"]


def test_a_published_achievement_is_not_edited_in_place_by_its_owner(researcher):
    achievement = AchievementFactory(owner=researcher, published=True)

    with pytest.raises(InvalidTransition) as exc:
        achievement_update(achievement=achievement, user=researcher, data={"trl": 7}, texts={})

    assert exc.value.code == "not_editable"


def test_an_invalid_update_leaves_the_stored_row_unchanged(researcher):
    achievement = create_achievement(researcher)

    with pytest.raises(ValidationError):
        achievement_update(achievement=achievement, user=researcher, data={"trl": 11}, texts={"title": "New"})

    stored = Achievement.objects.get(pk=achievement.pk)
    assert (stored.trl, stored.title_en) == (6, TEXTS["title"])


def test_demand_update_by_a_stranger_is_not_found(enterprise):
    demand = demand_create(
        owner=enterprise,
        data=demand_data(),
        texts={"title": "Inverter cooling", "description": "Passive cooling."},
        cooperation_modes=[],
    )

    with pytest.raises(NotFound):
        demand_update(demand=demand, user=ResearcherFactory(), data={}, texts={"title": "x"})


def test_an_edit_keeps_a_translation_stored_after_the_listing_was_loaded(researcher):
    achievement = AchievementFactory(owner=researcher, source_language="en")
    stale_copy = Achievement.objects.get(pk=achievement.pk)
    # A translation job finishes while the author has the edit form open.
    Achievement.objects.filter(pk=achievement.pk).update(title_es="Panel compuesto reciclable")

    achievement_update(achievement=stale_copy, user=researcher, data={}, texts={"summary": "A new public summary."})

    achievement.refresh_from_db()
    assert achievement.title_es == "Panel compuesto reciclable"
    assert achievement.summary_en == "A new public summary."
