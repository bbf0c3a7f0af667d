"""API serializers of ``GET /api/v1/search/``: the query parameters in, one page of hits with facets out.

The input serializer only checks and shapes the parameters for ``search.selectors.search_listings``. The output side
turns a ``SearchPage`` into plain data: each hit gets its page URL in the reader's language and the language of its
title; each facet value gets a human label.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils.urls import remove_query_param, replace_query_param

from achievements.models import IpStatus
from marketplace.api import given_query_params
from marketplace.i18n import column, text_with_language
from marketplace.models import InstitutionKind, TechnologyField, TransferModeCode
from marketplace.openapi import TECHNOLOGY_FIELD_SLUGS
from search.backends.base import FACETS, SearchHit
from search.doctypes import DocumentType, all_doctypes, category_labels, doctype_get, doctype_names
from search.selectors import MAX_PAGE, MAX_PAGE_SIZE, SearchPage

# The two listing types, a choice set other APIs share (the OpenAPI schema names it ListingTypeEnum, settings'
# ENUM_NAME_OVERRIDES); search's own types are every registered document type (type_choices).
TYPE_CHOICES = [("achievement", _("Achievement")), ("demand", _("Demand"))]


def type_choices() -> list[tuple[str, str]]:
    """The registered document types (search.doctypes) with their labels: read when a serializer is built, since apps
    above search register theirs after this module is imported."""
    return [(doctype.name, doctype.label) for doctype in all_doctypes()]


SORT_CHOICES = [("relevance", _("Relevance")), ("date", _("Newest first"))]


class _Values(serializers.ListField):
    """A repeatable query parameter (``?country=BR&country=CN``): any of the values matches."""

    def __init__(self, child: serializers.Field, help_text: str, **kwargs) -> None:
        super().__init__(child=child, required=False, max_length=50, help_text=help_text, **kwargs)


@extend_schema_field({"type": "string", TECHNOLOGY_FIELD_SLUGS: True})
class FieldSlugField(serializers.CharField):
    """A technology field's slug, checked against the cached taxonomy (no query per value); the schema lists the
    slugs (marketplace.openapi)."""

    default_error_messages = {"invalid_choice": serializers.ChoiceField.default_error_messages["invalid_choice"]}

    def to_internal_value(self, data) -> str:
        slug = super().to_internal_value(data)
        if slug not in field_labels():
            self.fail("invalid_choice", input=slug)
        return slug


@functools.cache
def _country_codes() -> tuple[str, ...]:
    return tuple(sorted(code for code, _name in countries))


class CountryCodeField(serializers.ChoiceField):
    """An ISO 3166-1 alpha-2 country code, in either case (``br`` is ``BR``): not a name or a code of another system,
    which django-countries' own field would take."""

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=_country_codes(), **kwargs)

    def to_internal_value(self, data) -> str:
        return super().to_internal_value(data.upper() if isinstance(data, str) else data)


