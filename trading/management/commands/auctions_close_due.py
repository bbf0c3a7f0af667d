"""``manage.py auctions_close_due [--every SECONDS]``: close the auctions whose end has passed, as beat does.

`make run` (the embedded default, no broker and no beat) runs it with ``--every`` for the server's lifetime: pages
and the API only read, so without it an ended auction would stay "closing". Also a cron job's verb.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from trading.services import auctions_close_due


class Command(BaseCommand):
    help = "Close every auction whose end has passed (once, or every --every seconds until stopped)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            nargs="?",
            const=settings.AUCTION_CLOSE_INTERVAL,
            help="Keep running, closing due auctions every SECONDS (default: AUCTION_CLOSE_INTERVAL).",
        )

    def handle(self, *args, every: float | None = None, **options):
        while True:
            closed = auctions_close_due()
            if closed or every is None:
                self.stdout.write(f"Closed {closed} auction(s).")
            if every is None:
                return
            time.sleep(every)
