"""Browser forms of projects: they shape and check input; the services decide and write."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from achievements.models import Achievement
from demands.models import Demand
from marketplace.i18n import column
from marketplace.listing_forms import currency_field, money_field
from marketplace.models import Institution, ModerationState, TechnologyField
from marketplace.selectors import user_admin_institutions
from projects.models import MemberRole, Project, ProjectStage, Sought

TEXT_FIELDS = ("title", "summary", "description", "use_of_funds")


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = css


class ProjectForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Lead institution"), queryset=Institution.objects.none(), empty_label=_("Choose an institution")
    )
    source_language = forms.ChoiceField(label=_("Language written in"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Public summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    description = forms.CharField(
        label=_("Description"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    field = forms.ModelChoiceField(
        label=_("Technology field"), queryset=TechnologyField.objects.all(), empty_label=_("Choose a field")
    )
    other_fields = forms.ModelMultipleChoiceField(
        label=_("Other fields"),
        queryset=TechnologyField.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=ProjectStage.choices)
    target_countries = forms.MultipleChoiceField(
        label=_("Target countries"), choices=countries, required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    sought = forms.MultipleChoiceField(
        label=_("What is sought"), choices=Sought.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    funding_sought = money_field(_("Funding sought"), negative_message=_("The amount cannot be negative."))
    funding_committed = money_field(_("Funding committed"), negative_message=_("The amount cannot be negative."))
    funding_currency = currency_field(_("Currency"))
    use_of_funds = forms.CharField(
        label=_("Use of funds"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, project: Project | None = None, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["institution"].queryset = (
            Institution.objects.order_by("name") if user.is_staff else user_admin_institutions(user=user)
        )
        self.fields["source_language"].initial = user.preferred_language or settings.LANGUAGE_CODE
        if project is not None:
            del self.fields["institution"]  # the lead stays: its consortium and confirmations hang on it
            self.initial.update(
                {
                    "source_language": project.source_language,
                    "field": project.field_id,
                    "other_fields": [f.pk for f in project.other_fields.all()],
                    "stage": project.stage,
                    "target_countries": [c.code for c in project.target_countries],
                    "sought": project.sought,
                    "funding_sought": project.funding_sought,
                    "funding_committed": project.funding_committed,
                    "funding_currency": project.funding_currency,
                    **{name: project.text(name, project.source_language) for name in TEXT_FIELDS},
                }
            )
        _style(self)

    def service_arguments(self) -> dict:
        cleaned = dict(self.cleaned_data)
        data = {
            name: cleaned[name]
            for name in ("source_language", "field", "stage", "target_countries", "sought", "funding_currency")
        }
        data["funding_sought"] = cleaned["funding_sought"]
        data["funding_committed"] = cleaned["funding_committed"] or 0
        return {
            "data": data,
            "texts": {name: cleaned.get(name) or "" for name in TEXT_FIELDS},
            "other_fields": cleaned["other_fields"],
        }

    def add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for key, messages in exc.message_dict.items():
            target = key if key in self.fields else None
            for name in TEXT_FIELDS:
                if any(key == column(name, code) for code, _label in settings.LANGUAGES):
                    target = name
            self.add_error(target, messages)


class BundleAddForm(forms.Form):
    achievement = forms.IntegerField(
        label=_("Achievement number"),
        min_value=1,
        help_text=_("The number in the achievement's address: /achievements/123/."),
    )


class MemberAddForm(forms.Form):
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Institution.objects.order_by("name"))
    role = forms.ChoiceField(label=_("Role"), choices=[c for c in MemberRole.choices if c[0] != MemberRole.LEAD])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class MilestoneForm(forms.Form):
    due_date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    deliverable = forms.CharField(label=_("Deliverable"), max_length=300)
    budget = money_field(_("Budget"), negative_message=_("The amount cannot be negative."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class InterestForm(forms.Form):
    investor = forms.ModelChoiceField(label=_("On behalf of"), queryset=Institution.objects.none())
    message = forms.CharField(
        label=_("Message to the project lead"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, investors, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["investor"].queryset = Institution.objects.filter(pk__in=[i.pk for i in investors])
        if len(investors) == 1:
            self.fields["investor"].initial = investors[0].pk
        _style(self)


class AssistantQueryForm(forms.Form):
    """What the aggregation assistant starts from: a published demand, a theme in free text, or both."""

    demand = forms.ModelChoiceField(
        label=_("From a demand"), queryset=Demand.objects.none(), required=False, empty_label=_("No demand")
    )
    q = forms.CharField(label=_("Or a theme"), max_length=300, required=False, strip=True)

    def __init__(self, *args, demands, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["demand"].queryset = demands
        self.fields["q"].widget.attrs["placeholder"] = _("e.g. smart irrigation for mountain farms")
        _style(self)

    @property
    def asked(self) -> bool:
        return self.is_bound and self.is_valid() and bool(self.cleaned_data["demand"] or self.cleaned_data["q"])


class AssistantCreateForm(forms.Form):
    """The proposal's checked achievements become a draft project led by one of the user's institutions."""

    institution = forms.ModelChoiceField(
        label=_("Lead institution"), queryset=Institution.objects.none(), empty_label=_("Choose an institution")
    )
    title = forms.CharField(label=_("Project title"), max_length=200)
    achievements = forms.ModelMultipleChoiceField(
        label=_("Achievements"),
        queryset=Achievement.objects.filter(state=ModerationState.PUBLISHED),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one achievement.")},
    )
    demand = forms.ModelChoiceField(
        queryset=Demand.objects.filter(state=ModerationState.PUBLISHED), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, user, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = (
            Institution.objects.order_by("name") if user.is_staff else user_admin_institutions(user=user)
        )
        _style(self)
