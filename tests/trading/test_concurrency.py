"""Bids and closes racing on PostgreSQL: the auction row lock must lose no bid and close an auction exactly once.

Runs under `make test-services` (DATABASE_URL=postgres://...); skipped with the reason on the embedded SQLite, which
takes one writer at a time and so cannot show a race. Both tests were checked to fail with the row lock taken out
of ``trading.services._base.lock_auction`` (duplicate sequence numbers and lost bids in the first, two closes in the
second).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection, transaction
from django.utils import timezone

from tests.factories import AuctionFactory, EnterpriseFactory
from tests.workers import test_database_url
from trading.errors import TradingError
from trading.invariants import replay_invariants
from trading.models import Auction, AuctionAction, AuctionEvent, Bid, Deal
from trading.rules import increment_at, minimum_bid
from trading.services import auction_close, bid_place

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parents[2]
BIDDERS = 50
ROUNDS = 5
ATTEMPTS = 3  # per bidder and round: a bidder beaten to a price tries again at the next one
EXTENSION = timedelta(seconds=30)
# Refusals a colliding bidder may meet: someone else took the price first, or their own earlier bid still leads.
EXPECTED_REFUSALS = {"bid_too_low", "already_leading"}


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL: set DATABASE_URL=postgres://... (make test-services)")


def _bid_storm(auction: Auction, users: list) -> tuple[list[tuple[int, int, Decimal]], Counter, list[BaseException]]:
    """Every user bids in ROUNDS rounds; in each round all of them are released together by a barrier and make up
    to ATTEMPTS bids, each at the minimum read from the database just before, so most bids chase the same price."""
    barrier = threading.Barrier(len(users))
    accepted: list[tuple[int, int, Decimal]] = []  # (user id, bid id, amount) of every bid the service accepted
    refused: Counter = Counter()
    errors: list[BaseException] = []
    lock = threading.Lock()

    def bidder(user, index: int) -> None:
        try:
            for round_number in range(ROUNDS):
                barrier.wait(timeout=60)
                for attempt in range(ATTEMPTS):
                    amount = minimum_bid(Auction.objects.get(pk=auction.pk))
                    try:
                        outcome = bid_place(
                            auction_id=auction.pk,
                            user=user,
                            amount=f"{amount:.2f}",
                            currency="USD",
                            idempotency_key=f"b{index}-r{round_number}-a{attempt}",
                        )
                    except TradingError as exc:
                        with lock:
                            refused[exc.code] += 1
                        if exc.code == "already_leading":
                            break
                    else:
                        with lock:
                            accepted.append((user.pk, outcome.bid.pk, outcome.bid.amount))
                        break
        except BaseException as exc:  # anything else (a deadlock, a unique violation) fails the test below
            with lock:
                errors.append(exc)
            barrier.abort()
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=bidder, args=(user, i)) for i, user in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a bidder thread hung"
    return accepted, refused, errors


def test_fifty_bidders_at_once_lose_no_bid_and_every_invariant_holds(postgres):
    # The window covers the whole auction, so every accepted bid extends the end.
    auction = AuctionFactory(
        ends_at=timezone.now() + timedelta(hours=1),
        soft_close_window=timedelta(days=1),
        soft_close_extension=EXTENSION,
    )
    initial_end = auction.ends_at
    users = [EnterpriseFactory() for _ in range(BIDDERS)]

    accepted, refused, errors = _bid_storm(auction, users)

    assert errors == []
    assert set(refused) <= EXPECTED_REFUSALS, refused
    assert BIDDERS * ROUNDS <= len(accepted) + sum(refused.values()) <= BIDDERS * ROUNDS * ATTEMPTS
    assert refused["bid_too_low"] > 0, "no two bids collided: the test did not exercise the race"
    assert len(accepted) >= ROUNDS  # the first bid to take the lock in a round read the round's price: it wins

    # Every accepted bid is stored, as answered; the log holds nothing else.
    stored = {bid.pk: bid for bid in Bid.objects.filter(auction=auction).select_related("participant")}
    assert len(stored) == len(accepted)
    for user_id, bid_id, amount in accepted:
        assert bid_id in stored
        assert (stored[bid_id].participant.user_id, stored[bid_id].amount) == (user_id, amount)

    report = replay_invariants(auction_id=auction.pk)
    assert report.ok, [str(v) for v in report.violations]

    log = sorted(stored.values(), key=lambda bid: bid.seq)
    assert [bid.seq for bid in log] == list(range(1, len(log) + 1))
    for before, after in pairwise(log):
        assert after.amount >= before.amount + increment_at(auction, before.amount)
        assert after.ends_at == before.ends_at + EXTENSION  # soft close: every bid moved the end
    assert log[0].ends_at == initial_end + EXTENSION
    auction.refresh_from_db()
    assert auction.ends_at == initial_end + EXTENSION * len(log)
    assert auction.bid_count == len(log) and auction.current_price == log[-1].amount

    # The clock is moved past the end instead of waiting for it; the close picks the last bidder, once.
    with mock.patch("django.utils.timezone.now", return_value=auction.ends_at + timedelta(seconds=1)):
        assert auction_close(auction_id=auction.pk) is True
        assert auction_close(auction_id=auction.pk) is False
    auction.refresh_from_db()
    assert auction.result == "won"
    assert auction.winner_id == log[-1].participant_id and auction.final_price == log[-1].amount
    assert Deal.objects.filter(auction=auction).count() == 1
    assert AuctionEvent.objects.filter(auction=auction, action=AuctionAction.CLOSED).count() == 1
    report = replay_invariants(auction_id=auction.pk)
    assert report.ok, [str(v) for v in report.violations]


def test_bid_already_too_low_is_refused_without_waiting_for_the_lock(postgres):
    """Most bids on a hot auction arrive just too late: they are refused on a plain read, not queued for the lock."""
    auction = AuctionFactory()
    bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="1000")
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        try:
            with transaction.atomic():
                Auction.objects.select_for_update().get(pk=auction.pk)
                locked.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        started = time.monotonic()
        with pytest.raises(TradingError) as refused:
            bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="1050")
        waited = time.monotonic() - started
    finally:
        release.set()
        holder.join()
    assert refused.value.code == "bid_too_low"
    assert waited < 2, f"the refusal waited {waited:.1f} s for the lock"


# One "beat process": set up Django on the test database, say "ready", then for each "close ID" line read, close that
# auction and answer one JSON line. The notification task's delay is wrapped (it still runs, eagerly) to count it.
CLOSER = r"""
import json, sys
import django

