"""Browser forms of the auction page: a bid and a request to participate.

The forms only shape input; amounts stay text here and ``services.bid_place`` parses and judges them, so the page
and the API refuse the same bids with the same messages.
"""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from trading.amounts import MAX_INPUT_CHARS, currency_decimals
from trading.services import IDEMPOTENCY_KEY

TERMS_LABEL = _("I accept the participation terms")


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class BidForm(forms.Form):
    """One bid: an amount, or (English auctions) a hidden proxy maximum; the key makes a resent form harmless."""

    amount = forms.CharField(label=_("Your bid"), required=False, max_length=MAX_INPUT_CHARS)
    max_amount = forms.CharField(
        label=_("Maximum (proxy bid)"),
        required=False,
        max_length=MAX_INPUT_CHARS,
        help_text=_(
            "Optional. Kept secret: the system bids for you only what it takes to stay ahead, up to this amount."
        ),
    )
    # A new key per rendered form: sending the same form twice (a double click, a resent POST) is one bid. A refused
    # bid stores nothing under its key, so the re-rendered form may keep it.
    idempotency_key = forms.RegexField(regex=IDEMPOTENCY_KEY, widget=forms.HiddenInput, initial=new_idempotency_key)
    accept_terms = forms.BooleanField(
        label=TERMS_LABEL, error_messages={"required": _("Accept the participation terms to bid.")}
    )

    def __init__(self, *args, auction, minimum=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        decimals = currency_decimals(auction.currency)
        step = "1" if decimals == 0 else f"0.{'0' * (decimals - 1)}1"
        for name in ("amount", "max_amount"):
            # type="number" brings the numeric keyboard on phones and the browser's own check of min and step;
            # the service decides anyway (the form also posts without JavaScript or with a stale minimum).
            self.fields[name].widget = forms.NumberInput(
                attrs={"class": "form-control", "step": step, "min": minimum if minimum is not None else "0"}
            )
        self.fields["amount"].widget.attrs["placeholder"] = minimum if minimum is not None else ""
        self.fields["accept_terms"].widget.attrs["class"] = "form-check-input"
        if auction.is_sealed:
            del self.fields["max_amount"]
            self.fields["amount"].label = _("Your sealed bid")
            self.fields["amount"].help_text = _(
                "One bid per bidder, hidden from everyone (staff included) until the close."
            )

    def clean(self):
        data = super().clean()
        if not (data.get("amount") or "").strip() and not (data.get("max_amount") or "").strip():
            self.add_error("amount", _("Enter an amount."))
        return data


class ParticipationForm(forms.Form):
    """Register for an auction that requires a deposit: accept the terms, then wait for staff to confirm."""

    accept_terms = forms.BooleanField(
        label=TERMS_LABEL,
        error_messages={"required": _("Accept the participation terms to register.")},
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
