from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from alerts.models import SavedSearch
from alerts.selectors import search_url
from marketplace.serializers import InputSerializer
from search.forms import SIDEBAR_FACETS


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

    def get_filters(self, obj: SavedSearch) -> dict[str, list[str]]:
        params = self._params(obj)
        return {name: params.getlist(name) for name in SIDEBAR_FACETS if params.getlist(name)}

    def get_search_url(self, obj: SavedSearch) -> str:
        return search_url(obj)


class SavedSearchCreateSerializer(InputSerializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    q = serializers.CharField(required=False, allow_blank=True, max_length=500)
    type = serializers.CharField(required=False, allow_blank=True, max_length=32)
    mode = serializers.ChoiceField(choices=["hybrid", "text"], required=False)
    filters = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(max_length=64), max_length=20),
        required=False,
        help_text=_("Facet name (field, country, trl, ip_status, transfer_mode, institution_type) -> values."),
    )

    def validate_filters(self, value: dict) -> dict:
        unknown = set(value) - set(SIDEBAR_FACETS)
        if unknown:
            raise serializers.ValidationError(_("Unknown filter: %(names)s") % {"names": ", ".join(sorted(unknown))})
        return value

    def params(self) -> dict:
        data = self.validated_data
        params = {name: data[name] for name in ("q", "type", "mode") if data.get(name)}
        params.update({name: values for name, values in (data.get("filters") or {}).items() if values})
        return params
