"""Facet counts of the embedded engine: every filter applied except the facet's own (so a reader can widen an OR)."""

from __future__ import annotations

import re

import tantivy

from search.backends.base import SearchQuery
from search.backends.common import facet_counts
from search.backends.embedded.queries import QueryBuilding
from search.backends.embedded.schema import FACET_FIELDS
from search.doctypes import narrows_types

FACET_SIZE = 1000
# Facet values a filter aggregation may quote in query-string syntax (slugs, codes); others take the slow path.
_FACET_VALUE = re.compile(r"^[A-Za-z0-9_.-]+$")


class FacetCounting(QueryBuilding):
    """The facet side of a search (mixed into EmbeddedBackend)."""

    def _facets(
        self, searcher: tantivy.Searcher, query: SearchQuery, text_query: tantivy.Query | None
    ) -> dict[str, list[tuple[str, int]]]:
        """Counts per facet with every filter applied except the facet's own.

        One aggregation over the text (and TRL minimum) with a filter bucket per group of facets that skip the same
        filter: the text query, the costly part, is evaluated once instead of once per filtered facet. Filter values
        that the query-string syntax of a filter bucket cannot carry safely take one aggregation per group instead.
        """
        wanted = [name for name in query.facets if name in FACET_FIELDS]
        if not wanted:
            return {}
        groups: dict[str | None, list[str]] = {}
        for name in wanted:
            own = name if (name in query.filters or (name == "type" and narrows_types(query.types))) else None
            groups.setdefault(own, []).append(name)
        if all(_FACET_VALUE.match(value) for values in query.filters.values() for value in values):
            buckets = self._facet_buckets_at_once(searcher, query, text_query, groups)
        else:
            buckets = {}
            for skip, names in groups.items():
                scope = self._combine(text_query, self._filter_clauses(query, skip_facet=skip))
                aggregation = {name: {"terms": {"field": FACET_FIELDS[name], "size": FACET_SIZE}} for name in names}
                answer = searcher.aggregate(scope, aggregation)
                buckets.update({name: answer.get(name, {}).get("buckets", []) for name in names})
        return {
            name: facet_counts((str(bucket["key"]), int(bucket["doc_count"])) for bucket in buckets[name])
            for name in wanted
        }

    def _facet_buckets_at_once(
        self,
        searcher: tantivy.Searcher,
        query: SearchQuery,
        text_query: tantivy.Query | None,
        groups: dict[str | None, list[str]],
    ) -> dict[str, list[dict]]:
        clauses = [(tantivy.Occur.Must, text_query if text_query is not None else tantivy.Query.all_query())]
        if query.trl_min is not None:
            clauses.append((tantivy.Occur.Must, self._trl_at_least(query.trl_min)))
        aggregation: dict[str, dict] = {}
        paths: dict[str, tuple[str, ...]] = {}
        for position, (skip, names) in enumerate(groups.items()):
            terms = {name: {"terms": {"field": FACET_FIELDS[name], "size": FACET_SIZE}} for name in names}
            condition = self._filter_string(query, skip_facet=skip)
            if condition:
                aggregation[f"group{position}"] = {"filter": condition, "aggs": terms}
                paths.update({name: (f"group{position}", name) for name in names})
            else:
                aggregation.update(terms)
                paths.update({name: (name,) for name in names})
        answer = searcher.aggregate(tantivy.Query.boolean_query(clauses), aggregation)
        buckets = {}
        for name, path in paths.items():
            node = answer
            for step in path:
                node = node.get(step, {})
            buckets[name] = node.get("buckets", [])
        return buckets
