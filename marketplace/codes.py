"""Columns that hold a comma-separated list of codes (languages served or spoken, certifications): reading them as a
list and filtering by one code, used by the apps that store them and by search's facets."""

from __future__ import annotations

from django.db.models import Q


def codes(value: str) -> list[str]:
    """A comma-separated list of codes (languages, certifications) as a list, blanks dropped."""
    return [code.strip() for code in (value or "").split(",") if code.strip()]


def codes_q(field: str, code: str) -> Q:
    """Rows whose comma-separated ``field`` holds exactly ``code`` (not a code it is a prefix of: "pt" vs "pt-br")."""
    return (
        Q(**{field: code})
        | Q(**{f"{field}__startswith": f"{code},"})
        | Q(**{f"{field}__endswith": f",{code}"})
        | Q(**{f"{field}__contains": f",{code},"})
    )
