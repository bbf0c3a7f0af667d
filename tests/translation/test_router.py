"""The router: direct engines first, then a path through English, falling back on transient errors."""

from __future__ import annotations

import pytest

from translation.providers import ProviderError
from translation.providers.stand_in import StandInProvider
from translation.router import NoRoute, Router


def engine(name: str, *pairs: str, down: bool = False, failing: bool = False) -> StandInProvider:
    return StandInProvider(name=name, pairs=[tuple(pair.split(">")) for pair in pairs], down=down, failing=failing)


def test_first_engine_in_settings_order_that_serves_the_pair_directly_is_used():
    first = engine("first", "en>fr")
    second = engine("second", "en>es")
    third = engine("third", "en>es")

    result = Router([first, second, third], pivot="en").translate(["Solar cells"], "en", "es")

    assert result.provider == "second"
    assert result.texts == ["[es] Solar cells"]
    assert third.calls == []


def test_a_pair_no_engine_serves_directly_goes_through_english_across_two_engines():
    to_english = engine("lt", "ru>en")
    from_english = engine("apy", "en>es")

    result = Router([to_english, from_english], pivot="en").translate(["Лазер 5 кВт"], "ru", "es")

    assert result.provider == "lt+apy via en"
    assert result.texts == ["[es] [en] Лазер 5 кВт"]


def test_a_direct_engine_is_preferred_over_a_pivot_path():
    pivot_pair = engine("one", "fr>en", "en>es")
    direct = engine("two", "fr>es")

    assert Router([pivot_pair, direct], pivot="en").translate(["x"], "fr", "es").provider == "two"


def test_a_failing_engine_falls_back_to_the_next_candidate():
    broken = engine("broken", "en>es", failing=True)
    working = engine("working", "en>es")

    result = Router([broken, working], pivot="en").translate(["Battery"], "en", "es")

    assert result.provider == "working"


def test_an_engine_that_cannot_list_its_pairs_is_skipped():
    result = Router([engine("down", "en>es", down=True), engine("up", "en>es")], pivot="en").translate(
        ["Battery"], "en", "es"
    )

    assert result.provider == "up"


def test_a_pair_no_engine_serves_is_unavailable_not_an_error():
    router = Router([engine("apy", "en>es", "es>en", "id>ms")], pivot="en")

    with pytest.raises(NoRoute):
        router.translate(["Baterai"], "id", "es")
    with pytest.raises(NoRoute):
        router.translate(["Battery"], "en", "zh-hans")


def test_no_configured_engine_at_all_is_unavailable():
    with pytest.raises(NoRoute):
        Router([], pivot="en").translate(["Battery"], "en", "es")


def test_every_candidate_down_is_a_transient_error_worth_retrying():
    router = Router([engine("a", "en>es", down=True), engine("b", "en>es", down=True)], pivot="en")

    with pytest.raises(ProviderError):
        router.translate(["Battery"], "en", "es")


def test_an_unknown_pair_while_an_engine_is_unreachable_is_retried_rather_than_declared_unavailable():
    # The unreachable engine may well serve en → zh-hans: "unavailable" would be a guess.
    router = Router([engine("lt", "en>zh-hans", down=True), engine("apy", "en>es")], pivot="en")

    with pytest.raises(ProviderError):
        router.translate(["Battery"], "en", "zh-hans")


def test_the_pivot_path_falls_back_to_a_second_engine_for_its_second_step():
    first = engine("first", "ru>en")
    failing = engine("failing", "en>es", failing=True)
    spare = engine("spare", "en>es")

    result = Router([first, failing, spare], pivot="en").translate(["Лазер"], "ru", "es")

    assert result.provider == "first+spare via en"
