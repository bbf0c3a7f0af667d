"""Filters shared by achievement and demand lists (pages and API use the same FilterSets)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from marketplace.models import InstitutionKind, TechnologyField, TransferMode, TransferModeCode


class ListingFilter(django_filters.FilterSet):
    field = django_filters.ModelChoiceFilter(
        label=_("Field"), queryset=TechnologyField.objects.all(), to_field_name="slug", empty_label=_("All fields")
    )
    country = django_filters.ChoiceFilter(label=_("Country"), choices=countries, empty_label=_("All countries"))
    institution_type = django_filters.ChoiceFilter(
        label=_("Institution type"),
        field_name="institution__kind",
        choices=InstitutionKind.choices,
        empty_label=_("All types"),
    )
    institution = django_filters.CharFilter(label=_("Institution"), field_name="institution__slug")


def transfer_mode_filter(field_name: str, label) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=label,
        field_name=field_name,
        queryset=TransferMode.objects.all(),
        to_field_name="code",
        empty_label=_("Any mode"),
    )


__all__ = ["ListingFilter", "TransferModeCode", "transfer_mode_filter"]
