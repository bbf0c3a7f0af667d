"""Staff: import a CSV or XLSX file of listings for an institution, as the import page does: the same checks and the
same job, run in this process."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from bulk.columns import KINDS
from bulk.services import import_preview, import_run, import_start
from marketplace.errors import MarketplaceError
from marketplace.models import Institution


class Command(BaseCommand):
    help = "Import listings (drafts, by external id) from a CSV or XLSX file for an institution."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--institution", required=True, help="The institution's slug.")
        parser.add_argument("--type", dest="kind", required=True, choices=sorted(KINDS))
        parser.add_argument("--language", required=True, help="The language the file is written in (en, zh-hans…).")
        parser.add_argument("--user", required=True, help="E-mail of the staff account the import acts as.")
        parser.add_argument("--submit", action="store_true", help="Submit the imported drafts for moderation.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and print its errors only.")

    def handle(self, *args, **options) -> None:
        user = get_user_model().objects.filter(email__iexact=options["user"], is_active=True, is_staff=True).first()
        if user is None:
            raise CommandError("--user must be an active staff account.")
        institution = Institution.objects.filter(slug=options["institution"]).first()
        if institution is None:
            raise CommandError(f"No institution with the slug {options['institution']!r}.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            with path.open("rb") as handle:
                batch = import_preview(
                    user=user,
                    institution=institution,
                    kind=options["kind"],
                    language=options["language"],
                    upload=File(handle, name=path.name),
                )
        except MarketplaceError as exc:
            raise CommandError(str(exc.message)) from exc
        for item in batch.report.get("rows", []):
            self.stderr.write(f"row {item['row']} ({item['external_id']}): {'; '.join(item['errors'])}")
        self.stdout.write(
            f"{batch.total_rows} rows: {batch.to_create} new, {batch.to_update} updated, "
            f"{batch.unchanged_count} unchanged, {batch.error_rows} with errors (skipped)."
        )
        if options["dry_run"] or not batch.valid_rows:
            return
        # The page's job, run in this process: staff see its result here, and no worker is needed.
        import_start(batch=batch, user=user, submit=options["submit"], enqueue=False)
        batch = import_run(batch_id=batch.pk)
        self.stdout.write(
            f"Import {batch.pk} {batch.status}: {batch.created_count} created, {batch.updated_count} updated, "
            f"{batch.unchanged_count} unchanged, {batch.submitted_count} submitted, {batch.failed_count} failed."
        )
