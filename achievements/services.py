"""Writes of research achievements."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from achievements.models import Achievement, NdaAcceptance
from marketplace.errors import InvalidTransition, MarketplaceError, NotAllowed, NotFound
from marketplace.permissions import can_edit_listing, can_view_listing
from marketplace.roles import Role
from marketplace.services import listing_write

TEXT_FIELDS = ("title", "summary", "description", "keywords")
POSTING_ROLES = frozenset({Role.RESEARCHER, Role.INSTITUTION_ADMIN, Role.CENTER_STAFF})


def achievement_create(
    *, owner, data: dict, texts: dict[str, str], transfer_modes: Iterable, uploads: Iterable = ()
) -> Achievement:
    """Create a draft achievement owned by ``owner`` (a researcher, institution admin or staff)."""
    if owner.role not in POSTING_ROLES and not owner.is_staff:
        raise NotAllowed(
            _("Only researchers and institutions post research achievements; enterprises post demands."),
            code="role_not_allowed",
        )
    return listing_write(
        listing=Achievement(),
        user=owner,
        data=data,
        texts=texts,
        m2m={"transfer_modes": transfer_modes},
        uploads=uploads,
    )


def achievement_update(
    *,
    achievement: Achievement,
    user,
    data: dict,
    texts: dict[str, str],
    transfer_modes: Iterable | None = None,
    uploads: Iterable = (),
    remove_attachment_ids: Iterable[int] = (),
) -> Achievement:
    """Change a draft (or an achievement with requested changes); published ones are withdrawn or archived instead."""
    if not can_edit_listing(user, achievement):
        raise NotFound()
    if not achievement.is_editable and not user.is_staff:
        raise InvalidTransition(
            _("Only drafts and listings with requested changes can be edited."), code="not_editable"
        )
    m2m = {"transfer_modes": transfer_modes} if transfer_modes is not None else None
    return listing_write(
        listing=achievement,
        user=user,
        data=data,
        texts=texts,
        m2m=m2m,
        uploads=uploads,
        remove_attachment_ids=remove_attachment_ids,
    )


def nda_accept(*, achievement: Achievement, user) -> NdaAcceptance:
    """Record that ``user`` accepted the achievement's current NDA text, which opens its confidential dossier."""
    if not user.is_authenticated:
        raise NotAllowed(_("Sign in to accept the NDA."), code="not_authenticated")
    if not can_view_listing(user, achievement):
        raise NotFound()
    if not achievement.nda_text:
        raise MarketplaceError(_("This achievement has no NDA to accept."), code="no_nda", status=409)
    try:
        with transaction.atomic():
            acceptance, _created = NdaAcceptance.objects.get_or_create(
                achievement=achievement,
                user=user,
                nda_hash=achievement.nda_hash,
                defaults={"nda_text": achievement.nda_text},
            )
    except IntegrityError:  # a concurrent double click: the other request recorded it
        acceptance = NdaAcceptance.objects.get(achievement=achievement, user=user, nda_hash=achievement.nda_hash)
    return acceptance
