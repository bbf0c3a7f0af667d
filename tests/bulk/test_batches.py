"""The import job writes in batches (``BULK_IMPORT_BATCH_ROWS``): a batch the database refuses is rolled back whole
and written again row by row, and the job's queries do not grow with its rows."""

from __future__ import annotations

import pytest
from django.db import connection

from achievements.models import Achievement
from bulk.models import ImportStatus
from marketplace.models import ModerationState
from marketplace.signals import listing_changed, source_texts_changed
from tests.bulk.conftest import achievement_row, achievement_rows, job_queries, job_run, previewed
from tests.factories import AchievementFactory
from translation.models import TranslationRecord

pytestmark = pytest.mark.django_db

TRANSLATIONS_PER_ACHIEVEMENT = 4 * 16  # four texts into the 16 other languages


def test_a_1200_row_file_is_written_in_three_batches_and_reimports_unchanged(
    tto, tto_admin, django_capture_on_commit_callbacks
):
    heard = []

    def count_texts(sender, instances, **kwargs):
        heard.append(len(instances))

    source_texts_changed.connect(count_texts)
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            batch = job_run(previewed(tto_admin, tto, achievement_rows(1200)), tto_admin)
    finally:
        source_texts_changed.disconnect(count_texts)

    assert (batch.status, batch.created_count, batch.processed_rows, batch.failed_count) == (
        ImportStatus.DONE,
        1200,
        1200,
        0,
    )
    assert heard == [500, 500, 200]  # one announcement per batch, not one per listing
    assert Achievement.objects.filter(institution=tto, state=ModerationState.DRAFT).count() == 1200
    listing = Achievement.objects.get(external_id="A-0777")
    assert (listing.owner, listing.title_en) == (tto_admin, "Perovskite encapsulation A-0777")
    assert sorted(listing.transfer_modes.values_list("code", flat=True)) == ["joint_development", "licensing"]
    records = TranslationRecord.objects.count()
    assert records == 1200 * TRANSLATIONS_PER_ACHIEVEMENT
    # Translation jobs of up to 100 records of one language, not one message per record.
    assert len(callbacks) < records / 50
    assert len(batch.report["written"]) == 1200

    again = previewed(tto_admin, tto, achievement_rows(1200))
    assert (again.to_create, again.to_update, again.unchanged_count) == (0, 0, 1200)
    before = dict(Achievement.objects.values_list("external_id", "updated_at"))
    with django_capture_on_commit_callbacks() as callbacks:
        again = job_run(again, tto_admin)
    assert (again.unchanged_count, again.created_count, again.updated_count) == (1200, 0, 0)
    assert dict(Achievement.objects.values_list("external_id", "updated_at")) == before
    assert TranslationRecord.objects.count() == records
    assert callbacks == []


def test_a_batch_the_database_refuses_is_rolled_back_and_written_again_row_by_row(tto, imported, settings):
    """While the first batch is written, someone of the institution publishes a listing under an external id of the
    second batch: the second batch's insert breaks the unique constraint, the batch is rolled back, and its rows go one
    by one: that row is reported and saves nothing, the others of the batch and of the third batch are written."""
    settings.BULK_IMPORT_BATCH_ROWS = 50
    planted = []

    def publish_one_meanwhile(sender, listing, **kwargs):
        if not planted:
            planted.append(AchievementFactory(institution=tto, external_id="A-0070", published=True, title_en="Theirs"))

    listing_changed.connect(publish_one_meanwhile)
    try:
        batch = imported(achievement_rows(120))
    finally:
        listing_changed.disconnect(publish_one_meanwhile)

    assert (batch.status, batch.created_count, batch.failed_count, batch.processed_rows) == (
        ImportStatus.DONE,
        119,
        1,
        120,
    )
    errors = {item["row"]: item["errors"] for item in batch.report["rows"]}
    assert list(errors) == [71]  # A-0070 is the file's row 71 (the header is row 1)
    theirs = Achievement.objects.get(institution=tto, external_id="A-0070")
    assert (theirs.pk, theirs.title_en, theirs.state) == (planted[0].pk, "Theirs", ModerationState.PUBLISHED)
    assert Achievement.objects.filter(institution=tto).count() == 120
    # The rolled-back insert left no record behind: every listing has its 64 translation records, no more.
    assert TranslationRecord.objects.count() == 119 * TRANSLATIONS_PER_ACHIEVEMENT
    assert len(batch.report["written"]) == 119


def test_submitting_a_batch_sends_each_draft_to_moderation(imported, settings):
    settings.BULK_IMPORT_BATCH_ROWS = 2
    batch = imported(achievement_rows(3), submit=True)

    assert (batch.created_count, batch.submitted_count) == (3, 3)
    assert set(Achievement.objects.values_list("state", flat=True)) == {ModerationState.SUBMITTED}


def test_changed_rows_of_a_batch_update_their_drafts_and_keep_the_others_languages(imported):
    imported(achievement_rows(3))
    Achievement.objects.filter(external_id="A-0002").update(title_es="Una traducción", summary_es="Un resumen")
    changed = achievement_rows(3)
    changed[1] = achievement_row("A-0002", title="A better title", trl="8", transfer_modes="licensing")

    batch = imported(changed)

    assert (batch.updated_count, batch.unchanged_count) == (1, 2)
    listing = Achievement.objects.get(external_id="A-0002")
    assert (listing.title_en, listing.trl) == ("A better title", 8)
    assert list(listing.transfer_modes.values_list("code", flat=True)) == ["licensing"]
    # The title changed, so its Spanish version no longer translates it: cleared, to be translated again; the
    # summary did not change, and the update did not write over its Spanish version.
    assert (listing.title_es, listing.summary_es) == (None, "Un resumen")
    assert TranslationRecord.objects.filter(object_id=listing.pk).count() == TRANSLATIONS_PER_ACHIEVEMENT


def test_the_jobs_queries_do_not_grow_with_its_rows(tto, tto_admin, settings, django_capture_on_commit_callbacks):
    """Per batch, a fixed number of queries whatever its rows: so per row, a constant share of them."""
    settings.BULK_IMPORT_BATCH_ROWS = 40
    with django_capture_on_commit_callbacks():
        job_queries(tto_admin, tto, achievement_rows(1, "W"))  # warm: caches filled, there are listings to read
        one_small = job_queries(tto_admin, tto, achievement_rows(5, "S"))
        one_full = job_queries(tto_admin, tto, achievement_rows(40, "F"))
        two = job_queries(tto_admin, tto, achievement_rows(80, "T"))
        three = job_queries(tto_admin, tto, achievement_rows(120, "U"))

    per_batch = (two[0] - one_full[0], two[1] - one_full[1])
    assert (three[0] - two[0], three[1] - two[1]) == per_batch  # each further batch: the same queries
    assert one_small[0] == one_full[0]  # whatever its rows
    assert per_batch[0] < 40 / 2
    if connection.vendor == "postgresql":  # where a query takes all the parameters a batch needs
        assert sum(per_batch) < 40 / 2
