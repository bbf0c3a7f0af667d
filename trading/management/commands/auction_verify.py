"""``manage.py auction_verify ID``: prove an auction's bid log was neither altered nor cut short.

Two layers. First the public log, read through the very serializer the API publishes it with
(``GET /api/v1/auctions/{id}/bids/``): every hash recomputed (``trading.chain.verify_entries``), the chain's last hash
equal to the auction's ``last_hash``, as many entries as the auction counts bids, and in English auctions every
amount at least the previous one plus the increment at that price. Then the stored state the log implies
(``trading.invariants``): the clock, soft-close extensions, the standing price, sealed reveals, the close and its
deal. Prints a summary; exits non-zero on any problem.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from trading.chain import verify_entries
from trading.invariants import replay_invariants
from trading.models import GENESIS_HASH, Auction, AuctionKind
from trading.rules import increment_at
from trading.selectors import bid_log
from trading.serializers import LogEntrySerializer

# Rules of trading.invariants that the public-log checks above already cover.
PUBLIC_RULES = {"chain", "seq", "increment"}


def public_log_problems(auction: Auction, entries: list[dict]) -> list[str]:
    """Problems anyone could find from the API's output of this auction's log."""
    problems = [f"entry {problem.seq}: {problem.problem}" for problem in verify_entries(entries)]
    head = entries[-1]["entry_hash"] if entries else GENESIS_HASH
    if head != auction.last_hash:
        problems.append(f"the chain ends at {head}, but the auction's last hash is {auction.last_hash}")
    if len(entries) != auction.bid_count:
        problems.append(f"the log holds {len(entries)} entries, but the auction counts {auction.bid_count} bids")
    if auction.kind == AuctionKind.ENGLISH:
        previous: Decimal | None = None
        for entry in entries:
            if entry["amount"] is None:
                problems.append(f"entry {entry['seq']}: an English bid without an amount")
                continue
            amount = Decimal(entry["amount"])
            need = auction.starting_price if previous is None else previous + increment_at(auction, previous)
            if amount < need:
                problems.append(f"entry {entry['seq']}: {amount} is below the minimum {need} at that point")
            previous = amount
    return problems


class Command(BaseCommand):
    help = "Verify an auction's hash-chained bid log and the state it implies; exits non-zero on any problem."

    def add_arguments(self, parser):
        parser.add_argument("auction_id", type=int, help="The auction's id.")

    def handle(self, *args, auction_id: int, **options):
        auction = Auction.objects.filter(pk=auction_id).first()
        if auction is None:
            raise CommandError(f"There is no auction {auction_id}.")
        entries = LogEntrySerializer(bid_log(auction=auction), many=True).data
        public = public_log_problems(auction, entries)
        report = replay_invariants(auction_id=auction.pk)
        stored = [str(violation) for violation in report.violations if violation.rule not in PUBLIC_RULES]

        self.stdout.write(
            f"Auction {auction.pk} ({auction.kind}, {auction.state}): {len(entries)} entries, "
            f"chain head {auction.last_hash}"
        )
        self._section(
            "public log (hash chain, head, count" + (", increments)" if not auction.is_sealed else ")"), public
        )
        self._section("stored state (clock, soft close, standing, sealed bids, close, deal)", stored)
        problems = len(public) + len(stored)
        if problems:
            raise CommandError(f"{problems} problem(s) found in the bid log of auction {auction.pk}.")
        self.stdout.write(self.style.SUCCESS("OK: the log is intact and consistent."))

    def _section(self, title: str, problems: list[str]) -> None:
        if not problems:
            self.stdout.write(f"  {title}: ok")
            return
        self.stdout.write(f"  {title}: {len(problems)} problem(s)")
        for problem in problems:
            self.stdout.write(f"    - {problem}")