class SearchParametersSerializer(serializers.Serializer):
    """What a reader may ask the search for. Every filter may be repeated; values of one filter are OR-ed."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "Words to look for, in any language. Plain text: operators and query syntax are searched as words. "
            "Long queries are shortened."
        ),
    )
    type = _Values(
        serializers.ChoiceField(choices=[]),
        help_text=_("Document type: achievement, demand, project, service, expert or course (default: all)."),
    )
    field = _Values(FieldSlugField(), help_text=_("Technology field slug."))
    country = _Values(CountryCodeField(), help_text=_("Country code (ISO 3166-1 alpha-2)."))
    trl_min = serializers.IntegerField(
        required=False, min_value=1, max_value=9, help_text=_("Minimum TRL (only achievements have one).")
    )
    ip_status = _Values(serializers.ChoiceField(choices=IpStatus.choices), help_text=_("IP status (achievements)."))
    transfer_mode = _Values(
        serializers.ChoiceField(choices=TransferModeCode.choices), help_text=_("Transfer or cooperation mode.")
    )
    institution_type = _Values(
        serializers.ChoiceField(choices=InstitutionKind.choices), help_text=_("Type of the publishing institution.")
    )
    category = _Values(
        serializers.ChoiceField(choices=[]), help_text=_("Category code of a service (e.g. valuation, legal).")
    )
    language = _Values(
        serializers.ChoiceField(choices=settings.LANGUAGES),
        help_text=_("Language code a service is offered in, an expert speaks or a course is taught in."),
    )
    sort = serializers.ChoiceField(
        choices=SORT_CHOICES,
        default="relevance",
        help_text=_("Order of the results; without words to look for, always newest first."),
    )
    mode = serializers.ChoiceField(
        choices=[("hybrid", "hybrid"), ("text", "text")],
        default="hybrid",
        help_text=_(
            "hybrid (default): words in every language and similar meaning across languages, fused; "
            "text: only listings whose text contains the words."
        ),
    )
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=MAX_PAGE)
    page_size = serializers.IntegerField(required=False, default=20, min_value=1, max_value=MAX_PAGE_SIZE)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].child.choices = type_choices()
        self.fields["category"].child.choices = list(category_labels().items())


FILTER_PARAMETERS = ("field", "country", "ip_status", "transfer_mode", "institution_type", "category", "language")

# One validating SearchParametersSerializer per set of registered types and categories, shared by every request:
# DRF deep-copies a serializer's declared fields into each new instance, which was a sixth of a search request's CPU.
# Validation only reads the bound fields (run_validation keeps no state on the instance; is_valid would).
_PARAMETERS: dict[tuple, SearchParametersSerializer] = {}


def _parameters_serializer() -> SearchParametersSerializer:
    key = (doctype_names(), tuple(category_labels()))
    serializer = _PARAMETERS.get(key)
    if serializer is None:
        serializer = _PARAMETERS[key] = SearchParametersSerializer()  # its __init__ binds the fields
    return serializer


def search_arguments(params: QueryDict) -> dict:
    """The query parameters, checked as SearchParametersSerializer documents them, as keyword arguments of
    ``search_listings`` (minus the language); a ValidationError names each bad parameter."""
    data = _parameters_serializer().run_validation(given_query_params(params))
    return {
        "text": data["q"],
        "types": data.get("type") or None,
        "filters": {name: data[name] for name in FILTER_PARAMETERS if data.get(name)},
        "trl_min": data.get("trl_min"),
        "sort": data["sort"],
        "page": data["page"],
        "page_size": data["page_size"],
        "mode": data["mode"],
    }


# --- output ----------------------------------------------------------------------------------------------------


class SearchHitSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[])
    id = serializers.IntegerField()
    title = serializers.CharField(help_text=_("In the reader's language when available (see `language`)."))
    snippet = serializers.CharField(
        help_text=_(
            "An HTML fragment: matched words are wrapped in <mark>…</mark>; everything else is HTML-escaped, so it "
            "is safe to insert as HTML."
        )
    )
    language = serializers.CharField(help_text=_("Language code of the title shown."))
    matched_language = serializers.CharField(help_text=_("Language code of the text that matched best."))
    match = serializers.ChoiceField(
        choices=[("text", "text"), ("meaning", "meaning")],
        help_text=_("text: the words matched (in matched_language); meaning: found only by similar meaning."),
    )
    similarity = serializers.FloatField(
        allow_null=True, help_text=_("Cosine similarity of meaning to the query, when the meaning search found it.")
    )
    url = serializers.URLField(help_text=_("The absolute URL of the listing's page in the requested language."))
    field = serializers.CharField(allow_blank=True, help_text=_("Technology field slug."))
    country = serializers.CharField(allow_blank=True)
    trl = serializers.IntegerField(allow_null=True, help_text=_("Achievements only; null for the other types."))
    published_at = serializers.DateTimeField(allow_null=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = type_choices()


class SearchFacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


def _facet_list() -> serializers.ListField:
    return serializers.ListField(child=SearchFacetValueSerializer())


class SearchFacetsSerializer(serializers.Serializer):
    """Counts per value of each facet, with every filter applied except the facet's own."""

    field = _facet_list()
    country = _facet_list()
    trl = _facet_list()
    ip_status = _facet_list()
    transfer_mode = _facet_list()
    institution_type = _facet_list()
    category = _facet_list()
    language = _facet_list()
    type = _facet_list()


class SearchResultsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchHitSerializer(many=True)
    facets = SearchFacetsSerializer()
    suggestion = serializers.CharField(allow_null=True, help_text=_("A spelling suggestion when few or no hits."))
    fallback = serializers.BooleanField(
        help_text=_("True when the search engine was unavailable: plain database filtering, newest first.")
    )


# --- turning a SearchPage into data ----------------------------------------------------------------------------


# What a hit's row needs: its URL, facts and title language (the other text columns are not even loaded). Plain
# values, not model instances: building twenty instances of these wide translated models (with modeltranslation's
# constructor and the init signals) was a quarter of a search request's CPU.
_HIT_FACTS = ("field", "country", "trl")


def _hit_columns(doctype: DocumentType) -> dict[str, str]:
    """Output name -> ORM path of the values a hit row shows, for the facts the type has."""
    columns = {"pk": "pk", "source_language": "source_language", "published_at": doctype.date_field}
    columns.update({name: doctype.facet_paths[name] for name in _HIT_FACTS if name in doctype.facet_paths})
    if "title" in doctype.text_fields:
        title = doctype.text_fields["title"]
        columns.update({column("title", code): column(title, code) for code, _name in settings.LANGUAGES})
    return columns


