"""Counting listing page views and search appearances without a database write in the request.

A counted event (a listing page seen, a result page served) is appended to a log in the ``counters`` cache (Redis in
production, a file cache shared by the processes of the embedded default): one atomic ``incr`` of the time bucket's
length and one ``set`` of the new slot, whatever the number of listings it names. A Celery beat task
(``indicators.tasks.listing_counts_flush_task``) adds closed buckets to the daily per-listing counters in the
database, once per bucket. Requests that look automated (no cookie at all, or a crawler's user agent) are not counted,
and neither are the views of the people who can edit the listing (its owner, their institution's administrators and
staff): callers decide that with ``is_counted_visitor``.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.core.cache import caches
from django.http import HttpRequest
from django.utils import timezone

logger = logging.getLogger(__name__)

CACHE_ALIAS = "counters"
BUCKET_SECONDS = 300
# A bucket is closed this long after its end (a request that read the clock just before the end may still write).
GRACE_SECONDS = 30
# Buckets older than this are gone from the cache: the flush runs every few minutes, far more often.
KEEP_SECONDS = 2 * 24 * 3600
PREFIX = "listing-counts:v1"
READ_CHUNK = 500

# The listings whose page views and search appearances are counted (the portfolio shows them).
COUNTED_KINDS = ("achievement", "demand")
VIEWS = "views"
APPEARANCES = "appearances"
MEASURES = (VIEWS, APPEARANCES)

# Crawlers, link previews, monitors, scripts and headless browsers: not readers.
_AUTOMATED = re.compile(
    r"bot|crawl|spider|slurp|archiver|preview|facebookexternalhit|embedly|monitor|pingdom|uptime|curl|wget|httpie"
    r"|python-|httpx|aiohttp|okhttp|go-http|java/|libwww|scrapy|headless|phantomjs|lighthouse",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Count:
    day: date
    kind: str
    pk: int
    measure: str
    n: int


def is_counted_visitor(request: HttpRequest) -> bool:
    """Whether a request looks like a person's browser: it sends some cookie and a user agent that is no crawler's."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    return bool(request.COOKIES) and bool(agent) and not _AUTOMATED.search(agent)


def bucket_of(moment: float) -> int:
    return int(moment // BUCKET_SECONDS)


def _length_key(bucket: int) -> str:
    return f"{PREFIX}:{bucket}:n"


def _slot_key(bucket: int, slot: int) -> str:
    return f"{PREFIX}:{bucket}:{slot}"


def counts_record(*, measure: str, listings: Iterable[tuple[str, int]], now: float | None = None) -> None:
    """Append one event naming ``listings`` (``(kind, pk)`` pairs) to the current bucket's log; never raises."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure: {measure}")
    keys = " ".join(f"{kind}:{int(pk)}" for kind, pk in listings)
    if not keys:
        return
    cache = caches[CACHE_ALIAS]
    bucket = bucket_of(time.time() if now is None else now)
    length = _length_key(bucket)
    try:
        cache.add(length, 0, KEEP_SECONDS)
        slot = cache.incr(length)
        cache.set(_slot_key(bucket, slot), f"{measure}|{keys}", KEEP_SECONDS)
    except Exception:  # a counter must never break the page it counts (the cache is down: the event is lost)
        logger.warning("a listing counter event was not recorded", exc_info=True)


def closed_buckets(*, now: float | None = None) -> range:
    """The buckets a flush may read: closed (past their end and the grace), and still kept in the cache."""
    now = time.time() if now is None else now
    last = bucket_of(now - GRACE_SECONDS) - 1
    return range(bucket_of(now - KEEP_SECONDS) + 1, last + 1)


def bucket_day(bucket: int) -> date:
    """The local day a bucket falls on (buckets are whole minutes of UTC, so none straddles a day)."""
    return timezone.localdate(datetime.fromtimestamp(bucket * BUCKET_SECONDS, UTC))


def bucket_lengths(buckets: Iterable[int]) -> dict[int, int]:
    """The number of events of each of ``buckets`` that has any."""
    buckets = list(buckets)
    lengths = caches[CACHE_ALIAS].get_many([_length_key(bucket) for bucket in buckets])
    return {bucket: int(lengths[_length_key(bucket)]) for bucket in buckets if lengths.get(_length_key(bucket))}


def bucket_counts(bucket: int, length: int) -> list[Count]:
    """The counts per listing and measure that a bucket's log holds."""
    cache = caches[CACHE_ALIAS]
    totals: Counter[tuple[str, int, str]] = Counter()
    for chunk in _chunks(range(1, length + 1)):
        for value in cache.get_many([_slot_key(bucket, slot) for slot in chunk]).values():
            measure, _sep, keys = str(value).partition("|")
            if measure not in MEASURES:
                continue
            for key in keys.split():
                kind, _colon, pk = key.partition(":")
                if pk.isdigit():
                    totals[(kind, int(pk), measure)] += 1
    day = bucket_day(bucket)
    return [Count(day, kind, pk, measure, n) for (kind, pk, measure), n in sorted(totals.items())]


def bucket_forget(bucket: int, length: int) -> None:
    """Drop a flushed bucket's log from the cache (it would expire anyway)."""
    cache = caches[CACHE_ALIAS]
    for chunk in _chunks(range(1, length + 1)):
        cache.delete_many([_slot_key(bucket, slot) for slot in chunk])
    cache.delete(_length_key(bucket))


def _chunks(numbers: range) -> Iterator[range]:
    for start in range(numbers.start, numbers.stop, READ_CHUNK):
        yield range(start, min(start + READ_CHUNK, numbers.stop))


def listing_view_count(request: HttpRequest, *, kind: str, pk: int, editor: bool) -> None:
    """Count a view of a published listing's page, unless it is automated or by someone who may edit the listing."""
    if not editor and is_counted_visitor(request):
        counts_record(measure=VIEWS, listings=[(kind, pk)])


def search_appearances_count(request: HttpRequest, *, hits: Iterable[tuple[str, int]]) -> None:
    """Count one appearance of each listing on a result page served to a person (``(kind, pk)`` of its hits)."""
    if is_counted_visitor(request):
        counts_record(measure=APPEARANCES, listings=hits)
