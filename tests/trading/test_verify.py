"""Verifying a bid log: ``manage.py auction_verify`` and the standalone ``scripts/verify_auction_log.py``.

An intact log passes both; a tampered database row (an amount changed, a row deleted, entries reordered, a revealed
sealed amount changed) makes both fail. The script runs under Debian's own Python in isolated mode, where Django is
not even importable: it proves the documented format, not the platform's code.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from tests.factories import AuctionFactory, EnterpriseFactory
from trading import chain
from trading.models import Auction, Bid
from trading.services import auction_close, bid_place

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "verify_auction_log.py"
# Debian's interpreter, without the project's virtualenv: the script must need nothing but the standard library.
STDLIB_PYTHON = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable


def verify_command(auction) -> str:
    out, err = StringIO(), StringIO()
    try:
        call_command("auction_verify", str(auction.pk), stdout=out, stderr=err)
    except CommandError as exc:
        raise AssertionError(f"{exc}\n{out.getvalue()}{err.getvalue()}") from exc
    return out.getvalue()


def command_fails(auction) -> str:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("auction_verify", str(auction.pk), stdout=out, stderr=err)
    return out.getvalue()


def run_script(source: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own script and a path or URL the test made)
        [STDLIB_PYTHON, "-I", str(SCRIPT), source], capture_output=True, text=True, timeout=60, check=False
    )


def saved_log(auction, tmp_path: Path) -> str:
    """The API's output of the log, saved to a file as anyone could."""
    response = APIClient().get(f"/api/v1/auctions/{auction.pk}/bids/", {"page_size": 1000})
    assert response.status_code == 200
    path = tmp_path / f"auction-{auction.pk}.json"
    path.write_text(response.content.decode(), encoding="utf-8")
    return str(path)


