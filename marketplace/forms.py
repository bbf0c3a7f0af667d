"""Forms of the institution pages: the directory filter, joining, invitations and the profile editor."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from marketplace.i18n import column
from marketplace.models import Institution, InstitutionKind, MembershipRole
from marketplace.selectors import institution_countries
from marketplace.uploads import LOGO_TYPES


def style_widgets(form: forms.BaseForm) -> None:
    """Bootstrap's classes on every widget of ``form`` (checkboxes, selects, the rest)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class InstitutionFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *InstitutionKind.choices])
    official = forms.BooleanField(label=_("Official TT institutions only"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        present = sorted(((code, countries.name(code)) for code in institution_countries()), key=lambda c: c[1])
        self.fields["country"].choices = [("", _("All countries")), *present]

    def filters(self) -> dict:
        """The selector's filters; an invalid value (a stale link) filters nothing instead of failing."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class InstitutionSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find an institution"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name of a university, institute, company…")}),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER)


class InstitutionProfileForm(forms.Form):
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    logo = forms.FileField(
        label=_("New logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP image."),
        widget=forms.FileInput(attrs={"accept": ",".join(sorted(set(LOGO_TYPES.values())))}),
    )

    def __init__(self, *args, institution: Institution, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "description": getattr(institution, column("description", institution.source_language)),
                "website": institution.website,
                "city": institution.city,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["description"].help_text = _("Written in %(language)s, the institution's source language.") % {
            "language": institution.get_source_language_display()
        }
