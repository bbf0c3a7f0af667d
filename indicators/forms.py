"""The readers' filters of the indicators (page, downloads and API share them): years, country, technology field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from indicators.selectors import Filters, filter_choices

YEAR_MIN, YEAR_MAX = 1990, 2100


class IndicatorFilterForm(forms.Form):
    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)
    country = forms.ChoiceField(label=_("Country"), required=False)
    field = forms.ChoiceField(label=_("Technology field"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = filter_choices()
        # Countries with data first-class in the list; any other valid code still filters (to an empty page).
        self.fields["country"].choices = [("", _("All countries")), *choices["countries"]]
        self.fields["country"].valid_value = lambda value: value in countries
        self.fields["field"].choices = [("", _("All fields")), *choices["fields"]]
        years = choices["years"]
        for name in ("year_from", "year_to"):
            widget = self.fields[name].widget
            widget.attrs.update({"class": "form-control", "inputmode": "numeric"})
            if years:
                widget.attrs["placeholder"] = str(years[0] if name == "year_from" else years[1])
        self.fields["country"].widget.attrs["class"] = "form-select"
        self.fields["field"].widget.attrs["class"] = "form-select"

    def clean(self):
        data = super().clean()
        first, last = data.get("year_from"), data.get("year_to")
        if first is not None and last is not None and first > last:
            self.add_error("year_to", _("The last year must not be before the first."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            country=data.get("country") or "",
            field=data.get("field") or "",
        )

    def first_error(self) -> tuple[str, str]:
        """``(parameter, message)`` of the first invalid parameter (the API's error body)."""
        name, errors = next(iter(self.errors.items()))
        return name, str(errors[0])
