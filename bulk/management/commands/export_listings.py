"""Staff: export an institution's listings of one type in the import format (CSV or XLSX), as the export page does."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bulk.columns import KINDS
from bulk.exports import FORMATS, portfolio_export
from marketplace.errors import MarketplaceError
from marketplace.models import Institution


class Command(BaseCommand):
    help = "Export an institution's listings of one type as CSV or XLSX (the import format)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--institution", required=True, help="The institution's slug.")
        parser.add_argument("--type", dest="kind", required=True, choices=sorted(KINDS))
        parser.add_argument("--format", dest="fmt", default="csv", choices=FORMATS)
        parser.add_argument("--language", default="", help="Only the listings written in this language.")
        parser.add_argument("--user", required=True, help="E-mail of the staff account the export acts as.")
        parser.add_argument("--output", "-o", type=Path, help="Where to write the file (default: its own name here).")

    def handle(self, *args, **options) -> None:
        user = get_user_model().objects.filter(email__iexact=options["user"], is_active=True, is_staff=True).first()
        if user is None:
            raise CommandError("--user must be an active staff account.")
        institution = Institution.objects.filter(slug=options["institution"]).first()
        if institution is None:
            raise CommandError(f"No institution with the slug {options['institution']!r}.")
        try:
            download = portfolio_export(
                user=user,
                institution=institution,
                kind=options["kind"],
                fmt=options["fmt"],
                language=options["language"],
            )
        except MarketplaceError as exc:
            raise CommandError(str(exc.message)) from exc
        output: Path = options["output"] or Path(download.filename)
        output.write_bytes(download.content)
        self.stdout.write(f"Wrote {output} ({len(download.content)} bytes).")
