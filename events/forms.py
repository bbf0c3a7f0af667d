"""Forms of the events pages: the list filters, registration and event profile, meeting requests, check-in."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.models import EventKind, MeetingOutcome, Registration
from marketplace.forms import style_widgets
from marketplace.models import TechnologyField

PROFILE_FIELDS = ("organisation", "position", "interests", "offers", "seeks", "profile_public")


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *EventKind.choices])
    country = forms.ChoiceField(label=_("Country"), required=False)
    field = forms.ChoiceField(label=_("Field"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]
        fields = TechnologyField.objects.order_by("position", "slug")
        self.fields["field"].choices = [("", _("All fields")), *((f.slug, str(f)) for f in fields)]
        style_widgets(self)


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = PROFILE_FIELDS
        widgets = {
            "offers": forms.Textarea(attrs={"rows": 3}),
            "seeks": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ProfileForm(RegistrationForm):
    """The event profile with the listings it links and the slots its owner cannot meet in."""

    achievements = forms.MultipleChoiceField(
        label=_("My achievements"), required=False, widget=forms.CheckboxSelectMultiple
    )
    demands = forms.MultipleChoiceField(label=_("My demands"), required=False, widget=forms.CheckboxSelectMultiple)
    unavailable_slots = forms.MultipleChoiceField(
        label=_("Slots I am not available"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, achievements=(), demands=(), slots=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["achievements"].choices = [(str(a.pk), str(a)) for a in achievements]
        self.fields["demands"].choices = [(str(d.pk), str(d)) for d in demands]
        self.fields["unavailable_slots"].choices = slots
        style_widgets(self)


class MeetingRequestForm(forms.Form):
    """Posted from a participant's card; the message field is styled in the template's markup."""

    invitee = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    message = forms.CharField(
        label=_("Message"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=MeetingOutcome.choices)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket code"), max_length=300, widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"})
    )
