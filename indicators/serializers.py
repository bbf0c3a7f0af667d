"""Shapes of the open-data API (``/api/v1/indicators/``): the catalogue, one series, and the series' parameters."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from indicators.forms import YEAR_MAX, YEAR_MIN
from indicators.selectors import Filters
from marketplace.serializers import TechnologyFieldSlugField


class SeriesKeySerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("Machine key of the series (blank when there is one unnamed series)."))
    label = serializers.CharField()


class IndicatorSerializer(serializers.Serializer):
    """One entry of the catalogue."""

    name = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    group = serializers.CharField()
    axis = serializers.ChoiceField(choices=["year", "country", "field", "category"])
    unit = serializers.ChoiceField(choices=["count", "money"])
    chart = serializers.ChoiceField(choices=["bar", "column", "line"])
    dimensions = serializers.ListField(child=serializers.CharField(), help_text=_("The filters that apply."))
    series = SeriesKeySerializer(many=True)
    currency = serializers.CharField(help_text=_("The reporting currency of money values; blank for counts."))
    computed_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField()


class RowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("Year, ISO country code, technology field slug or category key."))
    label = serializers.CharField(help_text=_("The key's label in the requested language."))
    values = serializers.DictField(child=serializers.FloatField(), help_text=_("One value per series key."))


class IndicatorSeriesSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    axis = serializers.CharField()
    unit = serializers.CharField()
    currency = serializers.CharField()
    language = serializers.CharField()
    filters = serializers.DictField(child=serializers.CharField())
    filters_applied = serializers.ListField(child=serializers.CharField())
    filters_ignored = serializers.ListField(
        child=serializers.CharField(), help_text=_("Filters on dimensions this indicator does not have.")
    )
    series = SeriesKeySerializer(many=True)
    rows = RowSerializer(many=True)
    computed_at = serializers.DateTimeField(allow_null=True)


class IndicatorQuerySerializer(serializers.Serializer):
    """The filters of a series (the page's GET parameters)."""

    year_from = serializers.IntegerField(required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)
    year_to = serializers.IntegerField(
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        help_text=_("Not before year_from: an earlier year is a 400."),
    )
    country = CountryField(required=False, help_text=_("ISO 3166-1 alpha-2 code, e.g. BR."))
    field = TechnologyFieldSlugField(required=False, help_text=_("Technology field slug (see /api/v1/fields/)."))

    def validate(self, attrs: dict) -> dict:
        first, last = attrs.get("year_from"), attrs.get("year_to")
        if first is not None and last is not None and first > last:
            raise serializers.ValidationError({"year_to": _("The last year must not be before the first.")})
        return attrs

    def filters(self) -> Filters:
        data = self.validated_data
        return Filters(
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            country=data.get("country", ""),
            field=data["field"].slug if data.get("field") else "",
        )
