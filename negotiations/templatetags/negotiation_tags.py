"""The contact panel of listing pages: the platform is the only contact path (no e-mail addresses or phones)."""

from __future__ import annotations

from django import template

from marketplace.permissions import can_edit_listing, member_institution_ids
from negotiations.models import ACTIVE_STATES, Conversation, SubjectType
from negotiations.selectors import listing_conversation_counts, project_conversation_id
from negotiations.services.conversations import PROPOSING_ROLES

register = template.Library()


@register.inclusion_tag("negotiations/includes/contact_panel.html", takes_context=True)
def contact_panel(context, listing, subject_type: str) -> dict:
    """ "Express interest" / "Propose a solution" for others; the inquiry counts for the listing's own side."""
    request = context["request"]
    user = request.user
    data = {"listing": listing, "subject_type": subject_type, "request": request, "mode": "anonymous"}
    if not listing.is_published:
        data["mode"] = "hidden"
    elif not user.is_authenticated:
        pass
    elif can_edit_listing(user, listing) or (listing.institution_id in member_institution_ids(user)):
        data["mode"] = "owner"
        data["counts"] = listing_conversation_counts(subject_type=subject_type, subject_id=listing.pk)
    else:
        existing = (
            Conversation.objects.filter(requester=user, state__in=ACTIVE_STATES, **{f"{subject_type}_id": listing.pk})
            .values_list("pk", flat=True)
            .first()
        )
        may_propose = subject_type == SubjectType.ACHIEVEMENT or user.is_staff or user.role in PROPOSING_ROLES
        data.update(mode="existing" if existing else ("start" if may_propose else "hidden"), existing=existing)
    return data


@register.simple_tag(takes_context=True)
def project_conversation(context, project) -> int | None:
    """The id of the signed-in user's conversation about ``project`` (as the interested side), if any."""
    return project_conversation_id(project_id=project.pk, user=context["request"].user)
