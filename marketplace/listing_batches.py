"""Writing many listings of one type at once (a bulk import): the batched twin of ``services.listing_write``.

The same rules as a listing written alone: the author posts only for an institution they belong to; every field and
``clean()`` is checked by ``listing_prepare``; the model's constraints (the external id unique in its institution, the
price, budget and readiness rules) are enforced by the database, which holds the very same ones; all or nothing. Only
the cost differs: a handful of queries for the whole batch instead of about a dozen per listing (one insert of the
new listings, one update of the changed ones, their transfer modes in one insert), and the texts announced once with
``source_texts_changed``, so their translations are scheduled in bulk. ``listing_changed`` is still sent for every
listing. Attachments are not written here (an import has none). Kept beside ``services.py``, which is at its size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.errors import InvalidTransition, NotFound
from marketplace.models import EDITABLE_STATES, Listing
from marketplace.permissions import can_edit_listing, member_institution_ids
from marketplace.services import listing_fields_to_save, listing_prepare
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


def _set_m2m(model: type[Listing], created: list[ListingInput]) -> None:
    """The relations of new listings, one insert per relation for the whole batch (nothing to remove yet)."""
    names = {name for item in created for name in (item.m2m or {})}
    for name in sorted(names):
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        through.objects.bulk_create(
            [
                through(**{source: item.listing.pk, target: value.pk})
                for item in created
                for value in dict.fromkeys((item.m2m or {}).get(name, ()))
            ]
        )


def listings_write_many(*, model: type[Listing], user, inputs: Sequence[ListingInput]) -> list[Listing]:
    """Validate and save many listings of ``model`` (new drafts, or drafts and listings with requested changes) with
    their texts and relations, all or nothing: ``ValidationError`` (the first invalid listing's), ``NotFound``,
    ``InvalidTransition`` or the database's ``IntegrityError`` (a constraint), and nothing of the batch is saved."""
    if not inputs:
        return []
    member_of = member_institution_ids(user)
    with transaction.atomic():
        existing = [item.listing for item in inputs if item.listing.pk]
        if existing:
            _lock_editable(model, user, existing)
        now = timezone.now()
        created: list[ListingInput] = []
        updated: list[ListingInput] = []
        updates: dict[tuple[str, ...], list[Listing]] = {}
        for item in inputs:
            written = listing_prepare(
                listing=item.listing,
                user=user,
                data=item.data,
                texts=item.texts,
                member_of=member_of,
                database_checks=False,
            )
            if item.listing.pk:
                item.listing.updated_at = now  # auto_now is not applied by bulk_update
                updates.setdefault(tuple(listing_fields_to_save(item.listing, written)), []).append(item.listing)
                updated.append(item)
            else:
                created.append(item)
        model.objects.bulk_create([item.listing for item in created], batch_size=LISTINGS_PER_INSERT)
        for fields, listings in updates.items():
            model.objects.bulk_update(listings, fields, batch_size=LISTINGS_PER_UPDATE)
        _set_m2m(model, created)
        for item in updated:
            for name, values in (item.m2m or {}).items():
                getattr(item.listing, name).set(values)
        listings = [item.listing for item in inputs]
        source_texts_changed.send(sender=model, instances=listings)
        for listing in listings:
            listing_changed.send(sender=model, listing=listing)
    return listings
