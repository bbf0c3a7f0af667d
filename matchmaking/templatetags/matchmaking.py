"""``{% listing_matches_panel listing %}`` on a listing's page: "Suggested matches" (achievements for a demand,
demands for an achievement) and, for visitors of an achievement, "Similar technologies"."""

from __future__ import annotations

from django import template
from django.utils import translation

from marketplace.models import ModerationState
from marketplace.permissions import can_edit_listing
from matchmaking.selectors import listing_matches, similar_listings
from search.documents import doc_type

register = template.Library()
SHOWN = 5


@register.inclusion_tag("matchmaking/includes/matches.html", takes_context=True)
def listing_matches_panel(context, listing) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    kind = doc_type(listing)
    owner = user is not None and can_edit_listing(user, listing)
    matches, similar = [], []
    if listing.state == ModerationState.PUBLISHED:
        lang = translation.get_language() or "en"
        matches = listing_matches(listing=listing, lang=lang, limit=SHOWN)
        if not owner and kind == "achievement":
            similar = similar_listings(listing=listing, lang=lang, limit=SHOWN)
    return {"matches": matches, "owner": owner, "kind": kind, "similar": similar}
