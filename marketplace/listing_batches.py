"""Writing and submitting many listings of one type at once (a bulk import): the batched twins of
``services.listing_write`` and ``services.listing_submit``.

The same rules as a listing written or submitted alone: the author posts only for an institution they belong to and
changes or submits only listings they may edit, in a state that allows it; every field and ``clean()`` is checked
(``listing_prepare``, ``full_clean``); the model's constraints (the external id unique in its institution, the price,
budget and readiness rules) are enforced by the database, which holds the very same ones; all or nothing. The same
effects: ``source_texts_changed`` (the batched ``source_text_changed``) for the texts written, ``listing_changed``
for every listing, and for every submission its audit entry and the staff's notification. Only the cost differs: a
handful of queries for the whole batch instead of about a dozen per listing (one insert of the new listings, one
update of the columns the batch changed in the others, their relations in one read, one delete and one insert; one
lock, one update and one insert of audit entries for the submissions), and translations scheduled in bulk.
Attachments are not written here (an import has none). Kept beside ``services.py``, which is at its size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brics_ttc.tasks import enqueue_on_commit
from marketplace.audit import log_actions
from marketplace.errors import InvalidTransition, NotFound
from marketplace.models import EDITABLE_STATES, Listing, ModerationAction, ModerationEvent, ModerationState
from marketplace.permissions import can_edit_listing, member_institution_ids
from marketplace.services import listing_fields_to_save, listing_prepare, transition_target
from marketplace.signals import listing_changed, source_texts_changed

# PostgreSQL takes at most 65,535 parameters in one query: a listing has about a hundred columns (its texts in every
# language), so new ones go in by this many per insert.
LISTINGS_PER_INSERT = 250
LISTINGS_PER_UPDATE = 100


@dataclass
class ListingInput:
    """One listing of a batch: a new instance (no pk) or one read from the database, and what to write into it;
    ``m2m`` None leaves its relations alone."""

    listing: Listing
    data: dict
    texts: dict[str, str]
    m2m: dict[str, list] | None = None


def _lock_editable(model: type[Listing], user, listings: list[Listing]) -> None:
    """Lock the listings to update and check them again: a moderation decision or a new owner since they were read
    must not be written over (the rows stay locked until the batch commits)."""
    current = {
        row.pk: row
        for row in model.objects.select_for_update()
        .filter(pk__in=[listing.pk for listing in listings])
        .only("state", "owner", "institution")
    }
    for listing in listings:
        row = current.get(listing.pk)
        if row is None or not can_edit_listing(user, row):
            raise NotFound()
        if row.state not in EDITABLE_STATES:
            raise InvalidTransition(
                _("Only drafts and listings with requested changes can be edited."), code="not_editable"
            )
        listing.state = row.state


def _write_m2m(model: type[Listing], items: list[ListingInput], existing: set[int]) -> None:
    """The batch's relations, one pass per relation for all its listings: the current links of the listings that
    existed read at once, the dropped links deleted and the missing ones inserted in one query each."""
    names = sorted({name for item in items for name in (item.m2m or {})})
    for name in names:
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        wanted = {
            item.listing.pk: list(dict.fromkeys(value.pk for value in item.m2m[name]))
            for item in items
            if name in (item.m2m or {})
        }
        current: dict[int, dict[int, int]] = {}  # listing -> value -> link
        if read := [pk for pk in wanted if pk in existing]:
            links = through.objects.filter(**{f"{source}__in": read}).values_list("pk", source, target)
            for link, listing_pk, value_pk in links:
                current.setdefault(listing_pk, {})[value_pk] = link
        dropped = [
            link
            for listing_pk, links in current.items()
            for value_pk, link in links.items()
            if value_pk not in wanted[listing_pk]
        ]
        if dropped:
            through.objects.filter(pk__in=dropped).delete()
        through.objects.bulk_create(
            [
                through(**{source: listing_pk, target: value_pk})
                for listing_pk, values in wanted.items()
                for value_pk in values
                if value_pk not in current.get(listing_pk, {})
            ]
        )
        for item in items:  # a prefetched copy of the old links must not be read as the new ones
            getattr(item.listing, "_prefetched_objects_cache", {}).pop(name, None)


def listings_write_many(*, model: type[Listing], user, inputs: Sequence[ListingInput]) -> list[Listing]:
    """Validate and save many listings of ``model`` (new drafts, or drafts and listings with requested changes) with
    their texts and relations, all or nothing: ``ValidationError`` (the first invalid listing's), ``NotFound``,
    ``InvalidTransition`` or the database's ``IntegrityError`` (a constraint), and nothing of the batch is saved.

    A listing that existed gets only the columns the batch changed written (its other languages' texts never), so a
    re-import of changed rows costs an update per ``LISTINGS_PER_UPDATE`` listings, whatever changed in each."""
    if not inputs:
        return []
    member_of = member_institution_ids(user)
    with transaction.atomic():
        existing = {item.listing.pk for item in inputs if item.listing.pk}
        if existing:
            _lock_editable(model, user, [item.listing for item in inputs if item.listing.pk])
        now = timezone.now()
        created: list[Listing] = []
        # By the text columns written (rows that wrote other languages' columns must not write over these), the
        # columns any of them changed, and the listings.
        updates: dict[frozenset[str], tuple[set[str], list[Listing]]] = {}
        savable: dict[frozenset[str], list[str]] = {}
        for item in inputs:
            listing = item.listing
            before = dict(listing.__dict__) if listing.pk else None
            written = frozenset(
                listing_prepare(
                    listing=listing,
                    user=user,
                    data=item.data,
                    texts=item.texts,
                    member_of=member_of,
                    database_checks=False,
                )
            )
            if before is None:
                created.append(listing)
                continue
            if written not in savable:
                savable[written] = listing_fields_to_save(listing, set(written))
            fields, listings = updates.setdefault(written, ({"updated_at"}, []))
            fields.update(name for name in savable[written] if listing.__dict__.get(name) != before.get(name))
            listing.updated_at = now  # auto_now is not applied by bulk_update
            listings.append(listing)
        model.objects.bulk_create(created, batch_size=LISTINGS_PER_INSERT)
        for fields, listings in updates.values():
            model.objects.bulk_update(listings, sorted(fields), batch_size=LISTINGS_PER_UPDATE)
        _write_m2m(model, list(inputs), existing)
        listings = [item.listing for item in inputs]
        source_texts_changed.send(sender=model, instances=listings)
        for listing in listings:
            listing_changed.send(sender=model, listing=listing)
    return listings


def listings_submit_many(*, model: type[Listing], user, listings: Sequence[Listing]) -> list[ModerationEvent]:
    """``listing_submit`` for many listings of ``model`` at once (a bulk import asked to submit its rows): the same
    checks -- the user may edit each, each is a draft or has requested changes, each is complete (``full_clean``; its
    relations and constraints left to the database, as above) -- and the same effects: the state and submission time,
    an audit entry, the staff's notification and ``listing_changed`` for each; all or nothing (``NotFound``,
    ``InvalidTransition``, ``ValidationError``), in a few queries whatever their number."""
    if not listings:
        return []
    if not all(can_edit_listing(user, listing) for listing in listings):
        raise NotFound()
    content_type = ContentType.objects.get_for_model(model)
    pks = [listing.pk for listing in listings]
    with transaction.atomic():
        # Lock the rows, as listing_transition does: a staff decision or another submission meanwhile must not be
        # written over; each state is read again under the lock.
        locked = {row.pk: row for row in model.objects.select_for_update().filter(pk__in=pks)}
        entries = []
        for pk in pks:
            if pk not in locked:
                raise NotFound()
            row = locked[pk]
            target = transition_target(row, ModerationAction.SUBMIT)
            row.full_clean(exclude=["owner", "field", "institution"], validate_unique=False, validate_constraints=False)
            entries.append(
                {
                    "content_type": content_type,
                    "object_id": pk,
                    "action": ModerationAction.SUBMIT,
                    "from_state": row.state,
                    "to_state": target,
                }
            )
        now = timezone.now()
        model.objects.filter(pk__in=pks).update(state=ModerationState.SUBMITTED, submitted_at=now, updated_at=now)
        events = log_actions(ModerationEvent, actor=user, entries=entries)
        for listing, event in zip(listings, events, strict=True):
            row = locked[listing.pk]
            for attr, value in (("state", event.to_state), ("submitted_at", now), ("updated_at", now)):
                setattr(row, attr, value)
                setattr(listing, attr, value)
            enqueue_on_commit("marketplace.tasks.moderation_notify", event.pk)
            listing_changed.send(sender=model, listing=row)
    return events
