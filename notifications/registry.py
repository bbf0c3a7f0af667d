"""The kinds of notification the apps send. Each app registers its own in ``AppConfig.ready()``.

A notification stores its kind and a small context; its title and body are the kind's translatable templates, filled
with that context in the reader's language when they are shown (page or e-mail), so nothing is stored pre-translated.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class Channel:
    """How a person wants to be e-mailed about a kind of notification (the choices live on the preference model)."""

    IMMEDIATE = "immediate"
    DIGEST = "digest"
    OFF = "off"


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    title: str | Promise  # "%(name)s" placeholders filled from the notification's context
    body: str | Promise = ""
    default_channel: str = Channel.IMMEDIATE


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Declare a kind (idempotent: ``ready()`` may run twice in tests)."""
    _kinds[kind.code] = kind
    return kind


def get(code: str) -> Kind:
    return _kinds.get(code) or Kind(code=code, label=code, title=_("Notification"))


def all_kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda kind: kind.code)


def fill(template: str | Promise, context: dict) -> str:
    """``template % context``; a context that lacks a placeholder (an older notification) gives the bare template."""
    text = str(template)
    try:
        return text % context
    except (KeyError, TypeError, ValueError):
        logger.warning("notification template %r does not fit its context", text)
        return text.replace("%%", "%")
