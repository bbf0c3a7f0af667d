"""``GET /api/v1/search/``: published achievements and demands, in any language, with facets."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api import LanguageMixin
from marketplace.apis import ERROR_RESPONSE, LANG_PARAMETER
from marketplace.counters import COUNTED_KINDS, search_appearances_count
from search.backends.base import BadQuery
from search.selectors import search_listings
from search.serializers import (
    SearchParametersSerializer,
    SearchResultsSerializer,
    search_arguments,
    search_results_data,
)


class SearchView(LanguageMixin, APIView):
    """Full-text search across both listing types; only published listings are ever found."""

    permission_classes = [AllowAny]

    @extend_schema(
        tags=["search"],
        summary=_("Search published achievements and demands"),
        parameters=[SearchParametersSerializer, LANG_PARAMETER],
        responses={200: SearchResultsSerializer, 400: ERROR_RESPONSE},
    )
    def get(self, request: Request) -> Response:
        arguments = search_arguments(request.query_params)
        lang = translation.get_language() or "en"
        try:
            page = search_listings(lang=lang, **arguments)
        except BadQuery as exc:
            raise exceptions.ValidationError({"non_field_errors": [_("This search cannot be run: %s.") % exc]}) from exc
        search_appearances_count(request, hits=[(hit.type, hit.pk) for hit in page.hits if hit.type in COUNTED_KINDS])
        return Response(search_results_data(page, request=request, lang=lang))