def _published_listings(hits: list[SearchHit]) -> dict[tuple[str, int], dict]:
    """The hits' records, if still published (an index a moment behind never shows an unpublished record)."""
    found: dict[tuple[str, int], dict] = {}
    for doctype in all_doctypes():
        pks = [hit.pk for hit in hits if hit.type == doctype.name]
        if not pks:
            continue
        columns = _hit_columns(doctype)
        rows = doctype.model.objects.filter(doctype.published, pk__in=pks).values(*set(columns.values()))
        for row in rows:
            # A to-many fact (an expert's fields) gives one row per value: the first one is kept.
            found.setdefault((doctype.name, row["pk"]), {name: row[path] for name, path in columns.items()})
    return found


def _title_language(row: dict, title: str, lang: str, matched: str) -> str:
    """Which language column holds the title the engine returned (it prefers the reader's, then the matched one);
    else the language of the title the record's page shows (``text_with_language``'s order); for a type whose title
    is no translated column (an expert's name), the matched language."""
    source = row["source_language"] or "en"
    if column("title", source) not in row:
        return matched or source
    for code in (lang, matched, source, *(code for code, _name in settings.LANGUAGES)):
        if row.get(column("title", code)) == title:
            return code
    return text_with_language(row.get, "title", lang, source)[1]


def _page_url(request, kind: str, pk: int, lang: str) -> str:
    with translation.override(lang):
        path = reverse(doctype_get(kind).detail_url_name, kwargs={"pk": pk})
    return request.build_absolute_uri(path)


_DATETIME = serializers.DateTimeField()  # formats published_at as SearchHitSerializer does


def hits_data(page: SearchPage, *, request, lang: str) -> list[dict]:
    listings = _published_listings(page.hits)
    results = []
    for hit in page.hits:
        row = listings.get((hit.type, hit.pk))
        if row is None:
            continue
        results.append(
            {
                "type": hit.type,
                "id": hit.pk,
                "title": hit.title,
                "snippet": hit.snippet,
                "language": _title_language(row, hit.title, lang, hit.matched_language),
                "matched_language": hit.matched_language,
                "match": hit.match,
                "similarity": round(hit.similarity, 3) if hit.similarity is not None else None,
                "url": _page_url(request, hit.type, hit.pk, lang),
                "field": row.get("field") or "",
                "country": str(row.get("country") or ""),
                "trl": row.get("trl"),
                "published_at": _DATETIME.to_representation(row["published_at"]) if row["published_at"] else None,
            }
        )
    return results


FIELD_LABELS_CACHE_KEY = "search:field-labels:{lang}"


def field_labels() -> dict[str, str]:
    """Every technology field's name in the active language, by slug: from the cache (every search answer needs
    them; staff rarely rename a field, and saving one clears the cache: search.signals)."""
    key = FIELD_LABELS_CACHE_KEY.format(lang=translation.get_language() or settings.LANGUAGE_CODE)
    labels = cache.get(key)
    if labels is None:
        labels = {row.slug: str(row.text("name")) for row in TechnologyField.objects.all()}
        cache.set(key, labels, timeout=24 * 3600)
    return labels


def _facet_labels(facets: dict[str, list[tuple[str, int]]]) -> dict[str, dict[str, str]]:
    return {
        "field": field_labels(),
        # Only the codes on the page: dict(countries) would translate and sort every country name per request.
        "country": {code: countries.name(code) or code for code, _n in facets.get("country", [])},
        "ip_status": dict(IpStatus.choices),
        "transfer_mode": dict(TransferModeCode.choices),
        "institution_type": dict(InstitutionKind.choices),
        "category": category_labels(),
        "language": dict(settings.LANGUAGES),
        "type": dict(type_choices()),
    }


def search_results_data(page: SearchPage, *, request, lang: str) -> dict:
    """The API's answer for ``page``, already in the shape and formats of ``SearchResultsSerializer`` (which
    documents it; running the nested serializers over every hit and facet value cost a third of a search request's
    CPU: tests/search/test_api.py checks the two agree)."""
    return {
        "count": page.total,
        "next": _page_link(request, page.page + 1) if page.page < page.num_pages else None,
        "previous": _page_link(request, min(page.page - 1, page.num_pages)) if page.page > 1 else None,
        "results": hits_data(page, request=request, lang=lang),
        "facets": facets_data(page),
        "suggestion": page.suggestion,
        "fallback": page.fallback,
    }


def _page_link(request, page: int) -> str:
    url = request.build_absolute_uri()
    return remove_query_param(url, "page") if page == 1 else replace_query_param(url, "page", page)


def facets_data(page: SearchPage) -> dict[str, list[dict]]:
    labels = _facet_labels(page.facets)
    data = {}
    for name in FACETS:
        values = []
        for value, count in page.facets.get(name, []):
            label = _("TRL %(level)s") % {"level": value} if name == "trl" else labels[name].get(value, value)
            values.append({"value": str(value), "label": str(label), "count": count})
        data[name] = values
    return data
