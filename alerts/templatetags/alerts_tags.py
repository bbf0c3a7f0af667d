from __future__ import annotations

from django import template

from alerts.watchlist import is_watching

register = template.Library()


@register.inclusion_tag("alerts/includes/watch_button.html", takes_context=True)
def watch_button(context, target, kind: str) -> dict:
    """The "Watch" / "Watching" toggle of a listing or auction page (a POST form; sign-in link for visitors)."""
    request = context["request"]
    return {
        "request": request,
        "user": request.user,
        "target": target,
        "kind": kind,
        "watching": is_watching(user=request.user, target=target),
        "csrf_token": context.get("csrf_token"),
    }
