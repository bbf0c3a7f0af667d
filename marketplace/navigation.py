"""The nine categories of the header (PRODUCT.md), each contributed by the app that serves it.

An app registers its category from its AppConfig.ready(); the header lists what is registered in the order of
PRODUCT.md (``position`` 1-9), so a new category needs no edit of the shared templates, and marketplace names no app
above it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class NavCategory:
    """One header category: its place among the nine, label, landing page, and the URL namespaces it covers."""

    position: int
    label: str
    url_name: str
    namespaces: tuple[str, ...]


_CATEGORIES: dict[str, NavCategory] = {}


def nav_category_register(category: NavCategory) -> None:
    """Add (or replace, by URL name) a header category; called from an AppConfig.ready()."""
    _CATEGORIES[category.url_name] = category


def nav_categories(*, request: HttpRequest) -> list[dict]:
    """The header's categories in order, with their URLs in the active language and which one the page belongs to."""
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match is not None else ""
    return [
        {"label": category.label, "url": reverse(category.url_name), "active": namespace in category.namespaces}
        for category in sorted(_CATEGORIES.values(), key=lambda category: category.position)
    ]
