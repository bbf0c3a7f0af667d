"""Writes of the indicators app: recomputing the snapshot tables, recording exchange rates."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators import registry
from indicators.errors import IndicatorError
from indicators.models import (
    CurrencyRate,
    FlushedCounterBucket,
    IndicatorPoint,
    IndicatorSnapshot,
    ListingDailyCount,
)
from marketplace.counters import (
    APPEARANCES,
    COUNTED_KINDS,
    VIEWS,
    Count,
    bucket_counts,
    bucket_forget,
    bucket_lengths,
    closed_buckets,
)
from marketplace.models import Currency

logger = logging.getLogger(__name__)
BATCH = 2000


@dataclass(frozen=True)
class RefreshResult:
    indicator: str
    points: int
    duration_ms: int


def indicators_refresh(*, names: list[str] | None = None) -> list[RefreshResult]:
    """Recompute the points of the named (default: every registered) indicator; each indicator is replaced in one
    transaction, so a reader sees either the old or the new snapshot, never half of one."""
    indicators = registry.all_indicators()
    if names is not None:
        unknown = set(names) - {indicator.name for indicator in indicators}
        if unknown:
            raise IndicatorError(
                _("Unknown indicator: %(names)s.") % {"names": ", ".join(sorted(unknown))}, code="unknown_indicator"
            )
        indicators = [indicator for indicator in indicators if indicator.name in names]
    results = []
    for indicator in indicators:
        started = time.monotonic()
        points = list(_merge(indicator.compute()))
        with transaction.atomic():
            IndicatorPoint.objects.filter(indicator=indicator.name).delete()
            IndicatorPoint.objects.bulk_create(
                (
                    IndicatorPoint(
                        indicator=indicator.name,
                        year=year,
                        country=country or "",
                        field=field or "",
                        category=category or "",
                        series=series or "",
                        currency=currency or "",
                        value=value,
                    )
                    for (year, country, field, category, series, currency), value in points
                ),
                batch_size=BATCH,
            )
            duration_ms = int((time.monotonic() - started) * 1000)
            IndicatorSnapshot.objects.update_or_create(
                indicator=indicator.name,
                defaults={"computed_at": timezone.now(), "duration_ms": duration_ms, "points": len(points)},
            )
        logger.debug("indicator %s: %s points in %s ms", indicator.name, len(points), duration_ms)
        results.append(RefreshResult(indicator.name, len(points), duration_ms))
    return results


def _merge(points) -> list[tuple[tuple, Decimal]]:
    """One row per combination of dimensions (a compute may yield the same combination from two queries)."""
    merged: dict[tuple, Decimal] = {}
    for point in points:
        key = (point.year, point.country, point.field, point.category, point.series, point.currency)
        merged[key] = merged.get(key, Decimal(0)) + Decimal(point.value)
    return list(merged.items())


def currency_rate_record(
    *, currency: str, valid_from: date, rate: Decimal, source: str = "", user=None
) -> CurrencyRate:
    """Record (or correct) the rate of ``currency`` valid from ``valid_from``; the next refresh uses it."""
    if currency not in Currency.values:
        raise IndicatorError(_("Unknown currency."), code="invalid_currency")
    if rate <= 0:
        raise IndicatorError(_("An exchange rate must be above zero."), code="invalid_rate")
    currency_rate, _created = CurrencyRate.objects.update_or_create(
        currency=currency, valid_from=valid_from, defaults={"rate": rate, "source": source, "recorded_by": user}
    )
    return currency_rate


def listing_counts_flush(*, now: float | None = None) -> int:
    """Add every closed, not yet flushed bucket of the counters' log (marketplace.counters) to the daily per-listing
    counts, each bucket exactly once; returns how many buckets were added."""
    buckets = closed_buckets(now=now)
    FlushedCounterBucket.objects.filter(bucket__lt=buckets.start).delete()  # older buckets left the cache long ago
    done = set(FlushedCounterBucket.objects.filter(bucket__in=buckets).values_list("bucket", flat=True))
    flushed = 0
    for bucket, length in sorted(bucket_lengths(b for b in buckets if b not in done).items()):
        counts = [count for count in bucket_counts(bucket, length) if count.kind in COUNTED_KINDS]
        try:
            with transaction.atomic():
                # The bucket's row is the lock: a concurrent flush of the same bucket (two beats, a manual run) waits
                # on this insert and then fails on the primary key, so no bucket is ever added twice.
                FlushedCounterBucket.objects.create(bucket=bucket, events=length)
                _add_counts(counts)
        except IntegrityError:
            logger.info("counter bucket %s was flushed by another run", bucket)
            continue
        bucket_forget(bucket, length)
        flushed += 1
    return flushed


def _add_counts(counts: list[Count]) -> None:
    totals: dict[tuple[str, int, date], dict[str, int]] = {}
    for count in counts:
        row = totals.setdefault((count.kind, count.pk, count.day), {VIEWS: 0, APPEARANCES: 0})
        row[count.measure] += count.n
    if not totals:
        return
    existing = {
        (row.kind, row.listing_id, row.day): row
        for row in ListingDailyCount.objects.select_for_update().filter(
            day__in={day for _kind, _pk, day in totals}, listing_id__in={pk for _kind, pk, _day in totals}
        )
    }
    changed, created = [], []
    for key, measures in totals.items():
        row = existing.get(key)
        if row is None:
            kind, pk, day = key
            created.append(ListingDailyCount(kind=kind, listing_id=pk, day=day, **measures))
        else:
            row.views += measures[VIEWS]
            row.appearances += measures[APPEARANCES]
            changed.append(row)
    ListingDailyCount.objects.bulk_update(changed, ["views", "appearances"], batch_size=BATCH)
    ListingDailyCount.objects.bulk_create(created, batch_size=BATCH)
