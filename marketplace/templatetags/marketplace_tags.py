from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString

from marketplace import extensions

register = template.Library()


@register.inclusion_tag("includes/listing_badges.html")
def listing_badges(listing) -> dict:
    """Badges other apps give a listing (e.g. "Featured at an event"), through ``marketplace.extensions``."""
    return {"badges": extensions.listing_badges(listing)}


@register.simple_tag(takes_context=True)
def institution_sections(context, institution) -> SafeString:
    """Sections other apps add to an institution's page (e.g. its MOUs), through ``marketplace.extensions``."""
    request = context.get("request")
    parts = [
        render_to_string(name, data, request=request)
        for name, data in extensions.institution_sections(institution, request)
    ]
    return SafeString("".join(parts))


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def card(context, template_name: str, item, name: str) -> SafeString:
    """The card ``template_name`` for ``item``, which that card calls ``name`` ("listing", "project"): one list partial
    (includes/listing_results.html) serves cards that name their object differently."""
    card_template = context.template.engine.get_template(template_name)
    with context.push({name: item}):
        return card_template.render(context)


@register.filter
def bound_field(form, name: str):
    """``form[name]`` for a field named by a variable (a listing type's form sections)."""
    return form[name]


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


@register.filter
def pictures(attachments) -> list:
    """The attachments that have a thumbnail (pictures), for a gallery."""
    return [item for item in attachments or () if item.thumbnail]


@register.filter
def documents(attachments) -> list:
    """The attachments without a thumbnail (documents), for the file list."""
    return [item for item in attachments or () if not item.thumbnail]
