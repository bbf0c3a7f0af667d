"""Browser form for research achievements.

The forms only shape and check input; the services (``achievement_create`` / ``achievement_update``) decide and write.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from achievements.models import IpStatus
from marketplace.listing_forms import ListingForm, MultipleFileField, currency_field, money_field
from marketplace.models import TransferMode
from marketplace.readiness import TRL_CHOICES


class AchievementForm(ListingForm):
    text_fields = ("title", "summary", "description", "keywords")
    file_fields = ("attachments", "confidential_attachments")
    m2m_field = "transfer_modes"

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Public summary"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Non-confidential; shown to everyone. What is it, what does it solve, who needs it?"),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Public details: technical principle, performance, applications, market. Plain text."),
    )
    keywords = forms.CharField(
        label=_("Keywords"), max_length=300, required=False, help_text=_("Comma-separated, e.g. graphene, battery.")
    )
    trl = forms.TypedChoiceField(
        label=_("Technology readiness level (TRL)"),
        choices=[("", _("Choose a level")), *TRL_CHOICES],
        coerce=int,
        error_messages={"invalid_choice": _("Choose a technology readiness level from 1 to 9.")},
    )
    ip_status = forms.ChoiceField(label=_("IP status"), choices=IpStatus.choices, initial=IpStatus.NONE)
    patent_numbers = forms.CharField(
        label=_("Patent numbers"),
        max_length=500,
        required=False,
        help_text=_("Comma-separated, e.g. CN114xxxxxxA, WO2023/xxxxxx."),
    )
    transfer_modes = forms.ModelMultipleChoiceField(
        label=_("Transfer modes"),
        queryset=TransferMode.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one transfer mode.")},
    )
    price_negotiable = forms.BooleanField(label=_("Price negotiable"), required=False, initial=True)
    price_amount = money_field(_("Asking price"), negative_message=_("The price cannot be negative."))
    price_currency = currency_field(_("Currency"))
    contact_name = forms.CharField(label=_("Contact person"), max_length=120, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    confidential_dossier = forms.CharField(
        label=_("Confidential dossier"),
        max_length=50000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Shown only to signed-in users who accepted your NDA."),
    )
    nda_text = forms.CharField(
        label=_("NDA text"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The terms a reader accepts before the dossier opens. Changing them asks readers to accept again."),
    )
    confidential_attachments = MultipleFileField(
        label=_("Confidential attachments"), help_text=_("Behind the NDA, like the dossier.")
    )

    def initial_from(self, listing) -> dict:
        initial = super().initial_from(listing)
        for name in (
            "trl",
            "ip_status",
            "patent_numbers",
            "price_negotiable",
            "price_amount",
            "price_currency",
            "contact_name",
            "contact_email",
            "contact_phone",
            "confidential_dossier",
            "nda_text",
        ):
            initial[name] = getattr(listing, name)
        return initial

    def service_kwargs(self) -> dict:
        """Keyword arguments for ``achievement_create`` / ``achievement_update``."""
        cleaned = self.cleaned_data
        data = self.common_data()
        for name in (
            "trl",
            "ip_status",
            "patent_numbers",
            "price_negotiable",
            "price_amount",
            "price_currency",
            "contact_name",
            "contact_email",
            "contact_phone",
            "confidential_dossier",
            "nda_text",
        ):
            data[name] = cleaned.get(name)
        uploads = [
            *cleaned.get("attachments", []),
            *((upload, {"is_confidential": True}) for upload in cleaned.get("confidential_attachments", [])),
        ]
        return {
            "data": data,
            "texts": self.texts(),
            "transfer_modes": cleaned["transfer_modes"],
            "uploads": uploads,
        }
