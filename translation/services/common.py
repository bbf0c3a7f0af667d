"""What the translation services share: record states, language codes, and announcing a listing's new version."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from marketplace.signals import listing_changed
from translation.models import TranslationStatus

S = TranslationStatus
# A record in one of these states still has work to do for its source hash.
OPEN_STATES = (S.PENDING, S.FAILED)
ERROR_MAX_CHARS = 2000


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def base_manager(model: type[models.Model]) -> models.Manager:
    return model._base_manager


def announce_listing_change(model: type[models.Model], pk: int) -> None:
    """A new language version of a listing changes what search finds: announce it (institutions are not listings)."""
    if not any(f.name == "state" for f in model._meta.concrete_fields):
        return
    listing = base_manager(model).filter(pk=pk).only("pk", "state", "published_at").first()
    if listing is not None:
        listing_changed.send(sender=model, listing=listing)
