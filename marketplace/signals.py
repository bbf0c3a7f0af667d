"""What happens to listings, announced by the floor to the apps above it (search, translation, matching,
notifications, ...), which subscribe in their ``apps.py`` ``ready()``; marketplace itself knows none of them.

Every signal is sent inside the transaction that made the change, with ``sender`` the listing's model class (or the
institution's, for ``source_text_changed``). A receiver that starts background work enqueues it with
``transaction.on_commit``, so a rollback starts nothing; a receiver that writes rows writes them in that same
transaction (all or nothing with the change). Receivers must not raise for an outside outage: the change is the
user's, the reaction is ours.

- ``listing_published(sender, listing, event)``: staff approved it; it is now public.
- ``listing_archived(sender, listing, event)``: withdrawn by its owner, an institution admin or staff.
- ``listing_changed(sender, listing)``: anything the public may see of it changed: every moderation transition
  (including the two above), an edit of its fields, a new language version of its texts.
- ``source_text_changed(sender, instance)``: the texts of a listing or institution were written in their source
  language (created, edited); their translations may be out of date.
- ``source_texts_changed(sender, instances)``: the batched form of ``source_text_changed``, for many objects of one
  model written together (a bulk import), sent once instead of once per object. A receiver of
  ``source_text_changed`` connects this one too (tests/marketplace/test_signals.py holds them to it).
- ``text_version_written(sender, instance, field, language, text, user)``: a person (staff, in the admin) wrote the
  version of one text in a language other than its source language.

``event`` is the ``ModerationEvent`` recorded for the transition (actor, action, from_state, to_state, reason).
"""

from __future__ import annotations

from django.dispatch import Signal

listing_published = Signal()
listing_archived = Signal()
listing_changed = Signal()
source_text_changed = Signal()
source_texts_changed = Signal()
text_version_written = Signal()
