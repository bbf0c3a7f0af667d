from __future__ import annotations

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from accounts.models import Role, User

SIGNUP_ROLES = [
    (Role.RESEARCHER, _("Researcher (I offer technologies)")),
    (Role.ENTERPRISE, _("Enterprise (I need technologies)")),
]


def _consent_help_text() -> SafeString:
    return format_html(
        gettext('Read the <a href="{terms}">terms of use</a> and the <a href="{privacy}">privacy notice</a>.'),
        terms=reverse("terms"),
        privacy=reverse("privacy"),
    )


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth's own form adds e-mail and passwords and calls ``signup``."""

    display_name = forms.CharField(label=_("Your name"), max_length=120)
    role = forms.ChoiceField(label=_("I am a"), choices=SIGNUP_ROLES, widget=forms.RadioSelect, initial=Role.RESEARCHER)
    # A blank first choice (built per form, in the reader's language): nobody should become "Afghanistan" by default.
    country = LazyTypedChoiceField(label=_("Country"), choices=lambda: [("", _("Choose your country")), *countries])
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use and the privacy notice"),
        help_text=lazy(_consent_help_text, SafeString)(),
        error_messages={"required": _("Accept the terms of use and the privacy notice to create an account.")},
    )

    # allauth applies this order after adding its e-mail and password fields: consent comes last, before the button.
    field_order = [
        "email",
        "display_name",
        "role",
        "country",
        "preferred_language",
        "password1",
        "password2",
        "accept_terms",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Someone signing up on /ar/... reads Arabic: the site switches to this language at each sign-in.
        self.fields["preferred_language"].initial = translation.get_language()

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.role = self.cleaned_data["role"]
        user.country = self.cleaned_data["country"]
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.terms_version = settings.TERMS_VERSION
        user.terms_accepted_at = timezone.now()
        user.save()


class ProfileForm(forms.ModelForm):
    reading_languages = forms.MultipleChoiceField(
        label=_("Other languages you read"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A listing without a version in your language is shown in the first of these that has one, then in "
            "English, then as its author wrote it. Always labelled."
        ),
    )

    class Meta:
        model = User
        fields = ["display_name", "country", "preferred_language", "reading_languages"]
