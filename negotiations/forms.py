"""Browser forms of conversations: they check shapes; the services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from marketplace.listing_forms import MultipleFileField, MultipleFileInput
from marketplace.models import Currency
from negotiations.models import BODY_MAX_CHARS, INTEREST_PURPOSES, CloseReason, ConversationState, Purpose


class CompactForm(forms.Form):
    """Small Bootstrap controls for the conversation page's side panels."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": BODY_MAX_CHARS, "dir": "auto"}),
        max_length=BODY_MAX_CHARS * 2,
        required=False,
        strip=False,
    )
    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)
    files = MultipleFileField(
        label=_("Attachments"),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.webp,.docx,.xlsx,.pptx"}),
    )
    confidential = forms.BooleanField(
        label=_("Confidential: the other side opens these files only after accepting the NDA"), required=False
    )


class StartForm(MessageForm):
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=[(p.value, p.label) for p in Purpose if p in INTEREST_PURPOSES]
    )
    offered = forms.MultipleChoiceField(
        label=_("Offer some of your published achievements"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confidential = None  # the requester's first message: only the listing's side marks files confidential


class MeetingForm(CompactForm):
    slot_1 = forms.DateTimeField(label=_("Time 1"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    slot_2 = forms.DateTimeField(
        label=_("Time 2"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    slot_3 = forms.DateTimeField(
        label=_("Time 3"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    time_zone = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=15, max_value=480, initial=60)
    link = forms.URLField(label=_("Online meeting link"), required=False, max_length=500, assume_scheme="https")


class OutcomeForm(CompactForm):
    state = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(s.value, s.label) for s in ConversationState if s != ConversationState.OPEN],
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *CloseReason.choices], required=False)
    price = forms.DecimalField(label=_("Agreed price"), required=False, min_value=0, max_digits=15, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), choices=[("", "—"), *Currency.choices], required=False)
    achievement = forms.IntegerField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ColleagueForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's e-mail address"))
