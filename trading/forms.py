"""Browser forms of the auction page: a bid and a request to participate.

The forms only shape input; amounts stay text here and ``services.bid_place`` parses and judges them, so the page
and the API refuse the same bids with the same messages.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.idempotency import IDEMPOTENCY_KEY
from marketplace.models import Currency
from trading.amounts import MAX_INPUT_CHARS, amount_form_field, currency_decimals
from trading.models import AuctionKind, SealedPricing
from trading.services import AuctionSpec

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

    def __init__(self, *args, auction, minimum=None, terms_accepted: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if terms_accepted:
            # The terms are accepted once per auction: a bidder who already takes part is not asked again.
            del self.fields["accept_terms"]
        decimals = currency_decimals(auction.currency)
        step = "1" if decimals == 0 else f"0.{'0' * (decimals - 1)}1"
        for name in ("amount", "max_amount"):
            # type="number" brings the numeric keyboard on phones and the browser's own check of min and step;
            # the service decides anyway (the form also posts without JavaScript or with a stale minimum).
            self.fields[name].widget = forms.NumberInput(
                attrs={"class": "form-control", "step": step, "min": minimum if minimum is not None else "0"}
            )
        self.fields["amount"].widget.attrs["placeholder"] = minimum if minimum is not None else ""
        if "accept_terms" in self.fields:
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


class AuctionProposalForm(forms.Form):
    """An institution administrator's (or staff's) auction of a published achievement; ``services.auction_create``
    validates the whole and decides whether it starts as a proposal for staff or scheduled at once."""

    kind = forms.ChoiceField(label=_("Type"), choices=AuctionKind.choices, initial=AuctionKind.ENGLISH)
    sealed_pricing = forms.ChoiceField(
        label=_("Sealed-bid pricing"),
        choices=[("", "—"), *SealedPricing.choices],
        required=False,
        help_text=_("Sealed-bid auctions only."),
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.USD)
    starting_price = amount_form_field(_("Starting price"))
    min_increment = amount_form_field(
        _("Minimum increment"),
        required=False,
        help_text=_("English auctions: each bid must add at least this much to the current price."),
    )
    reserve_price = amount_form_field(
        _("Reserve price"),
        required=False,
        help_text=_("Optional. Below it the technology is not sold; bidders only see whether it is met."),
    )
    soft_close_minutes = forms.IntegerField(
        label=_("Soft close: last minutes"),
        min_value=1,
        max_value=24 * 60,
        required=False,
        help_text=_("English auctions: a bid in the last N minutes moves the end later…"),
    )
    extension_minutes = forms.IntegerField(
        label=_("Soft close: extension (minutes)"),
        min_value=1,
        max_value=24 * 60,
        required=False,
        help_text=_("…by this many minutes."),
    )
    starts_at = forms.DateTimeField(
        label=_("Starts (UTC)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    ends_at = forms.DateTimeField(
        label=_("Ends (UTC)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    terms = forms.CharField(label=_("Participation terms"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)
    deposit_required = forms.BooleanField(label=_("Bidders must pay a deposit"), required=False)
    deposit_amount = amount_form_field(
        _("Deposit"),
        required=False,
        help_text=_("Center staff confirm each bidder's deposit before they may bid."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = (
                "form-check-input"
                if name == "deposit_required"
                else "form-select"
                if isinstance(field, forms.ChoiceField)
                else "form-control"
            )
            field.widget.attrs.setdefault("class", css)

    def spec(self) -> AuctionSpec:
        data = self.cleaned_data
        window, extension = data.get("soft_close_minutes"), data.get("extension_minutes")
        return AuctionSpec(
            kind=data["kind"],
            sealed_pricing=data.get("sealed_pricing") or "",
            currency=data["currency"],
            starting_price=data["starting_price"],
            min_increment=data.get("min_increment"),
            reserve_price=data.get("reserve_price"),
            soft_close_window=timedelta(minutes=window) if window else None,
            soft_close_extension=timedelta(minutes=extension) if extension else None,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            terms=data["terms"],
            deposit_required=data.get("deposit_required") or False,
            deposit_amount=data.get("deposit_amount"),
        )
