"""Forms of the service hub's pages: the directory filter, a request, a quote, a delivery and a rating."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from marketplace.listing_forms import ACCEPTED_EXTENSIONS, MultipleFileField, MultipleFileInput
from marketplace.models import Currency
from services.models import ServiceCategory

SELECT = {"class": "form-select form-select-sm"}


class ServiceFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *ServiceCategory.choices]
    )
    country = forms.ChoiceField(label=_("Country served"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *settings.LANGUAGES]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *sorted(countries, key=lambda c: c[1])]
        for name, field in self.fields.items():
            field.widget.attrs.update({**SELECT, "id": f"filter-{name}"})

    def filters(self) -> dict:
        """The selector's filters; an invalid value (a stale link) filters nothing instead of failing."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("What do you need?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
        help_text=_("Scope, deadline and anything the provider should know. Do not include confidential details yet."),
    )
    achievement = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CenterRequestForm(RequestForm):
    category = forms.ChoiceField(
        label=_("Kind of service"), choices=ServiceCategory.choices, widget=forms.Select(attrs={"class": "form-select"})
    )


class QuoteForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Price"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=Currency.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    delivery_date = forms.DateField(
        label=_("Delivery date"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    terms = forms.CharField(
        label=_("Terms"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class DeliverForm(forms.Form):
    """Only shapes the page; the view hands ``request.FILES`` to the service, which checks every file by content."""

    files = MultipleFileField(
        label=_("Deliverable"),
        widget=MultipleFileInput(attrs={"class": "form-control", "accept": ACCEPTED_EXTENSIONS}),
        help_text=_("PDF, Office documents or images; only the requester and center staff can download them."),
    )
    note = forms.CharField(
        label=_("Delivery note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Shown on the service's page after the center's moderation."),
    )
