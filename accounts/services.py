"""Writes on user accounts (sign-up itself is allauth's, through ``accounts.forms.SignupForm``)."""

from __future__ import annotations

from accounts.models import User


def user_profile_update(*, user: User, display_name: str, country: str, preferred_language: str) -> User:
    """Change the name, country and preferred language a user shows and reads the site in."""
    user.display_name = display_name.strip()
    user.country = country
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "country", "preferred_language"])
    return user
