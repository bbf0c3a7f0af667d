"""Many listings written at once (``listings_write_many``): the rules of a listing written alone, all or nothing, and
the lifecycle events still announced."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from achievements.models import Achievement
from marketplace.errors import InvalidTransition
from marketplace.listing_batches import ListingInput, listings_write_many
from marketplace.models import ModerationState
from marketplace.signals import listing_changed, source_text_changed, source_texts_changed
from tests.factories import AchievementFactory, InstitutionFactory, tech_field, transfer_mode
from translation.models import TranslationRecord

pytestmark = pytest.mark.django_db


def new(institution, n: int, **data) -> ListingInput:
    values = {"institution": institution, "field": tech_field(), "trl": 6, "source_language": "en", **data}
    texts = {"title": f"Heat storage in salt {n}", "summary": "Stores heat for a week."}
    return ListingInput(
        listing=Achievement(), data=values, texts=texts, m2m={"transfer_modes": [transfer_mode("licensing")]}
    )


@pytest.fixture
def heard():
    calls = []

    def on_texts(sender, instances, **kwargs):
        calls.append(("texts", len(instances)))

    def on_change(sender, listing, **kwargs):
        calls.append(("changed", listing.pk))

    source_texts_changed.connect(on_texts)
    listing_changed.connect(on_change)
    yield calls
    source_texts_changed.disconnect(on_texts)
    listing_changed.disconnect(on_change)


def test_new_listings_are_saved_with_their_modes_and_announced(member, institution, heard):
    listings = listings_write_many(model=Achievement, user=member, inputs=[new(institution, n) for n in range(3)])

    assert [listing.owner for listing in listings] == [member] * 3
    assert all(listing.pk and listing.state == ModerationState.DRAFT for listing in listings)
    assert Achievement.objects.get(pk=listings[2].pk).title_en == "Heat storage in salt 2"
    assert [list(listing.transfer_modes.values_list("code", flat=True)) for listing in listings] == [["licensing"]] * 3
    assert str(listings[0].country) == str(institution.country)  # empty: the institution's
    assert heard == [("texts", 3), *[("changed", listing.pk) for listing in listings]]
    assert TranslationRecord.objects.count() == 3 * 2 * 16  # two texts; translation subscribes to the batched form


def test_an_invalid_listing_saves_nothing_of_the_batch(member, institution):
    inputs = [new(institution, 1), new(institution, 2, trl=12)]

    with pytest.raises(ValidationError) as raised:
        listings_write_many(model=Achievement, user=member, inputs=inputs)

    assert "trl" in raised.value.message_dict
    assert not Achievement.objects.exists()


def test_posting_for_an_institution_one_does_not_belong_to_is_refused(member, institution):
    with pytest.raises(ValidationError) as raised:
        listings_write_many(model=Achievement, user=member, inputs=[new(InstitutionFactory(), 1)])

    assert "institution" in raised.value.message_dict
    assert not Achievement.objects.exists()


def test_a_database_constraint_refuses_the_whole_batch(member, institution):
    AchievementFactory(institution=institution, external_id="X-1")
    inputs = [new(institution, 1, external_id="X-2"), new(institution, 2, external_id="X-1")]

    with pytest.raises(IntegrityError):
        listings_write_many(model=Achievement, user=member, inputs=inputs)

    assert list(Achievement.objects.values_list("external_id", flat=True)) == ["X-1"]


def test_a_listing_published_since_it_was_read_is_not_written_over(member, institution):
    listing = AchievementFactory(owner=member, institution=institution)
    Achievement.objects.filter(pk=listing.pk).update(state=ModerationState.PUBLISHED)  # staff approved it meanwhile
    inputs = [new(institution, 1), ListingInput(listing=listing, data={}, texts={"title": "Changed"})]

    with pytest.raises(InvalidTransition):
        listings_write_many(model=Achievement, user=member, inputs=inputs)

    assert Achievement.objects.get(pk=listing.pk).title_en != "Changed"
    assert Achievement.objects.count() == 1


def test_every_receiver_of_new_source_text_also_receives_the_batched_form():
    """A subscriber to ``source_text_changed`` alone would miss every bulk import."""
    assert len(source_texts_changed.receivers) == len(source_text_changed.receivers) > 0
