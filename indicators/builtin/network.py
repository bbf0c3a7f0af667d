"""Translation coverage per language and member institutions by country."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from achievements.models import Achievement
from demands.models import Demand
from indicators.builtin.common import GROUP_NETWORK, PUBLIC_STATES
from indicators.builtin.listings import language_label
from indicators.registry import Indicator, Point, register
from marketplace.models import Institution
from translation.models import TranslationRecord, TranslationStatus

COVERAGE_SERIES = (
    ("original", _("Written in the language")),
    ("verified", _("Verified translation")),
    ("machine", _("Machine translation")),
    ("missing", _("Not translated yet")),
)


def coverage_points() -> Iterator[Point]:
    """For each language, the published listings whose title reads in it: as written, verified, machine-translated
    or not yet (pending, failed or no engine)."""
    totals: Counter = Counter()
    by_source: Counter = Counter()
    done: Counter = Counter()
    for model in (Achievement, Demand):
        published = model.objects.filter(state__in=PUBLIC_STATES)
        for language, n in published.values_list("source_language").annotate(n=Count("id")).order_by():
            by_source[language] += n
        totals["all"] += published.count()
        records = (
            TranslationRecord.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                field="title",
                object_id__in=published.values("pk"),
            )
            .values_list("language", "status")
            .annotate(n=Count("id"))
            .order_by()
        )
        for language, status, n in records:
            if status == TranslationStatus.VERIFIED:
                done[(language, "verified")] += n
            elif status == TranslationStatus.DONE:
                done[(language, "machine")] += n
    for language, _name in settings.LANGUAGES:
        original = by_source[language]
        verified, machine = done[(language, "verified")], done[(language, "machine")]
        missing = max(totals["all"] - original - verified - machine, 0)
        for series, value in (
            ("original", original),
            ("verified", verified),
            ("machine", machine),
            ("missing", missing),
        ):
            yield Point(value=value, category=language, series=series)


def institution_points() -> Iterator[Point]:
    rows = Institution.objects.values_list("country", "is_official_tt").annotate(n=Count("id")).order_by()
    for country, official, n in rows:
        yield Point(value=n, country=country, series="official" if official else "other")


def register_all() -> None:
    register(
        Indicator(
            name="translation_coverage",
            title=_("Translation coverage by language"),
            description=_(
                "How many published listings can be read in each language: written in it, translated and verified "
                "by a person, machine-translated, or not translated yet (counted on titles)."
            ),
            compute=coverage_points,
            axis="category",
            dimensions=(),
            series=COVERAGE_SERIES,
            categories=tuple(code for code, _name in settings.LANGUAGES),
            category_label=language_label,
            sort_by_value=False,
            stacked=True,
            group=GROUP_NETWORK,
            position=40,
        )
    )
    register(
        Indicator(
            name="institutions_by_country",
            title=_("Member institutions by country"),
            description=_("Institutions of the network by country; official technology transfer institutions apart."),
            compute=institution_points,
            axis="country",
            dimensions=("country",),
            series=(("official", _("Official TT institutions")), ("other", _("Other members"))),
            group=GROUP_NETWORK,
            position=41,
        )
    )
