"""Bulk import: check a file row by row (the preview), then write it in a Celery job, through the listing services.

The rule for a file with errors, shown on the preview before anything is written: the rows without errors are
imported, each row all or nothing (the listing, its modes and its submission in one transaction); the rows with
errors are skipped and listed, and nothing of them is saved. A file that cannot be read as a whole (type, size,
encoding, columns, too many rows) writes nothing at all. Rows are matched to listings by the institution's own
``external_id``: a new one creates a draft, a known one updates it, and a row identical to its listing is not written
at all (no new row, no new timestamp, no translation job), so importing the same file twice changes nothing.

The job writes the valid rows in batches (``BULK_IMPORT_BATCH_ROWS``, 500), each batch in one transaction through
the batched listing write (``marketplace.listing_batches``: a few queries per batch, translations scheduled in bulk).
If the database refuses anything of a batch (a listing published or taken by someone else since the job's check, a
constraint), that batch is rolled back whole and its rows are written again one by one through the listing services,
so the row at fault is reported and saves nothing while the others of the batch are written; the batches before and
after it are not affected.
"""

from bulk.services.checks import import_preview
from bulk.services.jobs import import_run, import_start

__all__ = ["import_preview", "import_run", "import_start"]
