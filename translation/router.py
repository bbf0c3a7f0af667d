"""Choosing an engine per language pair: the first one in settings order that serves it directly, else a two-step
path through the pivot language (English), possibly across two engines; on a transient error, the next candidate."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings

from translation.providers import Provider, ProviderError, UnsupportedPair, configured_providers

logger = logging.getLogger(__name__)


class NoRoute(Exception):
    """No configured engine serves this language pair, directly or through the pivot language."""


@dataclass(frozen=True)
class Step:
    provider: Provider
    source: str
    target: str


@dataclass(frozen=True)
class Route:
    steps: tuple[Step, ...]

    @property
    def label(self) -> str:
        """What the translation record keeps as its provider: ``apertium`` or ``libretranslate+apertium via en``."""
        names = "+".join(step.provider.name for step in self.steps)
        if len(self.steps) == 1:
            return names
        return f"{names} via {self.steps[0].target}"


@dataclass(frozen=True)
class Translated:
    texts: list[str]
    provider: str


class Router:
    def __init__(self, providers: list[Provider] | None = None, pivot: str | None = None) -> None:
        self.providers = configured_providers() if providers is None else providers
        self.pivot = pivot or settings.TRANSLATION_PIVOT_LANGUAGE

    def routes(self, source: str, target: str) -> list[Route]:
        """Every way to translate ``source`` → ``target``, best first; raises ProviderError when none is known only
        because an engine could not be asked (its answer may well add one), NoRoute when none exists."""
        served: list[tuple[Provider, frozenset]] = []
        unreachable: list[str] = []
        for provider in self.providers:
            try:
                served.append((provider, provider.pairs()))
            except ProviderError as exc:
                unreachable.append(str(exc))
        routes = [Route((Step(p, source, target),)) for p, pairs in served if (source, target) in pairs]
        if self.pivot not in (source, target):
            firsts = [p for p, pairs in served if (source, self.pivot) in pairs]
            seconds = [p for p, pairs in served if (self.pivot, target) in pairs]
            routes += [
                Route((Step(first, source, self.pivot), Step(second, self.pivot, target)))
                for first in firsts
                for second in seconds
            ]
        if not routes:
            if unreachable:
                raise ProviderError("; ".join(unreachable))
            raise NoRoute(f"no engine translates {source} → {target}")
        return routes

    def translate(self, texts: list[str], source: str, target: str) -> Translated:
        """Translate a batch along the first route that works; ProviderError when every route failed transiently."""
        routes = self.routes(source, target)
        if not texts:
            return Translated([], routes[0].label)
        errors: list[str] = []
        for route in routes:
            current = list(texts)
            try:
                for step in route.steps:
                    current = step.provider.translate(current, step.source, step.target)
                    if len(current) != len(texts):
                        raise ProviderError(f"{step.provider.name} returned {len(current)} texts for {len(texts)}")
            except ProviderError as exc:
                logger.warning("translation %s → %s by %s failed: %s", source, target, route.label, exc)
                errors.append(f"{route.label}: {exc}")
                continue
            except UnsupportedPair:
                continue
            return Translated(current, route.label)
        if errors:
            raise ProviderError("; ".join(errors))
        raise NoRoute(f"no engine translates {source} → {target}")
