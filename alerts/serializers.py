from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from achievements.models import IpStatus
from alerts.models import SavedSearch
from alerts.selectors import search_url
from marketplace.models import InstitutionKind, TransferModeCode
from marketplace.serializers import LANGUAGE_CHOICES, InputSerializer
from search.doctypes import category_labels
from search.forms import MAX_FILTER_VALUES, SIDEBAR_FACETS
from search.serializers import FieldSlugField, type_choices


def _values(child: serializers.Field, help_text: str) -> serializers.ListField:
    """One facet's accepted values (any of them matches), as many as the search page takes."""
    return serializers.ListField(child=child, required=False, max_length=MAX_FILTER_VALUES, help_text=help_text)


# Each facet's help text, in the words of the search API's parameters (search.serializers).
_HELP = {
    "category": _("Category code of a service (e.g. valuation, legal)."),
    "field": _("Technology field slug."),
    "country": _("Country code (ISO 3166-1 alpha-2)."),
    "language": _("Language code a service is offered in, an expert speaks or a course is taught in."),
    "trl": _("Technology readiness level, 1 to 9."),
    "ip_status": _("IP status (achievements)."),
    "transfer_mode": _("Transfer or cooperation mode."),
    "institution_type": _("Type of the publishing institution."),
}


class SavedSearchFiltersSerializer(serializers.Serializer):
    """A saved search's facet filters, only the facets it narrows by. Values as saved: a search saved from the search
    page may name a value that no listing (or no longer any technology field) has."""

    category = _values(serializers.CharField(), _HELP["category"])
    field = _values(serializers.CharField(), _HELP["field"])
    country = _values(serializers.CharField(), _HELP["country"])
    language = _values(serializers.CharField(), _HELP["language"])
    trl = _values(serializers.IntegerField(), _HELP["trl"])
    ip_status = _values(serializers.CharField(), _HELP["ip_status"])
    transfer_mode = _values(serializers.CharField(), _HELP["transfer_mode"])
    institution_type = _values(serializers.CharField(), _HELP["institution_type"])


class SavedSearchSerializer(serializers.ModelSerializer):
    q = serializers.SerializerMethodField(help_text=_("The words searched for (empty: filters only)."))
    type = serializers.SerializerMethodField(help_text=_("The listing type searched, or empty for all."))
    filters = serializers.SerializerMethodField(help_text=_("Facet filters: facet name -> accepted values."))
    search_url = serializers.SerializerMethodField(help_text=_("The search page showing its results now."))

    class Meta:
        model = SavedSearch
        fields = ("id", "name", "q", "type", "filters", "created_at", "last_run_at", "search_url")

    def _params(self, obj: SavedSearch) -> QueryDict:
        return QueryDict(obj.params)

    def get_q(self, obj: SavedSearch) -> str:
        return self._params(obj).get("q", "")

    def get_type(self, obj: SavedSearch) -> str:
        return self._params(obj).get("type", "")

    @extend_schema_field(SavedSearchFiltersSerializer)
    def get_filters(self, obj: SavedSearch) -> dict[str, list]:
        params = self._params(obj)
        filters: dict[str, list] = {name: params.getlist(name) for name in SIDEBAR_FACETS if params.getlist(name)}
        if "trl" in filters:  # saved through the search form, which takes only the levels 1 to 9
            filters["trl"] = [int(level) for level in filters["trl"]]
        return filters

    def get_search_url(self, obj: SavedSearch) -> str:
        return search_url(obj)


class SavedSearchCreateFiltersSerializer(InputSerializer):
    """The facets a saved search may narrow by, each with the values it takes (the search page's sidebar)."""

    category = _values(serializers.ChoiceField(choices=[]), _HELP["category"])
    field = _values(FieldSlugField(), _HELP["field"])
    country = _values(CountryField(), _HELP["country"])
    language = _values(serializers.ChoiceField(choices=LANGUAGE_CHOICES), _HELP["language"])
    trl = _values(serializers.IntegerField(min_value=1, max_value=9), _HELP["trl"])
    ip_status = _values(serializers.ChoiceField(choices=IpStatus.choices), _HELP["ip_status"])
    transfer_mode = _values(serializers.ChoiceField(choices=TransferModeCode.choices), _HELP["transfer_mode"])
    institution_type = _values(serializers.ChoiceField(choices=InstitutionKind.choices), _HELP["institution_type"])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Registered by the apps above search once they are loaded, not when this module is imported.
        self.fields["category"].child.choices = list(category_labels().items())

    def to_internal_value(self, data) -> dict[str, list[str]]:
        values = super().to_internal_value(data)
        return {name: [str(value) for value in values[name]] for name in SIDEBAR_FACETS if values.get(name)}


class SavedSearchCreateSerializer(InputSerializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    q = serializers.CharField(required=False, allow_blank=True, max_length=500)
    type = serializers.ChoiceField(
        choices=[], required=False, allow_blank=True, help_text=_("The listing type searched, or empty for all.")
    )
    mode = serializers.ChoiceField(choices=["hybrid", "text"], required=False)
    filters = SavedSearchCreateFiltersSerializer(required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = type_choices()

    def params(self) -> dict:
        data = self.validated_data
        params = {name: data[name] for name in ("q", "type", "mode") if data.get(name)}
        params.update(data.get("filters") or {})
        return params
