"""Forms of the experts directory and of the organiser's attendance page."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from experts.models import Certification
from marketplace.models import TechnologyField

SELECT = {"class": "form-select form-select-sm"}


class ExpertFilterForm(forms.Form):
    field = forms.ChoiceField(label=_("Field"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(
        label=_("Language spoken"), required=False, choices=[("", _("All languages")), *settings.LANGUAGES]
    )
    certification = forms.ChoiceField(
        label=_("Certification"), required=False, choices=[("", _("Any certification")), *Certification.choices]
    )
    verified = forms.BooleanField(label=_("Verified by the center"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [
            ("", _("All fields")),
            *((f.slug, str(f)) for f in TechnologyField.objects.all()),
        ]
        self.fields["country"].choices = [("", _("All countries")), *sorted(countries, key=lambda c: c[1])]
        for name, field in self.fields.items():
            attrs = {"class": "form-check-input"} if name == "verified" else SELECT
            field.widget.attrs.update({**attrs, "id": f"filter-{name}"})

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class AttendanceForm(forms.Form):
    sessions_attended = forms.IntegerField(
        label=_("Sessions attended"),
        min_value=0,
        max_value=500,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )
    completed = forms.BooleanField(
        label=_("Completed"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
