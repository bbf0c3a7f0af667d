"""The open-data API: the catalogue of indicators and one indicator's series (read-only, anonymous)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators import registry
from indicators.currency import reporting_currency
from indicators.errors import IndicatorError
from indicators.exports import series_as_dict
from indicators.models import IndicatorSnapshot
from indicators.selectors import indicator_series
from indicators.serializers import IndicatorQuerySerializer, IndicatorSerializer, IndicatorSeriesSerializer
from marketplace.api import LanguageMixin, given_query_params
from marketplace.apis import ERROR_RESPONSE, LANG_PARAMETER


class IndicatorListView(LanguageMixin, APIView):
    """The catalogue of indicators (small: not paginated)."""

    permission_classes = (AllowAny,)

    @extend_schema(
        tags=["indicators"],
        summary="The catalogue of technology transfer indicators",
        parameters=[LANG_PARAMETER],
        responses={200: IndicatorSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        computed = dict(IndicatorSnapshot.objects.values_list("indicator", "computed_at"))
        items = [
            {
                "name": indicator.name,
                "title": str(indicator.title),
                "description": str(indicator.description),
                "group": str(indicator.group),
                "axis": indicator.axis,
                "unit": indicator.unit,
                "chart": indicator.chart,
                "dimensions": list(indicator.dimensions),
                "series": [{"key": key, "label": str(label)} for key, label in indicator.series],
                "currency": reporting_currency() if indicator.unit == "money" else "",
                "computed_at": computed.get(indicator.name),
                "url": request.build_absolute_uri(reverse("indicators-api:detail", args=[indicator.name])),
            }
            for indicator in registry.all_indicators()
        ]
        return Response(IndicatorSerializer(items, many=True).data)


class IndicatorDetailView(LanguageMixin, APIView):
    """One indicator's values along its axis under the given filters, labels in the requested language."""

    permission_classes = (AllowAny,)

    @extend_schema(
        tags=["indicators"],
        summary="One indicator's series",
        parameters=[
            OpenApiParameter(
                "name",
                # The URL takes a slug (anything else is no route at all).
                {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
                OpenApiParameter.PATH,
                description="The indicator's name (see the catalogue).",
            ),
            IndicatorQuerySerializer,
            LANG_PARAMETER,
        ],
        responses={200: IndicatorSeriesSerializer, 400: ERROR_RESPONSE, 404: ERROR_RESPONSE},
    )
    def get(self, request: Request, name: str) -> Response:
        indicator = registry.get(name)
        if indicator is None:
            raise IndicatorError(_("No such indicator."), code="indicator_not_found", status=404)
        query = IndicatorQuerySerializer(data=given_query_params(request.query_params))
        query.is_valid(raise_exception=True)
        filters = query.filters()
        body = series_as_dict(indicator_series(indicator=indicator, filters=filters))
        body.update({"language": translation.get_language(), "filters": filters.as_query()})
        return Response(IndicatorSeriesSerializer(body).data)
