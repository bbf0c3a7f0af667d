"""The search page: one query box across every document type (achievements, demands, projects, services, experts,
courses: search.doctypes), with facets, type tabs, sorting and pages.

Thin: the form checks the parameters, ``search_listings`` does the work (falling back to the database when the
engine is down), and this module only turns the answer into links and labels for the template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_countries import countries

from achievements.models import IpStatus
from marketplace.counters import COUNTED_KINDS, search_appearances_count
from marketplace.models import InstitutionKind, TransferModeCode
from search.backends.base import BadQuery
from search.doctypes import all_doctypes, category_labels, doctype_get
from search.forms import SIDEBAR_FACETS, SearchForm
from search.selectors import search_listings
from search.serializers import field_labels

PAGE_SIZE = 20
FACET_TITLES = {
    "field": gettext_lazy("Technology field"),
    "country": gettext_lazy("Country"),
    "trl": gettext_lazy("Readiness level (TRL)"),
    "ip_status": gettext_lazy("IP status"),
    "transfer_mode": gettext_lazy("Transfer mode"),
    "institution_type": gettext_lazy("Institution type"),
    "category": gettext_lazy("Service category"),
    "language": gettext_lazy("Language"),
}


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    url: str  # the page with this value toggled, every other parameter kept, back to page 1


@dataclass(frozen=True)
class Tab:
    value: str
    label: str
    count: int
    active: bool
    url: str


class ResultPages:
    """Just enough of Django's Page/Paginator for templates/includes/pagination.html."""

    ELLIPSIS = "…"

    def __init__(self, number: int, num_pages: int):
        self.number = number
        self.num_pages = num_pages
        self.paginator = self

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def get_elided_page_range(self):
        shown = {1, self.num_pages, *range(self.number - 2, self.number + 3)}
        previous = 0
        for number in sorted(n for n in shown if 1 <= n <= self.num_pages):
            if number - previous > 1:
                yield self.ELLIPSIS
            yield number
            previous = number


def _url(params: QueryDict) -> str:
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def _without_page(request: HttpRequest) -> QueryDict:
    params = request.GET.copy()
    params.pop("page", None)
    return params


def _facet_labels(name: str, values: list[str]) -> dict[str, str]:
    if name == "field":
        labels = field_labels()
        return {value: labels.get(value, value) for value in values}
    if name == "country":
        return {value: countries.name(value) or value for value in values}
    if name == "trl":
        return {value: _("TRL %(level)s") % {"level": value} for value in values}
    if name in ("category", "language"):
        labels = category_labels() if name == "category" else dict(settings.LANGUAGES)
        return {value: str(labels.get(value, value)) for value in values}
    choices = {"ip_status": IpStatus, "transfer_mode": TransferModeCode, "institution_type": InstitutionKind}[name]
    labels = dict(choices.choices)
    return {value: str(labels.get(value, value)) for value in values}


def _facet_groups(request: HttpRequest, facets: dict, chosen: dict[str, tuple[str, ...]]) -> list[dict]:
    groups = []
    for name in SIDEBAR_FACETS:
        counts = dict(facets.get(name, []))
        for value in chosen.get(name, ()):  # a chosen value stays visible (to be unticked) even with no hits
            counts.setdefault(value, 0)
        if not counts:
            continue
        labels = _facet_labels(name, list(counts))
        options = []
        for value, count in sorted(counts.items(), key=lambda item: (-item[1], labels[item[0]])):
            params = _without_page(request)
            current = params.getlist(name)
            selected = value in chosen.get(name, ())
            params.setlist(name, [v for v in current if v != value] if selected else [*current, value])
            options.append(FacetOption(value, labels[value], count, selected, _url(params)))
        if name == "trl":
            options.sort(key=lambda option: int(option.value))
        groups.append({"name": name, "title": FACET_TITLES[name], "options": options, "active": name in chosen})
    return groups


def _tabs(request: HttpRequest, facets: dict, current: str) -> list[Tab]:
    counts = dict(facets.get("type", []))
    tabs = []
    choices = [("", _("All")), *((doctype.name, doctype.plural_label) for doctype in all_doctypes())]
    for value, label in choices:
        params = _without_page(request)
        params.pop("type", None)
        if value:
            params["type"] = value
        count = counts.get(value, 0) if value else sum(counts.values())
        if value and not count and value != current:
            continue  # a type with nothing to show for this query gets no tab
        tabs.append(Tab(value, str(label), count, value == current, _url(params)))
    return tabs


def _hits(results, lang: str) -> list[dict]:
    hits = []
    for hit in results.hits:
        doctype = doctype_get(hit.type)
        hits.append(
            {
                "hit": hit,
                "url": reverse(doctype.detail_url_name, kwargs={"pk": hit.pk}),
                "type_label": doctype.label,
                "icon": doctype.icon,
                "other_language": hit.matched_language if hit.matched_language != lang else "",
            }
        )
    return hits


@require_safe
def search_results_view(request: HttpRequest) -> HttpResponse:
    lang = get_language()
    form = SearchForm(request.GET)
    context = {"form": form, "query": "", "clear_url": reverse("search:results")}
    if not form.is_valid():
        return render(request, "search/results.html", context, status=400)
    data = form.cleaned_data
    kind = data.get("type") or ""
    sort = data.get("sort") or "relevance"
    try:
        results = search_listings(
            text=data["q"],
            lang=lang,
            filters=form.filters,
            types=(kind,) if kind else None,
            sort=sort,
            page=data.get("page") or 1,
            page_size=PAGE_SIZE,
            mode=data.get("mode") or "hybrid",
        )
    except BadQuery:
        form.add_error(None, _("This search cannot be run. Try a shorter query or fewer filters."))
        return render(request, "search/results.html", context, status=400)
    search_appearances_count(request, hits=[(hit.type, hit.pk) for hit in results.hits if hit.type in COUNTED_KINDS])
    clear_params = QueryDict(mutable=True)
    if data["q"]:
        clear_params["q"] = data["q"]
    sort_params = _without_page(request)
    sort_params.pop("sort", None)
    context.update(
        {
            "results": results,
            "query": data["q"],
            "sort": results.query.sort,
            "sort_base": sort_params.urlencode(),
            "hits": _hits(results, lang),
            "tabs": _tabs(request, results.facets, kind),
            "facet_groups": _facet_groups(request, results.facets, form.filters),
            "active_filter_count": sum(len(values) for values in form.filters.values()),
            "clear_filters_url": _url(clear_params),
            "page_obj": ResultPages(results.page, results.num_pages),
            "suggestion_url": _suggestion_url(request, results.suggestion),
        }
    )
    return render(request, "search/results.html", context)


def _suggestion_url(request: HttpRequest, suggestion: str | None) -> str:
    if not suggestion:
        return ""
    params = _without_page(request)
    params["q"] = suggestion
    return _url(params)
