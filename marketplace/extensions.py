"""Small registries through which apps above the floor add to the floor's pages without the floor importing them.

An app registers in its ``AppConfig.ready()``; the floor's templates render what the registries give
(``{% listing_badges %}``, ``{% institution_sections %}`` in ``marketplace_tags``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from marketplace.reads import listings_version


@dataclass(frozen=True)
class Badge:
    label: str
    icon: str
    css: str
    url: str = ""


# (listing) -> badges to show beside the listing's title, on its card and its page.
BadgeProvider = Callable[[object], list[Badge]]
# (institution, request) -> (template name, context) of a section of the institution page, or None.
SectionProvider = Callable[[object, object], "tuple[str, dict] | None"]

badge_providers: list[BadgeProvider] = []
institution_section_providers: list[SectionProvider] = []
# () -> the version of what an app adds to listing pages (trading: the auction on an achievement's page).
listing_page_versions: list[Callable[[], str]] = []


def register_badge_provider(provider: BadgeProvider) -> None:
    if provider not in badge_providers:
        badge_providers.append(provider)


def register_institution_section(provider: SectionProvider) -> None:
    if provider not in institution_section_providers:
        institution_section_providers.append(provider)


def register_listing_page_version(provider: Callable[[], str]) -> None:
    """An app whose part of a listing's page (a panel, a banner) changes without the listing changing names the
    version of that part, for the page's cache key (``listing_page_version``)."""
    if provider not in listing_page_versions:
        listing_page_versions.append(provider)


def listing_page_version() -> str:
    """What a listing's page shows depends on: the listings and what the apps above add to it."""
    return ".".join([listings_version(), *(provider() for provider in listing_page_versions)])


def listing_badges(listing) -> list[Badge]:
    return [badge for provider in badge_providers for badge in provider(listing)]


def institution_sections(institution, request) -> list[tuple[str, dict]]:
    found = (provider(institution, request) for provider in institution_section_providers)
    return [section for section in found if section is not None]