django.setup()
from unittest import mock

from django.db import connection, transaction

from trading import services
from trading.tasks import auction_notify_closed

connection.ensure_connection()
print("ready", flush=True)
for line in sys.stdin:
    auction_id = int(line.split()[1])
    task = auction_notify_closed
    with mock.patch.object(task, "delay", wraps=task.delay) as delay:
        try:
            closed, error = services.auction_close(auction_id=auction_id), None
        except Exception as exc:
            closed, error = None, repr(exc)
    print(json.dumps({"auction": auction_id, "closed": closed, "error": error, "notified": delay.call_count}),
          flush=True)
"""
RACES = 5


def _closer(env: dict) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", CLOSER],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_beat_processes_closing_the_same_auctions_close_each_exactly_once(postgres):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "brics_ttc.settings.test",
        "DATABASE_URL": test_database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "1",  # the notification runs in the closing process; no broker needed
    }
    closers = [_closer(env), _closer(env)]
    try:
        for closer in closers:
            assert closer.stdout.readline().strip() == "ready", closer.stderr.read()
        auctions = []
        for _ in range(RACES):  # each ends two seconds after it was made: time enough for its two bids
            auctions.append(AuctionFactory(ends_at=timezone.now() + timedelta(seconds=2)))
            for amount in ("1000", "1100"):
                bid_place(auction_id=auctions[-1].pk, user=EnterpriseFactory(), amount=amount)
        time.sleep(max(0.0, (auctions[-1].ends_at - timezone.now()).total_seconds()) + 0.05)
        answers = []
        for auction in auctions:
            for closer in closers:  # both are told at once; whichever locks the row first closes it
                closer.stdin.write(f"close {auction.pk}\n")
                closer.stdin.flush()
            answers.append([json.loads(closer.stdout.readline()) for closer in closers])
    finally:
        for closer in closers:
            closer.stdin.close()
            try:
                closer.wait(timeout=20)
            except subprocess.TimeoutExpired:
                closer.kill()
                closer.wait()

    for auction, pair in zip(auctions, answers, strict=True):
        assert [answer["error"] for answer in pair] == [None, None], pair
        assert sorted(answer["closed"] for answer in pair) == [False, True], pair
        assert [answer["notified"] for answer in pair if answer["closed"]] == [1]
        assert sum(answer["notified"] for answer in pair) == 1
        auction.refresh_from_db()
        assert auction.result == "won" and auction.final_price == Decimal("1100.00")
        assert Deal.objects.filter(auction=auction).count() == 1
        assert AuctionEvent.objects.filter(auction=auction, action=AuctionAction.CLOSED).count() == 1
        report = replay_invariants(auction_id=auction.pk)
        assert report.ok, [str(v) for v in report.violations]
