"""Re-imports that change drafts and imports that submit them are written in batches too: the changed columns of a
batch in one update, its submissions in one pass with the same audit entries, notifications and lifecycle events as
a listing submitted alone, and queries that do not grow with the rows."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse

from achievements.models import Achievement
from bulk.services import import_start
from marketplace.models import ModerationAction, ModerationEvent, ModerationState
from marketplace.services import listing_moderate, listing_submit
from marketplace.signals import listing_changed
from tests.bulk.conftest import achievement_row, achievement_rows, job_queries, previewed
from tests.factories import AchievementFactory, StaffFactory
from translation.models import TranslationRecord, TranslationStatus

pytestmark = pytest.mark.django_db


def _events(listing) -> list[tuple]:
    return list(
        ModerationEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(listing), object_id=listing.pk
        ).values_list("actor", "action", "from_state", "to_state", "reason")
    )


@pytest.mark.parametrize(
    ("changes", "submit"),
    [({"trl": "8", "transfer_modes": "licensing|technical_service"}, False), ({}, True)],
    ids=["changed-rows", "submitted-rows"],
)
def test_changing_or_submitting_rows_costs_the_same_queries_whatever_their_number(
    tto, tto_admin, imported, settings, django_capture_on_commit_callbacks, changes, submit
):
    settings.BULK_IMPORT_BATCH_ROWS = 40
    for prefix, count in (("W", 1), ("S", 5), ("F", 40)):
        imported(achievement_rows(count, prefix))
    with django_capture_on_commit_callbacks():
        job_queries(tto_admin, tto, achievement_rows(1, "W", **changes), submit=submit)  # warm
        five = job_queries(tto_admin, tto, achievement_rows(5, "S", **changes), submit=submit)
        forty = job_queries(tto_admin, tto, achievement_rows(40, "F", **changes), submit=submit)

    assert five == forty
    assert sum(forty) <= 30  # the job's own reads and progress, and the batch's few writes: not one per row
    listing = Achievement.objects.get(external_id="F-0040")
    if submit:
        assert Achievement.objects.filter(state=ModerationState.SUBMITTED).count() == 46
    else:
        assert set(Achievement.objects.values_list("trl", flat=True)) == {8}
        assert sorted(listing.transfer_modes.values_list("code", flat=True)) == ["licensing", "technical_service"]


def test_changed_texts_cost_a_fixed_number_of_queries_per_batch(
    tto, tto_admin, imported, settings, django_capture_on_commit_callbacks
):
    """Each further batch of changed titles (their translations started over) costs the same queries: the records'
    reset and the emptied translations are written for the whole batch, not per listing."""
    settings.BULK_IMPORT_BATCH_ROWS = 40
    imported(achievement_rows(120))
    Achievement.objects.update(title_fr="Une traduction", title_es="Una traducción")
    TranslationRecord.objects.filter(language__in=["fr", "es"], field="title").update(status=TranslationStatus.DONE)

    counts = []
    with django_capture_on_commit_callbacks():
        for count in (40, 80, 120):
            counts.append(sum(job_queries(tto_admin, tto, achievement_rows(count, title=f"Version {count}"))))

    assert counts[2] - counts[1] == counts[1] - counts[0] < 30
    listing = Achievement.objects.get(external_id="A-0120")
    assert (listing.title_en, listing.title_fr, listing.title_es) == ("Version 120", None, None)
    records = TranslationRecord.objects.filter(object_id=listing.pk, field="title")
    assert set(records.values_list("status", flat=True)) == {TranslationStatus.PENDING}


def test_an_update_writes_only_the_columns_its_row_changed(tto, imported, settings):
    """A column the file leaves as it was is not written back from the job's copy: an edit made meanwhile stays."""
    settings.BULK_IMPORT_BATCH_ROWS = 1
    imported(achievement_rows(2))

    def edit_the_second_meanwhile(sender, listing, **kwargs):
        if listing.external_id == "A-0001":
            Achievement.objects.filter(external_id="A-0002").update(contact_phone="+86 21 0000", title_fr="Titre")

    listing_changed.connect(edit_the_second_meanwhile)
    try:
        batch = imported(achievement_rows(2, trl="3"))
    finally:
        listing_changed.disconnect(edit_the_second_meanwhile)

    assert batch.updated_count == 2
    second = Achievement.objects.get(external_id="A-0002")
    assert (second.trl, second.contact_phone, second.title_fr) == (3, "+86 21 0000", "Titre")


def test_a_batched_submission_does_what_a_submission_alone_does(
    tto, tto_admin, imported, settings, django_capture_on_commit_callbacks
):
    """Audit entry, state and time, the staff's e-mail and the lifecycle event: the same for a listing submitted
    through the site and for each listing an import submits."""
    settings.STAFF_NOTIFICATION_EMAILS = ["moderation@example.org"]
    imported(achievement_rows(4))
    alone = AchievementFactory(institution=tto, owner=tto_admin)
    changed = []

    def heard(sender, listing, **kwargs):
        changed.append((sender, listing.external_id, listing.state))

    listing_changed.connect(heard)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            listing_submit(listing=alone, user=tto_admin)
        with django_capture_on_commit_callbacks(execute=True):
            batch = import_start(batch=previewed(tto_admin, tto, achievement_rows(4)), user=tto_admin, submit=True)
    finally:
        listing_changed.disconnect(heard)
    batch.refresh_from_db()

    assert (batch.unchanged_count, batch.submitted_count) == (4, 4)
    submitted = list(Achievement.objects.filter(external_id__startswith="A-").order_by("external_id"))
    expected = [(tto_admin.pk, ModerationAction.SUBMIT, ModerationState.DRAFT, ModerationState.SUBMITTED, "")]
    assert _events(alone) == expected
    assert [_events(listing) for listing in submitted] == [expected] * 4
    assert all(listing.state == ModerationState.SUBMITTED and listing.submitted_at for listing in submitted)
    assert changed[1:] == [(Achievement, listing.external_id, ModerationState.SUBMITTED) for listing in submitted]
    assert len(mail.outbox) == 5
    assert {tuple(message.to) for message in mail.outbox} == {("moderation@example.org",)}
    assert all(sum(listing.title_en in message.body for message in mail.outbox) == 1 for listing in submitted)


def test_an_import_submits_listings_with_requested_changes_into_the_staffs_queue(
    tto, tto_admin, imported, staff_client
):
    imported(achievement_rows(3))
    staff = StaffFactory()
    for listing in Achievement.objects.filter(external_id__in=["A-0001", "A-0002"]):
        listing_submit(listing=listing, user=tto_admin)
        listing_moderate(listing=listing, actor=staff, action=ModerationAction.REQUEST_CHANGES, reason="A price?")

    batch = imported([achievement_row("A-0001", title="Perovskite, priced"), *achievement_rows(3)[1:]], submit=True)

    assert (batch.updated_count, batch.unchanged_count, batch.submitted_count) == (1, 2, 3)
    first = Achievement.objects.get(external_id="A-0001")
    assert _events(first)[0][1:4] == (ModerationAction.SUBMIT, ModerationState.CHANGES_REQUESTED, "submitted")
    response = staff_client.get(reverse("admin:achievements_achievement_changelist"))
    queue = [listing.external_id for listing in response.context["cl"].result_list]
    assert sorted(queue) == ["A-0001", "A-0002", "A-0003"]
