"""Tags of the staff's admin home."""

from __future__ import annotations

from django import template

from marketplace.staff_queues import staff_queues_for

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_queues(context) -> list[dict]:
    """The queues the signed-in staff member may open, with their counts."""
    return staff_queues_for(user=context["request"].user)