def script_passes(auction, tmp_path) -> str:
    result = run_script(saved_log(auction, tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def script_fails(auction, tmp_path) -> str:
    result = run_script(saved_log(auction, tmp_path))
    assert result.returncode == 1, result.stdout + result.stderr
    return result.stdout


def english_auction_with_bids() -> Auction:
    """Five entries: direct bids, a proxy defending its maximum, and a ladder step."""
    auction = AuctionFactory(increment_ladder=[["2000", "250"]])
    alice, bob, carol = EnterpriseFactory(), EnterpriseFactory(), EnterpriseFactory()
    bid_place(auction_id=auction.pk, user=alice, amount="1000")
    bid_place(auction_id=auction.pk, user=bob, max_amount="1800")  # answers at 1,100
    bid_place(auction_id=auction.pk, user=alice, amount="1500")  # bob's proxy answers at 1,600
    bid_place(auction_id=auction.pk, user=carol, amount="2000")
    auction.refresh_from_db()
    assert auction.bid_count == 5
    return auction


def closed_sealed_auction() -> Auction:
    auction = AuctionFactory(sealed=True)
    for amount in ("1500", "2750", "1999.99"):
        bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount=amount)
    auction.refresh_from_db()
    # Close as the periodic job would once the end passed: the clock, not the row, moves past the end.
    with mock.patch("django.utils.timezone.now", return_value=auction.ends_at + timedelta(seconds=1)):
        assert auction_close(auction_id=auction.pk)
    auction.refresh_from_db()
    return auction


def rechain(auction) -> None:
    """Recompute every hash after a forgery, as someone with write access to the database would to hide it."""
    prev = chain.GENESIS_HASH
    for bid in Bid.objects.filter(auction=auction).select_related("participant").order_by("seq"):
        content = chain.entry_content(
            auction_id=auction.pk,
            seq=bid.seq,
            bidder=bid.participant.number,
            amount=None if bid.commitment else bid.amount,
            commitment=bid.commitment,
            proxy=bid.is_proxy,
            placed_at=bid.placed_at,
            ends_at=bid.ends_at,
            prev_hash=prev,
        )
        prev = chain.content_hash(content)
        Bid.objects.filter(pk=bid.pk).update(prev_hash=content["prev_hash"], entry_hash=prev)
    Auction.objects.filter(pk=auction.pk).update(last_hash=prev)


# --- intact logs pass ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_intact_english_log_passes_both_verifiers(tmp_path):
    auction = english_auction_with_bids()

    assert "OK" in verify_command(auction)
    assert "OK: 5 entries" in script_passes(auction, tmp_path)


@pytest.mark.django_db
def test_intact_sealed_log_passes_before_and_after_the_close(tmp_path):
    open_auction = AuctionFactory(sealed=True)
    bid_place(auction_id=open_auction.pk, user=EnterpriseFactory(), amount="1200")
    closed = closed_sealed_auction()

    for auction in (open_auction, closed):
        assert "OK" in verify_command(auction)
        script_passes(auction, tmp_path)


@pytest.mark.django_db
def test_log_without_bids_passes(tmp_path):
    auction = AuctionFactory()

    assert "0 entries" in verify_command(auction)
    script_passes(auction, tmp_path)


@pytest.mark.django_db
def test_script_reads_a_list_of_saved_pages(tmp_path):
    auction = english_auction_with_bids()
    client = APIClient()
    pages = [client.get(f"/api/v1/auctions/{auction.pk}/bids/", {"page_size": 2, "page": n}).json() for n in (1, 2, 3)]
    path = tmp_path / "pages.json"
    path.write_text(json.dumps(pages), encoding="utf-8")

    result = run_script(str(path))

    assert result.returncode == 0, result.stdout
    assert "OK: 5 entries" in result.stdout


# --- tampering fails -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_changed_amount_fails_both_verifiers(tmp_path):
    auction = english_auction_with_bids()
    Bid.objects.filter(auction=auction, seq=3).update(amount=Decimal("1050.00"))

    assert "entry 3: entry_hash does not match" in command_fails(auction)
    assert "entry 3: entry_hash does not match" in script_fails(auction, tmp_path)


@pytest.mark.django_db
def test_a_deleted_entry_fails_both_verifiers(tmp_path):
    auction = english_auction_with_bids()
    Bid.objects.filter(auction=auction, seq=2).delete()

    assert "the log holds 4 entries, but the auction counts 5 bids" in command_fails(auction)
    assert "prev_hash is not the previous entry's hash" in script_fails(auction, tmp_path)


@pytest.mark.django_db
def test_a_deleted_last_entry_fails_both_verifiers(tmp_path):
    auction = english_auction_with_bids()
    Bid.objects.filter(auction=auction, seq=5).delete()

    assert "the auction's last hash" in command_fails(auction)
    assert "is not the published chain head" in script_fails(auction, tmp_path)


@pytest.mark.django_db
def test_reordered_entries_fail_both_verifiers(tmp_path):
    auction = english_auction_with_bids()
    # Swap entries 2 and 3 (through a free number: seq is unique per auction).
    Bid.objects.filter(auction=auction, seq=2).update(seq=99)
    Bid.objects.filter(auction=auction, seq=3).update(seq=2)
    Bid.objects.filter(auction=auction, seq=99).update(seq=3)

    assert "entry_hash does not match" in command_fails(auction)
    assert "prev_hash is not the previous entry's hash" in script_fails(auction, tmp_path)


@pytest.mark.django_db
def test_a_changed_revealed_sealed_amount_fails_both_verifiers(tmp_path):
    auction = closed_sealed_auction()
    Bid.objects.filter(auction=auction, seq=2).update(amount=Decimal("1750.00"))

    assert "the revealed amount does not match the commitment" in command_fails(auction)
    assert "entry 2: the revealed amount does not match its commitment" in script_fails(auction, tmp_path)


@pytest.mark.django_db
def test_a_rehashed_forgery_below_the_increment_is_caught_by_the_increment_check(tmp_path):
    auction = english_auction_with_bids()
    # 1,050 after 1,000 is still "higher", but not by the increment of 100; the chain was rebuilt to hide it.
    Bid.objects.filter(auction=auction, seq=2).update(amount=Decimal("1050.00"))
    rechain(auction)

    problems = command_fails(auction)

    assert "entry 2: 1050.00 is below the minimum 1100.00 at that point" in problems
    assert "entry_hash" not in problems
    assert script_passes(auction, tmp_path)  # the public chain itself is consistent: only the rules catch this


@pytest.mark.django_db
def test_a_rehashed_forgery_with_a_falling_amount_fails_the_script(tmp_path):
    auction = english_auction_with_bids()
    Bid.objects.filter(auction=auction, seq=4).update(amount=Decimal("1200.00"))
    rechain(auction)

    assert "entry 4: 1200.00 does not exceed the previous bid 1500.00" in script_fails(auction, tmp_path)
    assert "entry 4" in command_fails(auction)


@pytest.mark.django_db
def test_command_refuses_an_unknown_auction():
    with pytest.raises(CommandError, match="no auction 987654"):
        call_command("auction_verify", "987654", stdout=StringIO(), stderr=StringIO())


def test_script_reports_an_unreadable_source_with_exit_status_2(tmp_path):
    missing = run_script(str(tmp_path / "missing.json"))
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    bad = run_script(str(tmp_path / "bad.json"))

    assert (missing.returncode, bad.returncode) == (2, 2)
    assert "cannot read the bid log" in bad.stderr


def test_script_imports_nothing_but_the_standard_library():
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [
            STDLIB_PYTHON,
            "-I",
            "-c",
            "import runpy, sys; runpy.run_path(sys.argv[1]); "
            "assert not any(m.split('.')[0] in ('django', 'rest_framework', 'trading') for m in sys.modules), "
            "sorted(sys.modules)",
            str(SCRIPT),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr


# --- against a running server ----------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_script_fetches_every_page_from_a_live_server_and_detects_tampering(live_server):
    auction = english_auction_with_bids()
    url = f"{live_server.url}/api/v1/auctions/{auction.pk}/bids/?page_size=2"  # three pages

    intact = run_script(url)
    Bid.objects.filter(auction=auction, seq=5).update(amount=Decimal("9999.00"))
    tampered = run_script(url)

    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert "OK: 5 entries" in intact.stdout
    assert tampered.returncode == 1
    assert "entry 5: entry_hash does not match" in tampered.stdout
