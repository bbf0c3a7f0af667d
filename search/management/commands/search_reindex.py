"""manage.py search_reindex: (re)build the search index from the database, resumable after an interruption."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from search.backends import get_backend
from search.backends.base import SearchUnavailable
from search.services import search_missing_types, search_reindex


class Command(BaseCommand):
    help = (
        "Index every published record of every document type (and drop unpublished ones) in batches; --resume "
        "continues a broken run."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="Listings per batch (default 500).")
        parser.add_argument("--resume", metavar="KEY", default=None, help='Last key done, e.g. "achievement:1200".')
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=(
                "Only when the index holds nothing, or nothing of a document type that has published records "
                "(make run: a new index version, or a new document type, after an upgrade)."
            ),
        )

    def handle(self, *args, batch_size: int, resume: str | None, if_empty: bool, **options) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        verbosity = options.get("verbosity", 1)
        if if_empty:
            try:
                backend = get_backend()
                backend.ensure_index()
                if backend.count() and not search_missing_types(backend=backend):
                    return
            except SearchUnavailable as exc:
                raise CommandError(f"The search engine is unavailable: {exc}") from exc

        def progress(done: int, total: int, key: str) -> None:
            if verbosity:
                width = 30
                filled = width * done // total if total else width
                self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {key}", ending="")
                self.stdout.flush()

        try:
            last = search_reindex(batch_size=batch_size, resume_from=resume, progress=progress)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        except SearchUnavailable as exc:
            raise CommandError(f"The search engine is unavailable: {exc}") from exc
        if verbosity:
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(f"Done. Last key: {last or '-'}"))
