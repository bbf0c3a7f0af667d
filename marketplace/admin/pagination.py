"""Pagination of the listing moderation queues at the center's size (100,000 achievements, 50,000 demands).

Django's changelist asks its paginator for the filtered count, then for the page: two passes over every row that
matches, the second one carrying every column of the listing and of its owner, institution and field through the sort.
With a search term each pass re-reads all the matches (``?state=all&q=solar``: 6,540 achievements, a count of 176 ms
and a page of 224 ms on PostgreSQL, ``make bench-pages`` corpus). ``OnePassPaginator`` reads the page's ids and the
total in one narrow query (``COUNT(*) OVER ()`` beside the ids, ordered and sliced as the page), then only that page's
rows by id (together 190 ms measured the same way).

Where the order has no index and the matches are many (the translation queue's priority order over 57,000 records),
the window sorts every match in full: there Django's count and bounded sort stay cheaper (measured), so only the
listing queues use it.
"""

from __future__ import annotations

from functools import cached_property

from django.contrib.admin.views.main import PAGE_VAR
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet, Window
from django.http import HttpRequest

TOTAL = "_page_total"


class OnePassPaginator(Paginator):
    """The total and the ids of page ``number`` in one query; the page's rows then by id (see the module docstring).

    For a queryset without ``list_editable`` (the page is a list, not a queryset). Other page numbers, and a number
    past the end, fall back to Django's count and slice.
    """

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int,
        orphans: int = 0,
        allow_empty_first_page: bool = True,
        *,
        number: int = 1,
    ) -> None:
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.number = number
        self._ids: list | None = None

    @cached_property
    def count(self) -> int:
        if self.object_list.query.distinct:  # the window would count the rows DISTINCT then merges
            return super().count
        bottom = max(self.number - 1, 0) * self.per_page
        rows = list(
            self.object_list.annotate(**{TOTAL: Window(Count("pk"))}).values_list("pk", TOTAL)[
                bottom : bottom + self.per_page
            ]
        )
        if not rows:
            return self.object_list.count()
        self._ids = [pk for pk, _total in rows]
        return rows[0][1]

    def page(self, number):
        number = self.validate_number(number)
        if number != self.number or self._ids is None:
            return super().page(number)
        rows = self.object_list.order_by().filter(pk__in=self._ids).in_bulk()
        return self._get_page([rows[pk] for pk in self._ids if pk in rows], number, self)


class OnePassPaginationMixin:
    """For a ModelAdmin: its changelist pages through ``OnePassPaginator``."""

    def get_paginator(self, request: HttpRequest, queryset, per_page, orphans=0, allow_empty_first_page=True):
        try:
            number = int(request.GET.get(PAGE_VAR, 1))
        except ValueError:
            number = 1
        return OnePassPaginator(queryset, per_page, orphans, allow_empty_first_page, number=number)
