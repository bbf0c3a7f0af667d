#!/usr/bin/env python3
"""Verify an auction's public bid log from the API's output, independently of the platform's code.

    python3 scripts/verify_auction_log.py https://ttc.example.org/api/v1/auctions/12/bids/
    python3 scripts/verify_auction_log.py saved-log.json

Standard library only, no Django: it recomputes every hash exactly as documented, so a pass proves the published log
is a chain nobody altered, reordered or cut. The documented format (see the README, "Verifying an auction's bid
log"): each entry's ``entry_hash`` is the SHA-256 of the canonical JSON (keys sorted, separators ``,`` and ``:``,
non-ASCII kept as UTF-8) of its fields ``auction, seq, bidder, amount, commitment, proxy, placed_at, ends_at,
prev_hash``, with ``amount`` null in a sealed entry (one with a commitment); ``prev_hash`` is the previous entry's
``entry_hash``, 64 zeros for the first; the last ``entry_hash`` is the published ``chain_head``. A revealed sealed
amount must match its commitment: SHA-256 of ``"auction|bidder|amount|nonce"``.

A URL is read page by page (``page_size=1000``, following ``next``). A file holds one such page with every entry
(``{"count", "chain_head", "results": [...]}``), a list of pages, or a bare list of entries (no head to compare).
Exit status: 0 intact, 1 problems found, 2 the log could not be read.
"""

from __future__ import annotations

import hashlib
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal, InvalidOperation

GENESIS = "0" * 64
FIELDS = ("auction", "seq", "bidder", "amount", "commitment", "proxy", "placed_at", "ends_at", "prev_hash")


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_hash(entry: dict) -> str:
    content = {name: entry.get(name) for name in FIELDS}
    if entry.get("commitment"):
        content["amount"] = None  # a sealed entry was chained before its amount was revealed
    return sha256_hex(json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False))


def check(entries: list[dict], *, chain_head: str | None, count: int | None) -> list[str]:
    problems = []
    prev = GENESIS
    last_amount = None
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(f"item {position} is not a log entry")
            prev = None
            continue
        seq = entry.get("seq")
        where = f"entry {seq}"
        if seq != position:
            problems.append(f"{where}: expected entry {position} at this place (a removed or reordered entry)")
        if entry.get("prev_hash") != prev:
            problems.append(f"{where}: prev_hash is not the previous entry's hash")
        if entry_hash(entry) != entry.get("entry_hash"):
            problems.append(f"{where}: entry_hash does not match the entry's content")
        amount, nonce = entry.get("amount"), entry.get("revealed_nonce")
        if entry.get("commitment") and amount is not None and nonce:
            opened = sha256_hex(f"{entry.get('auction')}|{entry.get('bidder')}|{amount}|{nonce}")
            if opened != entry["commitment"]:
                problems.append(f"{where}: the revealed amount does not match its commitment")
        if not entry.get("commitment") and amount is not None:
            # English auctions: accepted bids only ever go up (by at least the increment, which the server checks).
            try:
                value = Decimal(str(amount))
            except InvalidOperation:
                problems.append(f"{where}: the amount {amount!r} is not a number")
            else:
                if last_amount is not None and not value > last_amount:
                    problems.append(f"{where}: {amount} does not exceed the previous bid {last_amount}")
                last_amount = value
        prev = entry.get("entry_hash")
    if chain_head is not None and prev != chain_head:
        problems.append(f"the last entry's hash {prev} is not the published chain head {chain_head}")
    if count is not None and count != len(entries):
        problems.append(f"the API counts {count} entries, {len(entries)} were read")
    return problems


def fetch_json(url: str) -> dict:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):  # also for "next" links the server sends
        raise ValueError(f"not an http(s) URL: {url}")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 (scheme checked)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (scheme checked)
        return json.load(response)


def read_url(url: str) -> tuple[list[dict], str | None, int | None]:
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query.setdefault("page_size", "1000")
    query.pop("page", None)
    page_url = urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))
    entries: list[dict] = []
    page: dict = {}
    while page_url:
        page = fetch_json(page_url)
        entries += page["results"]
        page_url = page.get("next")
    # The last page's count and head describe the log up to its last entry (later bids only append).
    return entries, page.get("chain_head"), page.get("count")


def read_file(path: str) -> tuple[list[dict], str | None, int | None]:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if isinstance(data, dict):
        return data["results"], data.get("chain_head"), data.get("count")
    if data and all(isinstance(item, dict) and "results" in item for item in data):
        entries = [entry for page in data for entry in page["results"]]
        return entries, data[-1].get("chain_head"), data[-1].get("count")
    return data, None, None


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    source = argv[1]
    try:
        if source.startswith(("http://", "https://")):
            entries, chain_head, count = read_url(source)
        else:
            entries, chain_head, count = read_file(source)
    except (OSError, ValueError, KeyError, TypeError, urllib.error.URLError) as exc:
        print(f"cannot read the bid log from {source}: {exc}", file=sys.stderr)
        return 2
    problems = check(entries, chain_head=chain_head, count=count)
    for problem in problems:
        print(f"PROBLEM {problem}")
    head = entries[-1].get("entry_hash") if entries else GENESIS
    if problems:
        print(f"{len(problems)} problem(s) in {len(entries)} entries.")
        return 1
    print(f"OK: {len(entries)} entries, every hash recomputed, chain head {head}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
