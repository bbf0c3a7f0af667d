"""The one writer of audit entries (pretix's ``log_action`` is the model): every moderation, trading and service
decision leaves its entry through ``log_action`` (``log_actions`` for many at once) -- who, what, when, why.

Each app keeps its own trail model, with the fields its pages, admin inlines and indicators read (a listing's
``ModerationEvent``, an auction's ``AuctionEvent``, a deal's ``DealEvent``, a service request's
``ServiceRequestEvent``); a trail is declared with ``@audit_trail`` on the model. What every entry shares is decided
here, once: the actor is a user or ``None`` (the system: the periodic close, an expiry; never an anonymous visitor),
the free text (a reason, a note) is stripped and cut to its column, and the entry is written in the caller's
transaction, so it commits or rolls back with the change it records. tests/test_audit.py checks that no code outside
this module creates trail entries.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TypeVar

from django.db import models

logger = logging.getLogger("brics_ttc.audit")

TRAILS: set[type[models.Model]] = set()
ENTRIES_PER_INSERT = 500

Entry = TypeVar("Entry", bound=models.Model)


def audit_trail(model: type[Entry]) -> type[Entry]:
    """Class decorator: ``model`` is an audit trail (it has an ``actor`` and a ``created_at``), written by
    ``log_action`` only."""
    TRAILS.add(model)
    return model


def _checked(entry_model: type[Entry], actor):
    if entry_model not in TRAILS:
        raise TypeError(f"{entry_model._meta.label} is not an audit trail (declare it with @audit_trail)")
    return None if actor is not None and not actor.is_authenticated else actor


def _entry(entry_model: type[Entry], actor, fields: dict) -> Entry:
    """The unsaved entry, its free texts stripped and cut to their columns."""
    for name, value in fields.items():
        if isinstance(value, str):
            field = entry_model._meta.get_field(name)
            if isinstance(field, models.CharField | models.TextField):
                value = value.strip()
                if field.max_length:
                    value = value[: field.max_length]
                fields[name] = value
    return entry_model(actor=actor, **fields)


def log_action(entry_model: type[Entry], *, actor, **fields) -> Entry:
    """Record one entry of the trail ``entry_model`` made by ``actor`` (a user, or None for the system); call inside
    the transaction that made the change."""
    actor = _checked(entry_model, actor)
    entry = _entry(entry_model, actor, fields)
    entry.save(force_insert=True)
    # Ids only: a reason may be private to the parties (a refused deposit, a cancelled deal).
    logger.debug("audit %s #%s by user %s", entry_model._meta.label, entry.pk, getattr(actor, "pk", None))
    return entry


def log_actions(entry_model: type[Entry], *, actor, entries: Sequence[dict]) -> list[Entry]:
    """``log_action`` for many entries of one actor at once (a bulk import's submissions), in one insert per
    ``ENTRIES_PER_INSERT``; returns them with their ids."""
    actor = _checked(entry_model, actor)
    created = entry_model.objects.bulk_create(
        [_entry(entry_model, actor, dict(fields)) for fields in entries], batch_size=ENTRIES_PER_INSERT
    )
    for entry in created:
        logger.debug("audit %s #%s by user %s", entry_model._meta.label, entry.pk, getattr(actor, "pk", None))
    return created
