"""What trading needs to know about lots it does not own (a project's package of achievements), told by the apps
that own them.

Trading auctions a single achievement by itself. An app above trading that offers another kind of lot (projects:
the package) registers a ``LotRules`` for its model in its ``AppConfig.ready()``; trading asks the registry, never
imports that app. Guards answer for every lot: projects refuses an achievement that is being sold inside a package.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model


@dataclass(frozen=True)
class LotRules:
    # Why the lot cannot be traded now (an owner has not confirmed, an achievement was withdrawn), else None.
    refusal: Callable[[Model], str | None]
    # The institutions on the selling side: their members cannot bid.
    seller_institution_ids: Callable[[Model], set[int]]
    # The achievements a deal on the lot transfers (marked under transfer while the deal stands).
    achievement_ids: Callable[[Model], list[int]]
    # HTML shown on the auction's page about the lot (its contents), given the lot and the request.
    panel: Callable[[Model, object], str]
    # One line per lot for auction cards, for many lots at once (one query, not one per card): {lot pk: text}.
    card_lines: Callable[[list[Model]], dict[int, str]]


_rules: dict[type[Model], LotRules] = {}
_guards: list[Callable[[Model], str | None]] = []


def lot_rules_register(model: type[Model], rules: LotRules) -> None:
    _rules[model] = rules


def lot_guard_register(guard: Callable[[Model], str | None]) -> None:
    """A check run for every lot put up for auction or bid on: returns why it cannot be traded now, else None."""
    if guard not in _guards:
        _guards.append(guard)


def rules_for(lot: Model) -> LotRules | None:
    return _rules.get(type(lot))


def lot_refusal(lot: Model) -> str | None:
    """Why ``lot`` cannot be put up for auction, bid on or sold now; None when it can."""
    rules = rules_for(lot)
    reasons = [rules.refusal(lot)] if rules else []
    reasons += [guard(lot) for guard in _guards]
    return next((reason for reason in reasons if reason), None)


def lot_seller_institution_ids(lot: Model) -> set[int]:
    rules = rules_for(lot)
    return rules.seller_institution_ids(lot) if rules else {lot.institution_id} - {None}


def lot_achievement_ids(lot: Model) -> list[int]:
    rules = rules_for(lot)
    return rules.achievement_ids(lot) if rules else [lot.pk]


def lot_panel(lot: Model, request) -> str:
    rules = rules_for(lot)
    return rules.panel(lot, request) if rules else ""


def lot_card_lines(lots: Iterable[Model]) -> dict[tuple[type[Model], int], str]:
    """{(model, pk): line} for the lots of a page of auction cards, one call per lot kind."""
    by_kind: dict[type[Model], list[Model]] = {}
    for lot in lots:
        by_kind.setdefault(type(lot), []).append(lot)
    lines = {}
    for model, group in by_kind.items():
        rules = _rules.get(model)
        if rules:
            lines.update({(model, pk): line for pk, line in rules.card_lines(group).items()})
    return lines
