"""Snapshot tables of the technology transfer indicators, the exchange rates staff record, and the open-data files.

Pages and the API read ``IndicatorPoint`` rows only; Celery beat recomputes them (indicators/services.py), so no page
view scans the listings.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import Currency

VALUE_MAX_DIGITS = 24
RATE_MAX_DIGITS = 20
RATE_DECIMALS = 8


class IndicatorPoint(models.Model):
    """One value of one indicator for one combination of dimensions (blank: the dimension does not apply).

    Values add up: a page that filters on a country sums the points of that country over the other dimensions.
    """

    indicator = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    country = models.CharField(max_length=2, blank=True)
    field = models.CharField(max_length=50, blank=True)  # TechnologyField.slug
    category = models.CharField(max_length=64, blank=True)
    series = models.CharField(max_length=32, blank=True)
    value = models.DecimalField(max_digits=VALUE_MAX_DIGITS, decimal_places=2)
    currency = models.CharField(max_length=3, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        indexes = [models.Index(fields=["indicator", "year"], name="indicator_point_year")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year or ''} {self.country} {self.field} {self.category} {self.series}"


class IndicatorSnapshot(models.Model):
    """When an indicator was last recomputed, how long it took and how many points it holds."""

    indicator = models.CharField(_("indicator"), max_length=64, unique=True)
    computed_at = models.DateTimeField(_("computed"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    points = models.PositiveIntegerField(_("points"), default=0)

    class Meta:
        ordering = ["indicator"]
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")

    def __str__(self) -> str:
        return self.indicator


class CurrencyRate(models.Model):
    """How many units of the reporting currency one unit of ``currency`` was worth from ``valid_from`` on.

    A deal is converted with the latest rate valid on the day it was agreed (the earliest recorded rate for deals
    older than every rate); its original amount and currency stay on the deal.
    """

    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    valid_from = models.DateField(_("valid from"))
    rate = models.DecimalField(
        _("rate"),
        max_digits=RATE_MAX_DIGITS,
        decimal_places=RATE_DECIMALS,
        validators=[MinValueValidator(0)],
        help_text=_("Units of the reporting currency for one unit of this currency."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("E.g. the central bank's rate."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["currency", "-valid_from"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_from"], name="currency_rate_one_per_day"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="currency_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate} {settings.INDICATORS_REPORTING_CURRENCY} ({self.valid_from})"


class OpenDataFile(models.Model):
    """One generated bulk file (open data): its name, checksum for ``ETag`` and when it was written."""

    name = models.CharField(_("file"), max_length=100, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    generated_at = models.DateTimeField(_("generated"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("open data file")
        verbose_name_plural = _("open data files")

    def __str__(self) -> str:
        return self.name


class ListingDailyCount(models.Model):
    """How often a listing's page was seen and how often it appeared in search results, per day.

    Filled only by ``indicators.services.listing_counts_flush`` from the counters' cache log (marketplace.counters):
    never written in a request. Private to the listing's owner, its institution's administrators and staff.
    """

    kind = models.CharField(max_length=16)  # "achievement" | "demand"
    listing_id = models.PositiveBigIntegerField()
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)
    appearances = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "listing_id", "day"], name="listing_daily_count_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.listing_id} {self.day}"


class FlushedCounterBucket(models.Model):
    """A bucket of the counters' log already added to ``ListingDailyCount``: a second flush of it adds nothing."""

    bucket = models.BigIntegerField(primary_key=True)
    events = models.PositiveIntegerField(default=0)
    flushed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.bucket)
