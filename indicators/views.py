"""The public indicators page and the downloads of exactly what it shows."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from itertools import groupby
from urllib.parse import urlencode

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from indicators import registry
from indicators.charts import build_chart, fmt
from indicators.currency import reporting_currency
from indicators.exports import as_csv, as_json
from indicators.forms import YEAR_MAX, YEAR_MIN, IndicatorFilterForm
from indicators.portfolio import portfolio_get
from indicators.selectors import (
    Filters,
    Row,
    Series,
    dimension_label,
    indicator_series,
    last_computed,
    staff_workload,
)
from marketplace.models import Institution
from marketplace.page_cache import public_page

PAGE_CACHE_SECONDS = 24 * 3600


def _filters(request: HttpRequest) -> tuple[IndicatorFilterForm, Filters]:
    form = IndicatorFilterForm(request.GET)
    return form, form.filters() if form.is_valid() else Filters()


def _selected(request: HttpRequest) -> list[registry.Indicator]:
    """Every indicator, or the one the ``indicator`` parameter names (a download of one chart)."""
    name = request.GET.get("indicator", "")
    indicators = registry.all_indicators()
    return [indicator for indicator in indicators if indicator.name == name] if name else indicators


def _snapshot_version() -> str:
    computed = last_computed()
    return computed.isoformat() if computed else "none"


@require_GET
@public_page("indicators", version=_snapshot_version, timeout=PAGE_CACHE_SECONDS)
def dashboard(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    query = filters.as_query()
    computed = last_computed()
    # The charts change only when beat recomputes the snapshots: rendered once per language, filters and snapshot
    # time, then served from the cache (a new snapshot time is a new key; old entries expire).
    key = (
        "indicators:page:"
        + hashlib.sha256(
            json.dumps([translation.get_language(), query, computed.isoformat() if computed else ""]).encode()
        ).hexdigest()
    )
    body = cache.get(key)
    if body is None:
        body = _dashboard_body(request, filters, query, computed)
        cache.set(key, body, PAGE_CACHE_SECONDS)
    return render(
        request,
        "indicators/dashboard.html",
        {
            "form": form,
            "body": mark_safe(body),
            "query": urlencode(query),
            "report_year": timezone.localdate().year - 1,
        },
        status=200 if form.is_valid() else 400,
    )


def _dashboard_body(request: HttpRequest, filters: Filters, query: dict, computed) -> str:
    rtl = translation.get_language_bidi()
    sections = []
    for group, indicators in groupby(registry.all_indicators(), key=lambda indicator: str(indicator.group)):
        charts = []
        for indicator in indicators:
            series = indicator_series(indicator=indicator, filters=filters)
            charts.append(
                {
                    "series": series,
                    "chart": build_chart(series, rtl=rtl) if series.rows else None,
                    "axis_label": dimension_label(indicator.axis),
                    "ignored": [dimension_label(dimension) for dimension in series.ignored],
                    "query": urlencode({**query, "indicator": indicator.name}),
                }
            )
        sections.append({"title": group, "charts": charts})
    key_figures = _key_figures(
        {item["series"].indicator.name: item["series"] for s in sections for item in s["charts"]}
    )
    return render_to_string(
        "indicators/includes/sections.html",
        {
            "key_figures": key_figures,
            "sections": sections,
            "reporting_currency": reporting_currency(),
            "last_computed": computed,
        },
        request=request,
    )


def _key_figures(series: dict) -> list[dict]:
    """Totals of a few indicators under the same filters (the page's first line of figures)."""
    figures = []
    for name, position, label in (
        ("listings_published", 0, _("Achievements published")),
        ("listings_published", 1, _("Demands published")),
        ("interactions", None, _("Interactions")),
        ("deals", None, _("Deals")),
        ("contract_value", None, _("Contract value (%(currency)s)") % {"currency": reporting_currency()}),
    ):
        if name not in series:
            continue
        rows = series[name].rows
        total = sum((row.values[position] if position is not None else row.total for row in rows), Decimal(0))
        figures.append({"label": label, "value": fmt(total)})
    return figures


@require_GET
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    form, filters = _filters(request)
    if not form.is_valid():
        name, message = form.first_error()
        return JsonResponse({"code": "invalid_filter", "detail": f"{name}: {message}"}, status=400)
    indicators = _selected(request)
    if not indicators:
        return JsonResponse({"code": "indicator_not_found", "detail": _("No such indicator.")}, status=404)
    stem = indicators[0].name if len(indicators) == 1 else "indicators"
    language = translation.get_language()
    computed = last_computed()
    key = (
        "indicators:download:"
        + hashlib.sha256(
            json.dumps([language, fmt, stem, filters.as_query(), computed.isoformat() if computed else ""]).encode()
        ).hexdigest()
    )
    content = cache.get(key)
    if content is None:
        all_series = [indicator_series(indicator=indicator, filters=filters) for indicator in indicators]
        if fmt == "csv":
            content = as_csv(all_series)
        else:
            content = json.dumps(as_json(all_series, filters=filters, language=language), ensure_ascii=False, indent=1)
        cache.set(key, content, PAGE_CACHE_SECONDS)
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/json; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{translation.get_language()}.{fmt}"'
    return response


@login_required
@require_GET
def portfolio(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("institution", "")
    institution = Institution.objects.filter(slug=slug).first() if slug else None
    data = portfolio_get(user=request.user, institution=institution)
    if slug and data.institution is None:
        raise Http404
    labels = {
        "published": _("Published"),
        "inquired": _("With an inquiry or proposal"),
        "met": _("With a meeting agreed"),
        "dealt": _("With a deal"),
    }
    funnel_indicator = registry.Indicator(
        name="portfolio_funnel",
        title=_("From publication to deal"),
        description=_("Published listings of this portfolio, and how many of them reached each step."),
        compute=list,
        axis="category",
        sort_by_value=False,
    )
    funnel = Series(
        indicator=funnel_indicator,
        series=[("", _("Listings"))],
        rows=[Row(key=key, label=str(labels[key]), values=[Decimal(n)]) for key, n in data.funnel],
        currency="",
        computed_at=None,
    )
    attention_indicator = registry.Indicator(
        name="portfolio_attention",
        title=_("Views and appearances in search, week by week"),
        description=_(
            "How often people opened the pages of this portfolio's listings and how often the listings appeared on a "
            "page of search results, in each of the last twelve weeks (the week starting on the date shown)."
        ),
        compute=list,
        axis="category",
        chart="column",
        sort_by_value=False,
    )
    attention = Series(
        indicator=attention_indicator,
        series=[("views", _("Page views")), ("appearances", _("Appearances in search"))],
        rows=[
            Row(
                key=week.start.isoformat(),
                label=date_format(week.start, "SHORT_DATE_FORMAT"),
                values=[Decimal(week.views), Decimal(week.appearances)],
            )
            for week in data.weeks
        ],
        currency="",
        computed_at=None,
    )
    rtl = translation.get_language_bidi()
    return render(
        request,
        "indicators/portfolio.html",
        {
            "portfolio": data,
            "funnel": funnel,
            "chart": build_chart(funnel, rtl=rtl),
            "attention": attention,
            "attention_chart": build_chart(attention, rtl=rtl),
            "reporting_currency": reporting_currency(),
        },
    )


@staff_member_required
@require_GET
def annual_report(request: HttpRequest, year: int) -> HttpResponse:
    """The year's indicators across the network and the staff's workload, laid out to print (any language)."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404
    filters = Filters(year_from=year, year_to=year)
    computed = last_computed()
    body = _dashboard_body(request, filters, filters.as_query(), computed)
    return render(
        request,
        "indicators/report.html",
        {"year": year, "body": mark_safe(body), "workload": staff_workload(year=year), "last_computed": computed},
    )
