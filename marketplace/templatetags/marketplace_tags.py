from __future__ import annotations

from django import template
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag
def tr(obj, field: str) -> str:
    """A translated field of ``obj`` in the active language, falling back to the author's source language."""
    return obj.text(field)


@register.simple_tag
def tr_lang(obj, field: str) -> str:
    """The language code of the text ``tr`` shows."""
    return obj.text_with_language(field)[1]


@register.filter
def language_name(code: str) -> str:
    try:
        return translation.get_language_info(code)["name_translated"]
    except KeyError:
        return code
