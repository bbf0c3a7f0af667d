"""The projects app's reactions to what the marketplace announces (``marketplace.signals``)."""

from __future__ import annotations

from achievements.models import Achievement
from projects.services import bundle_mark_withdrawn


def achievement_archived(*, sender, listing, **kwargs) -> None:
    """A bundled achievement was withdrawn: the projects holding it show as incomplete (same transaction)."""
    if issubclass(sender, Achievement):
        bundle_mark_withdrawn(achievement=listing)
