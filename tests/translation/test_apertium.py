"""Integration with a real Apertium APy on loopback (started by the `apertium_url` fixture; skipped with the reason
when Apertium is not installed, never under `make test-services`, which installs it)."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from achievements.models import Achievement
from demands.models import Demand
from tests.translation.listings import write_achievement, write_demand
from translation.detection import language_mismatch
from translation.models import TranslationRecord, TranslationStatus
from translation.providers import configured_providers
from translation.router import Router
from translation.text import lost_tokens

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("apertium")]

S = TranslationStatus
ACHIEVEMENT = {
    "title": "Solar-powered water purification system for rural schools",
    "summary": "The system purifies river water with a ceramic filter and ultraviolet light. "
    "It produces 500 litres of clean water per day and needs no electricity from the grid.",
    "description": "The research group tested the system in three villages for two years.\n\n"
    "The results are available at https://ttc.example.org/reports/2024 and in patent CN 201810012345.6.",
    "keywords": "water, solar energy, filter",
}


def record(obj, field, language):
    return TranslationRecord.objects.get(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk, field=field, language=language
    )


def test_apertium_serves_its_installed_pairs_and_chains_in_our_language_codes():
    (provider,) = configured_providers()

    pairs = provider.pairs()

    assert {("en", "es"), ("es", "en"), ("es", "pt-br"), ("en", "pt-br"), ("fr", "es"), ("id", "ms")} <= pairs
    assert ("en", "zh-hans") not in pairs


def test_an_english_achievement_gets_real_spanish_and_portuguese_versions(
    researcher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        achievement = write_achievement(researcher, texts=ACHIEVEMENT)

    achievement = Achievement.objects.get(pk=achievement.pk)
    spanish = f"{achievement.title_es}\n{achievement.summary_es}"
    portuguese = f"{achievement.title_pt_br}\n{achievement.summary_pt_br}"
    assert language_mismatch(spanish, "en") == ("es", pytest.approx(1.0, abs=0.2))
    assert language_mismatch(portuguese, "en") == ("pt-br", pytest.approx(1.0, abs=0.2))
    assert "agua" in achievement.title_es.lower()
    assert "água" in achievement.title_pt_br.lower()
    assert record(achievement, "title", "es").provider == "apertium"
    assert record(achievement, "title", "pt-br").status == S.DONE
    # Words Apertium does not know pass through unmarked, also along the chain eng → spa → por.
    assert "*" not in spanish + portuguese
    # The paragraphs, the number, the URL and the patent number come through.
    assert achievement.description_es.count("\n\n") == 1
    assert not lost_tokens(ACHIEVEMENT["description"], achievement.description_es)
    assert "500" in achievement.summary_pt_br
    # Languages no installed pair reaches are unavailable, and readers get the English original there.
    assert record(achievement, "title", "zh-hans").status == S.UNAVAILABLE
    assert achievement.text("title", "zh-hans") == ACHIEVEMENT["title"]


def test_an_indonesian_demand_gets_a_malay_version(enterprise, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demand = write_demand(
            enterprise,
            title="Teknologi pengolahan air limbah untuk pabrik kelapa sawit",
            description="Kami membutuhkan teknologi yang dapat mengurangi kadar minyak dalam air limbah.",
            language="id",
        )

    demand = Demand.objects.get(pk=demand.pk)
    assert record(demand, "title", "ms").status == S.DONE
    assert demand.title_ms and demand.title_ms != demand.title_ind
    # Words that differ between the two standards: Malay "kilang" (factory) and "memerlukan" (need).
    assert "kilang" in demand.title_ms.lower()
    assert "memerlukan" in demand.description_ms.lower()
    assert record(demand, "title", "es").status == S.UNAVAILABLE  # nothing joins Indonesian to the others


def test_markup_and_numbers_survive_apertium():
    text = "The <b>new</b> reactor yields 3.5 t per day at 1,013 hPa (see https://example.org/r?id=7)."

    (translated,) = Router().translate([text], "en", "es").texts

    assert "<b>" in translated and "</b>" in translated
    assert not lost_tokens(text, translated)


def test_french_reaches_english_through_an_apertium_chain():
    # No fra-eng pair is installed: APy runs fra → spa → eng in one request.
    result = Router().translate(["Le système purifie l'eau de la rivière."], "fr", "en")

    assert result.provider == "apertium"
    assert "water" in result.texts[0].lower()
