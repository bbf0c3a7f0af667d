"""Writes on user accounts (sign-up itself is allauth's, through ``accounts.forms.SignupForm``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User


def user_profile_update(
    *,
    user: User,
    display_name: str,
    country: str,
    preferred_language: str,
    reading_languages: list[str] | None = None,
) -> User:
    """Change the name, country and languages a user shows and reads the site in (``None`` keeps the others)."""
    user.display_name = display_name.strip()
    user.country = country
    user.preferred_language = preferred_language
    if reading_languages is not None:
        known = dict(settings.LANGUAGES)
        if any(code not in known for code in reading_languages):
            raise ValidationError({"reading_languages": _("Unknown language code.")})
        user.reading_languages = [code for code in dict.fromkeys(reading_languages) if code != preferred_language]
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "country", "preferred_language", "reading_languages"])
    return user


def user_preferred_language_set(*, user: User, language: str) -> User:
    """Remember the interface language a user picked with the language switcher (one of settings.LANGUAGES)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"preferred_language": _("Unknown language code.")})
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user
