"""Writes of technical demands."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from demands.models import Demand
from demands.selectors import demands_due_for_expiry
from marketplace.errors import InvalidTransition, NotAllowed, NotFound
from marketplace.models import ModerationAction
from marketplace.permissions import can_edit_listing
from marketplace.roles import Role
from marketplace.services import listing_transition, listing_write

TEXT_FIELDS = ("title", "description")
POSTING_ROLES = frozenset({Role.ENTERPRISE, Role.INSTITUTION_ADMIN, Role.CENTER_STAFF})


def demand_create(
    *, owner, data: dict, texts: dict[str, str], cooperation_modes: Iterable, uploads: Iterable = ()
) -> Demand:
    """Create a draft demand owned by ``owner`` (an enterprise, institution admin or staff)."""
    if owner.role not in POSTING_ROLES and not owner.is_staff:
        raise NotAllowed(
            _("Only enterprises and institutions post technical demands; researchers post achievements."),
            code="role_not_allowed",
        )
    return listing_write(
        listing=Demand(),
        user=owner,
        data=data,
        texts=texts,
        m2m={"cooperation_modes": cooperation_modes},
        uploads=uploads,
    )


def demand_update(
    *,
    demand: Demand,
    user,
    data: dict,
    texts: dict[str, str],
    cooperation_modes: Iterable | None = None,
    uploads: Iterable = (),
    remove_attachment_ids: Iterable[int] = (),
) -> Demand:
    """Change a draft (or a demand with requested changes)."""
    if not can_edit_listing(user, demand):
        raise NotFound()
    if not demand.is_editable and not user.is_staff:
        raise InvalidTransition(
            _("Only drafts and listings with requested changes can be edited."), code="not_editable"
        )
    m2m = {"cooperation_modes": cooperation_modes} if cooperation_modes is not None else None
    return listing_write(
        listing=demand,
        user=user,
        data=data,
        texts=texts,
        m2m=m2m,
        uploads=uploads,
        remove_attachment_ids=remove_attachment_ids,
    )


def demands_expire() -> int:
    """Archive published demands whose expiry date has passed; returns how many."""
    count = 0
    for demand in demands_due_for_expiry():
        try:
            listing_transition(listing=demand, actor=None, action=ModerationAction.ARCHIVE, reason=_("Expired"))
        except InvalidTransition:
            continue
        count += 1
    return count
