"""The staff's search over translated listings: English and each row's own source-language column."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.text import smart_split, unescape_string_literal

from brics_ttc.languages import LANGUAGE_CODES
from marketplace.i18n import column


class SourceLanguageSearchMixin:
    """Search matches English (``search_fields``) and each row's own source-language column."""

    source_search_fields: tuple[str, ...] = ()

    # Related rows whose ids a PostgreSQL search reads first (at most this many each; see below).
    RELATED_MATCH_LIMIT = 1000

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        term = search_term.strip()
        if term and connection.vendor == "postgresql":
            return self._indexed_search_results(queryset, term), False
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if term and self.source_search_fields:
            in_source = Q()
            for code in LANGUAGE_CODES:
                if code == settings.LANGUAGE_CODE:
                    continue
                for name in self.source_search_fields:
                    in_source |= Q(source_language=code, **{f"{column(name, code)}__icontains": term})
            results = results | queryset.filter(in_source)
        return results, may_have_duplicates

    def _indexed_search_results(self, queryset: QuerySet, term: str) -> QuerySet:
        """PostgreSQL: every condition on the listing's own columns, so that each can use its GIN trigram index
        (migrations) and the planner ORs the index scans; matching owners and institutions are looked up first (small
        tables) and become ``owner_id = ANY(ids)``. Django's search joined them into one OR over three tables, which
        only a sequential scan of every listing could answer (1.5 s at 150,000 listings)."""
        results = queryset
        for word in smart_split(term):
            if len(word) > 1 and word[0] in "\"'" and word[-1] == word[0]:
                word = unescape_string_literal(word)
            results = results.filter(self._indexed_match(word))
        return results

    def _indexed_match(self, term: str) -> Q:
        """One word of the search (Django's search ANDs the words too)."""
        match = Q()
        related: dict[str, Q] = {}
        for name in self.search_fields:
            relation, _sep, rest = name.partition("__")
            if rest:
                related[relation] = related.get(relation, Q()) | Q(**{f"{rest}__icontains": term})
            else:
                match |= Q(**{f"{name}__icontains": term})
        for relation, condition in related.items():
            model = self.model._meta.get_field(relation).related_model
            ids = list(model.objects.filter(condition).values_list("pk", flat=True)[: self.RELATED_MATCH_LIMIT])
            if ids:
                match |= Q(**{f"{relation}_id__in": ids})
        for code in LANGUAGE_CODES:
            if code == settings.LANGUAGE_CODE:
                continue
            for name in self.source_search_fields:
                match |= Q(source_language=code, **{f"{column(name, code)}__icontains": term})
        return match
