"""Bootstrap rendering of Django form fields, so every form (ours and allauth's) looks and behaves alike."""

from __future__ import annotations

from django import template
from django.forms import BoundField

register = template.Library()

_CHECKS = {"checkbox", "radioselect", "checkboxselectmultiple"}


def _css_class(field: BoundField) -> str:
    kind = field.widget_type
    if kind in _CHECKS:
        return "form-check-input"
    # select, selectmultiple, nullbooleanselect, django-countries' countryselect...
    if kind.endswith("select") or kind.endswith("selectmultiple"):
        return "form-select"
    return "form-control"


@register.filter
def bs_widget(field: BoundField) -> str:
    """The field's widget with Bootstrap classes, ``aria-invalid`` and ``aria-describedby`` for help and errors."""
    classes = [field.field.widget.attrs.get("class", ""), _css_class(field)]
    attrs: dict[str, str] = {}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_help")
    if field.errors:
        classes.append("is-invalid")
        attrs["aria-invalid"] = "true"
        described_by.append(f"{field.auto_id}_errors")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    attrs["class"] = " ".join(c for c in classes if c)
    return field.as_widget(attrs=attrs)


@register.filter
def is_choice_list(field: BoundField) -> bool:
    """Radio buttons and checkbox lists render as a fieldset of options."""
    return field.widget_type in {"radioselect", "checkboxselectmultiple"}
