"""The search page's GET form: the query box, the type tab, the sort order, the page and the facet filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from search.doctypes import all_doctypes
from search.text import normalize_query

# Facets a reader can narrow by on the search page, in the order of the sidebar ("type" is the tab row instead).
SIDEBAR_FACETS = ("category", "field", "country", "language", "trl", "ip_status", "transfer_mode", "institution_type")
MAX_FILTER_VALUES = 20  # per facet: more than this is not a person clicking checkboxes
MAX_VALUE_LENGTH = 64


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=500, strip=True)
    type = forms.ChoiceField(label=_("Listing type"), required=False, choices=[("", _("All"))])
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("relevance", _("Relevance")), ("date", _("Newest first"))],
    )
    mode = forms.ChoiceField(
        label=_("Match"),
        required=False,
        choices=[("hybrid", _("Words and meaning")), ("text", _("Exact words only"))],
    )
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=500)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # The registered document types (apps above search register theirs after this module is imported).
        types = [(doctype.name, doctype.plural_label) for doctype in all_doctypes()]
        self.fields["type"].choices = [("", _("All")), *types]
        self.filters: dict[str, tuple[str, ...]] = {}
        if data is None:
            return
        for name in SIDEBAR_FACETS:
            values = tuple(dict.fromkeys(value.strip() for value in data.getlist(name) if value.strip()))
            if len(values) > MAX_FILTER_VALUES or any(len(value) > MAX_VALUE_LENGTH for value in values):
                self.filters = {}
                self.filter_error = _("Too many or too long filter values.")
                return
            if name == "trl" and not all(value in {str(level) for level in range(1, 10)} for value in values):
                self.filters = {}
                self.filter_error = _("The technology readiness level must be a number from 1 to 9.")
                return
            if values:
                self.filters[name] = values
        self.filter_error = None

    def clean_q(self) -> str:
        return normalize_query(self.cleaned_data["q"])

    def clean(self):
        cleaned = super().clean()
        if getattr(self, "filter_error", None):
            raise forms.ValidationError(self.filter_error, code="filters")
        return cleaned
