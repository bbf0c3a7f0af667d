"""Browser form for technical demands (the shared listing pieces live with the achievement form)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from marketplace.listing_forms import ListingForm, currency_field, money_field
from marketplace.models import TransferMode
from marketplace.readiness import TRL_CHOICES

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PLAIN_FIELDS = ("budget_min", "budget_max", "budget_currency", "deadline", "expires_at", "trl_min", "trl_max")


class DemandForm(ListingForm):
    text_fields = ("title", "description")
    m2m_field = "cooperation_modes"

    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("The problem or technology, in one line."))
    description = forms.CharField(
        label=_("Description"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What you need, the constraints (cost, scale, standards), and what a good solution looks like."),
    )
    budget_min = money_field(_("Budget from"), negative_message=_("The budget cannot be negative."))
    budget_max = money_field(_("Budget up to"), negative_message=_("The budget cannot be negative."))
    budget_currency = currency_field(_("Currency"))
    deadline = forms.DateField(
        label=_("Solution wanted by"), required=False, widget=DATE_WIDGET, input_formats=["%Y-%m-%d"]
    )
    expires_at = forms.DateField(
        label=_("Listing expires on"),
        required=False,
        widget=DATE_WIDGET,
        input_formats=["%Y-%m-%d"],
        help_text=_("After this date the demand leaves the public list."),
    )
    trl_min = forms.TypedChoiceField(
        label=_("Lowest readiness required"),
        choices=[("", _("Any level")), *TRL_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Solutions below this technology readiness level are not of interest."),
    )
    trl_max = forms.TypedChoiceField(
        label=_("Highest readiness wanted"),
        choices=[("", _("Any level")), *TRL_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("For example, to co-develop an early-stage technology."),
    )
    preferred_countries = forms.MultipleChoiceField(
        label=_("Preferred countries"),
        choices=countries,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Where you would rather find a partner; others are still welcome."),
    )
    cooperation_modes = forms.ModelMultipleChoiceField(
        label=_("Desired cooperation modes"),
        queryset=TransferMode.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one cooperation mode.")},
    )

    def clean_expires_at(self):
        return self._not_newly_past("expires_at")

    def clean_deadline(self):
        return self._not_newly_past("deadline")

    def _not_newly_past(self, name: str):
        # A date already stored may have passed since; only a newly entered one must lie ahead.
        value = self.cleaned_data.get(name)
        unchanged = self.listing is not None and value == getattr(self.listing, name)
        if value and value < timezone.localdate() and not unchanged:
            raise forms.ValidationError(_("Choose a date in the future."), code="date_in_past")
        return value

    def initial_from(self, listing) -> dict:
        initial = super().initial_from(listing)
        initial.update({name: getattr(listing, name) for name in PLAIN_FIELDS})
        initial["preferred_countries"] = [country.code for country in listing.preferred_countries]
        return initial

    def service_kwargs(self) -> dict:
        """Keyword arguments for ``demand_create`` / ``demand_update``."""
        cleaned = self.cleaned_data
        data = self.common_data()
        data.update({name: cleaned.get(name) for name in PLAIN_FIELDS})
        data["preferred_countries"] = cleaned.get("preferred_countries") or []
        return {
            "data": data,
            "texts": self.texts(),
            "cooperation_modes": cleaned["cooperation_modes"],
            "uploads": list(cleaned.get("attachments", [])),
        }
