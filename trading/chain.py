"""The bid log's hash chain: the canonical content of an entry and its hash.

Anyone can recompute it from ``GET /api/v1/auctions/{id}/bids/`` (the README shows how): for each entry, in order,
``entry_hash == sha256(canonical_json(content))`` where ``content`` holds the fields below and ``prev_hash`` is the
previous entry's ``entry_hash`` (64 zeros for the first). The canonical JSON has sorted keys, no spaces, UTF-8.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from trading.models import GENESIS_HASH

CHAIN_FIELDS = ("auction", "seq", "bidder", "amount", "commitment", "proxy", "placed_at", "ends_at", "prev_hash")


def canonical_time(value: datetime) -> str:
    """UTC, microseconds, ``Z``: the one spelling of a time that goes into a hash."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def entry_content(
    *,
    auction_id: int,
    seq: int,
    bidder: int,
    amount: Decimal | None,
    commitment: str,
    proxy: bool,
    placed_at: datetime,
    ends_at: datetime,
    prev_hash: str,
) -> dict:
    """The public content of a log entry, exactly as hashed (sealed entries carry the commitment, no amount)."""
    return {
        "auction": auction_id,
        "seq": seq,
        "bidder": bidder,
        "amount": canonical_amount(amount),
        "commitment": commitment,
        "proxy": proxy,
        "placed_at": canonical_time(placed_at),
        "ends_at": canonical_time(ends_at),
        "prev_hash": prev_hash,
    }


def content_hash(content: dict) -> str:
    payload = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return hashlib.sha256(payload).hexdigest()


def commitment_hash(*, auction_id: int, bidder: int, amount: Decimal, nonce: str) -> str:
    """A sealed bid's public commitment: binds the bidder to an amount without showing it until the close."""
    return hashlib.sha256(f"{auction_id}|{bidder}|{amount:.2f}|{nonce}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str


def verify_entries(entries: list[dict]) -> list[ChainProblem]:
    """Checks a log given as API entries (``CHAIN_FIELDS`` + ``entry_hash``, plus ``revealed_nonce`` once revealed).

    Returns every problem found; an empty list means the chain is intact, gap-free and every revealed sealed amount
    matches its commitment.
    """
    problems: list[ChainProblem] = []
    prev = GENESIS_HASH
    for expected_seq, entry in enumerate(entries, start=1):
        seq = entry.get("seq")
        if seq != expected_seq:
            problems.append(ChainProblem(expected_seq, f"expected entry {expected_seq}, found {seq}"))
        if entry.get("prev_hash") != prev:
            problems.append(ChainProblem(expected_seq, "prev_hash does not match the previous entry's hash"))
        content = {name: entry.get(name) for name in CHAIN_FIELDS}
        if entry.get("commitment"):
            content["amount"] = None  # a sealed entry was hashed before its amount was revealed
        if content_hash(content) != entry.get("entry_hash"):
            problems.append(ChainProblem(expected_seq, "entry_hash does not match the entry's content"))
        nonce = entry.get("revealed_nonce")
        if entry.get("commitment") and nonce and entry.get("amount") is not None:
            expected = commitment_hash(
                auction_id=entry["auction"], bidder=entry["bidder"], amount=Decimal(entry["amount"]), nonce=nonce
            )
            if expected != entry["commitment"]:
                problems.append(ChainProblem(expected_seq, "the revealed amount does not match the commitment"))
        prev = entry.get("entry_hash")
    return problems
