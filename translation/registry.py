"""Which models' fields are machine-translated, and which of them tell the source language best.

Technology fields (the taxonomy) are curated by people in every language and are not machine-translated.
"""

from __future__ import annotations

from django.db import models
from modeltranslation.translator import translator

# model label → its machine-translated fields, in the order a reader meets them.
MACHINE_TRANSLATED: dict[str, tuple[str, ...]] = {
    "achievements.achievement": ("title", "summary", "description", "keywords"),
    "demands.demand": ("title", "description"),
    "projects.project": ("title", "summary", "description", "use_of_funds"),
    # An institution's name is a proper noun: engines mangle it ("Venture Center" → "Centro de aventura"), so only
    # people translate it (admin, or the institution's own edit page).
    "marketplace.institution": ("description",),
    "events.event": ("title", "description", "agenda"),
    "services.service": ("title", "description"),
    "experts.expert": ("headline", "bio"),
    "experts.course": ("title", "summary"),
}
# The running text the language detector reads (an institution's name is a proper noun: it tells little).
DETECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "achievements.achievement": ("title", "summary"),
    "demands.demand": ("title", "description"),
    "projects.project": ("title", "summary"),
    "marketplace.institution": ("description",),
    "events.event": ("title", "description"),
    "services.service": ("title", "description"),
    "experts.expert": ("headline", "bio"),
    "experts.course": ("title", "summary"),
}


def machine_translated_fields(model: type[models.Model] | models.Model) -> tuple[str, ...]:
    """The fields the engines translate."""
    return MACHINE_TRANSLATED.get(model._meta.label_lower, ())


def translatable_fields(model: type[models.Model] | models.Model) -> tuple[str, ...]:
    """The fields people may give a version in every language: the machine-translated ones and proper names."""
    label = model._meta.label_lower
    if label not in MACHINE_TRANSLATED:
        return ()
    names = translator.get_options_for_model(model._meta.model).fields
    return tuple(dict.fromkeys((*[n for n in names if n not in MACHINE_TRANSLATED[label]], *MACHINE_TRANSLATED[label])))


def detection_fields(model: type[models.Model] | models.Model) -> tuple[str, ...]:
    return DETECTION_FIELDS.get(model._meta.label_lower, ())
