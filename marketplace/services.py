"""Writes shared by every listing type (moderation) and the member network (institutions, memberships)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.translator import translator

from brics_ttc.tasks import enqueue_on_commit
from marketplace.audit import log_action
from marketplace.errors import InvalidTransition, MarketplaceError, NotAllowed, NotFound
from marketplace.i18n import column
from marketplace.images import is_picture, thumbnail_for
from marketplace.models import (
    SUBMITTABLE_STATES,
    Institution,
    Invitation,
    Listing,
    Membership,
    MembershipRole,
    MembershipStatus,
    ModerationAction,
    ModerationEvent,
    ModerationState,
)
from marketplace.permissions import can_edit_listing, is_institution_admin, member_institution_ids
from marketplace.signals import listing_archived, listing_changed, listing_published, source_text_changed
from marketplace.uploads import LOGO_TYPES, check_upload, check_uploads

S = ModerationState

# Which action may move a listing from which states, and where it lands.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    ModerationAction.SUBMIT: (SUBMITTABLE_STATES, S.SUBMITTED),
    ModerationAction.APPROVE: (frozenset({S.SUBMITTED}), S.PUBLISHED),
    ModerationAction.REQUEST_CHANGES: (frozenset({S.SUBMITTED}), S.CHANGES_REQUESTED),
    ModerationAction.REJECT: (frozenset({S.SUBMITTED}), S.REJECTED),
    ModerationAction.ARCHIVE: (
        frozenset({S.DRAFT, S.PUBLISHED, S.CHANGES_REQUESTED, S.REJECTED}),
        S.ARCHIVED,
    ),
}
STAFF_ACTIONS = frozenset({ModerationAction.APPROVE, ModerationAction.REQUEST_CHANGES, ModerationAction.REJECT})
REASON_REQUIRED = frozenset({ModerationAction.REQUEST_CHANGES, ModerationAction.REJECT})


def transition_target(listing: Listing, action: str) -> str:
    """The state ``action`` moves ``listing`` to (as read under its lock); ``InvalidTransition`` from another state."""
    allowed_from, target = TRANSITIONS[action]
    if listing.state not in allowed_from:
        if action == ModerationAction.SUBMIT and listing.state == S.SUBMITTED:
            raise InvalidTransition(
                _("This listing is already submitted and waits for review."), code="already_submitted"
            )
        raise InvalidTransition(
            _("The action “%(action)s” is not possible for a listing with status “%(state)s”.")
            % {"state": listing.get_state_display(), "action": ModerationAction(action).label}
        )
    return target


def listing_transition(*, listing: Listing, actor, action: str, reason: str = "") -> ModerationEvent:
    model = type(listing)
    with transaction.atomic():
        # Lock the row: two staff members (or a double-clicked submit) must not both move the same listing.
        locked = model.objects.select_for_update().get(pk=listing.pk)
        target = transition_target(locked, action)
        if action == ModerationAction.SUBMIT:
            locked.full_clean()
        now = timezone.now()
        from_state = locked.state
        locked.state = target
        update_fields = ["state", "updated_at"]
        if action == ModerationAction.SUBMIT:
            locked.submitted_at = now
            update_fields.append("submitted_at")
        if action == ModerationAction.APPROVE:
            locked.published_at = now
            update_fields.append("published_at")
        locked.save(update_fields=update_fields)
        event = log_action(
            ModerationEvent,
            actor=actor,
            content_type=ContentType.objects.get_for_model(model),
            object_id=locked.pk,
            action=action,
            from_state=from_state,
            to_state=target,
            reason=reason,
        )

        enqueue_on_commit("marketplace.tasks.moderation_notify", event.pk)
        if target == S.PUBLISHED:
            listing_published.send(sender=model, listing=locked, event=event)
        elif target == S.ARCHIVED:
            listing_archived.send(sender=model, listing=locked, event=event)
        listing_changed.send(sender=model, listing=locked)
    for attr in ("state", "submitted_at", "published_at", "updated_at"):
        setattr(listing, attr, getattr(locked, attr))
    return event


def listing_submit(*, listing: Listing, user) -> ModerationEvent:
    """Send a draft (or a listing with requested changes) to the staff's review queue."""
    if not can_edit_listing(user, listing):
        raise NotFound()
    return listing_transition(listing=listing, actor=user, action=ModerationAction.SUBMIT)


def listing_archive(*, listing: Listing, user) -> ModerationEvent:
    """Withdraw a listing from the marketplace (owner, institution admin or staff)."""
    if not can_edit_listing(user, listing):
        raise NotFound()
    return listing_transition(listing=listing, actor=user, action=ModerationAction.ARCHIVE)


def listing_moderate(*, listing: Listing, actor, action: str, reason: str = "") -> ModerationEvent:
    """Staff decision on a submitted listing: approve, request changes or reject (the latter two need a reason)."""
    if action not in STAFF_ACTIONS:
        raise MarketplaceError(_("Unknown moderation action."), code="invalid_action")
    if not (actor.is_authenticated and actor.is_active and actor.is_staff):
        raise NotAllowed(_("Only center staff moderate listings."))
    if action in REASON_REQUIRED and not reason.strip():
        raise MarketplaceError(_("Give the author a reason, so they know what to change."), code="reason_required")
    return listing_transition(listing=listing, actor=actor, action=action, reason=reason)


def listings_bulk_moderate(
    *, listings: QuerySet | Iterable[Listing], actor, action: str, reason: str = ""
) -> tuple[int, int]:
    """Apply one staff decision to many listings; returns (done, skipped because not in a submitted state)."""
    done = skipped = 0
    for listing in listings:
        try:
            listing_moderate(listing=listing, actor=actor, action=action, reason=reason)
        except InvalidTransition:
            skipped += 1
        else:
            done += 1
    return done, skipped


# --- the member network --------------------------------------------------------------------------------------


def membership_request(*, user, institution: Institution) -> Membership:
    """Ask to join an institution; its administrators approve."""
    membership, created = Membership.objects.get_or_create(
        user=user, institution=institution, defaults={"status": MembershipStatus.PENDING}
    )
    if not created:
        raise MarketplaceError(
            _("You already belong to this institution or have asked to join."), code="already_member"
        )
    return membership


def membership_decide(*, membership: Membership, actor, approve: bool) -> Membership | None:
    """An institution admin (or staff) approves or declines a pending join request."""
    if not (actor.is_staff or is_institution_admin(actor, membership.institution_id)):
        raise NotFound()
    if membership.status != MembershipStatus.PENDING:
        raise InvalidTransition(_("This request was already decided."))
    if approve:
        membership.status = MembershipStatus.ACTIVE
        membership.save(update_fields=["status"])
        return membership
    membership.delete()
    return None


def membership_remove(*, membership: Membership, actor) -> None:
    """Remove a member; the last administrator cannot be removed (the institution would be orphaned)."""
    if not (actor.is_staff or is_institution_admin(actor, membership.institution_id) or membership.user_id == actor.pk):
        raise NotFound()
    with transaction.atomic():
        admins = Membership.objects.select_for_update().filter(
            institution_id=membership.institution_id, role=MembershipRole.ADMIN, status=MembershipStatus.ACTIVE
        )
        if membership.role == MembershipRole.ADMIN and admins.count() <= 1:
            raise MarketplaceError(_("An institution needs at least one administrator."), code="last_admin")
        membership.delete()


def invitation_create(*, institution: Institution, actor, email: str, role: str = MembershipRole.MEMBER) -> Invitation:
    """Invite someone by e-mail to join an institution; they accept after signing in with that address."""
    if not (actor.is_staff or is_institution_admin(actor, institution.pk)):
        raise NotFound()
    email = email.strip().lower()
    if Membership.objects.filter(institution=institution, user__email__iexact=email).exists():
        raise MarketplaceError(_("This person is already a member."), code="already_member")
    invitation = Invitation.objects.create(institution=institution, email=email, role=role, invited_by=actor)

    enqueue_on_commit("marketplace.tasks.invitation_send", invitation.pk)
    return invitation


def invitation_accept(*, token: str, user) -> Membership:
    """Accept an invitation addressed to the signed-in user's e-mail address."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(token=token, accepted_at__isnull=True).first()
        if invitation is None or invitation.email.lower() != user.email.lower():
            raise NotFound(_("This invitation does not exist, was already used, or is for another e-mail address."))
        membership, _created = Membership.objects.update_or_create(
            user=user,
            institution=invitation.institution,
            defaults={"status": MembershipStatus.ACTIVE, "role": invitation.role},
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return membership


# --- writing listings ------------------------------------------------------------------------------------------


def listing_fields_to_save(listing: Listing, written_columns: set[str]) -> list[str]:
    """Every concrete field except the per-language text columns this edit did not write."""

    translated = {
        column(name, code)
        for name in translator.get_options_for_model(type(listing)).fields
        for code, _label in settings.LANGUAGES
    }
    return [
        field.attname
        for field in listing._meta.concrete_fields
        if not field.primary_key and (field.attname not in translated or field.attname in written_columns)
    ]


def listing_prepare(
    *,
    listing: Listing,
    user,
    data: dict,
    texts: dict[str, str],
    member_of: set[int] | None = None,
    database_checks: bool = True,
) -> set[str]:
    """Set ``data`` and ``texts`` on ``listing`` (not saved) and validate it; returns the text columns written.

    ``member_of``: the user's institutions, read once for a batch. ``database_checks=False`` (a batch, whose relations
    were read a moment ago): relations, uniqueness and the model's constraints are left to the database itself, which
    enforces the same ones, instead of a query each per listing; every other rule is checked here the same way.
    """
    institution = data.get("institution")
    if "institution" not in data and listing.pk:
        institution = listing.institution  # read only when needed: not a query per listing of a batch
    allowed = (
        institution is None
        or user.is_staff
        or institution.pk in (member_institution_ids(user) if member_of is None else member_of)
    )
    if not allowed:
        raise ValidationError({"institution": _("You can only post on behalf of an institution you are a member of.")})
    old_language = listing.source_language if listing.pk else None
    for name, value in data.items():
        setattr(listing, name, value)
    if not listing.pk:
        listing.owner = user
    if not listing.country:
        listing.country = (institution.country if institution else None) or user.country
    written_columns: set[str] = set()
    if old_language and old_language != listing.source_language:
        # The author says they wrote in another language: their old text must not linger as a "translation".
        for name in texts:
            setattr(listing, column(name, old_language), "")
        written_columns |= {column(name, old_language) for name in texts}
    for name, value in texts.items():
        written_columns.add(column(name, listing.source_language))
        setattr(listing, column(name, listing.source_language), (value or "").strip())
    errors: dict[str, list[str]] = {}
    try:
        if database_checks:
            listing.full_clean(exclude=["owner"])
        else:
            listing.full_clean(
                exclude=["owner", "field", "institution"], validate_unique=False, validate_constraints=False
            )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not listing.country:
        errors.setdefault("country", []).append(_("Choose the country, or join an institution first."))
    if errors:
        raise ValidationError(errors)
    return written_columns


def listing_write(
    *,
    listing: Listing,
    user,
    data: dict,
    texts: dict[str, str],
    m2m: dict[str, Iterable] | None = None,
    uploads: Iterable = (),
    remove_attachment_ids: Iterable[int] = (),
    attachment_extra: dict | None = None,
) -> Listing:
    """Validate and save a listing with its texts (in its source language), relations and attachments, all or nothing.

    ``data`` holds plain model fields, ``texts`` the translatable ones by base name (``title``), ``uploads`` the new
    files (``UploadedFile`` or ``(UploadedFile, extra_fields)`` pairs); a kind without attachments (a project) passes
    none.
    """

    written_columns = listing_prepare(listing=listing, user=user, data=data, texts=texts)

    upload_pairs = [u if isinstance(u, tuple) else (u, {}) for u in uploads]
    remove_ids = {int(pk) for pk in remove_attachment_ids}
    has_attachments = hasattr(type(listing), "attachments")
    if not has_attachments and (upload_pairs or remove_ids):
        raise ValueError(f"{type(listing).__name__} has no attachments")
    kept = listing.attachments.exclude(pk__in=remove_ids).count() if listing.pk and has_attachments else 0
    checked = check_uploads([u for u, _extra in upload_pairs], already_attached=kept)
    # Made before the transaction (decoding takes a moment); a picture gets its card and gallery thumbnail.
    thumbnails = [thumbnail_for(item.file, name=item.name) if is_picture(item.content_type) else "" for item in checked]
    removed_files = []
    with transaction.atomic():
        if listing.pk:
            # Only the columns this edit wrote: a machine translation stored since the listing was loaded must not be
            # overwritten by this (older) in-memory copy of the other languages' columns.
            listing.save(update_fields=listing_fields_to_save(listing, written_columns))
        else:
            listing.save()
        source_text_changed.send(sender=type(listing), instance=listing)
        listing_changed.send(sender=type(listing), listing=listing)
        for name, values in (m2m or {}).items():
            getattr(listing, name).set(values)
        if not has_attachments:
            return listing
        attachments = listing.attachments
        for attachment in attachments.filter(pk__in=remove_ids):
            removed_files.extend(f for f in (attachment.file, attachment.thumbnail) if f)
            attachment.delete()
        for item, thumbnail, (_upload, extra) in zip(checked, thumbnails, upload_pairs, strict=True):
            attachments.create(
                file=item.file,
                thumbnail=thumbnail,
                original_name=item.name,
                content_type=item.content_type,
                size=item.size,
                uploaded_by=user,
                **(attachment_extra or {}),
                **extra,
            )
        # Files go only once the rows are surely gone; a rollback keeps both.
        transaction.on_commit(lambda: [f.delete(save=False) for f in removed_files])
    return listing


# --- institution profile -----------------------------------------------------------------------------------------

INSTITUTION_EDITABLE_FIELDS = frozenset({"website", "city"})


def institution_update(*, institution: Institution, actor, data: dict, description: str, logo=None) -> Institution:
    """An institution admin (or staff) edits the public profile, all or nothing.

    ``data`` holds ``website`` and/or ``city``; ``description`` is stored in the institution's source language; a new
    ``logo`` is checked by content (PNG, JPEG or WebP) and replaces the old file once the change is committed.
    """

    if not (actor.is_staff or is_institution_admin(actor, institution.pk)):
        raise NotFound()
    unknown = set(data) - INSTITUTION_EDITABLE_FIELDS
    if unknown:
        raise MarketplaceError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="invalid_field",
        )
    checked = check_upload(logo, allowed=LOGO_TYPES, max_bytes=settings.LOGO_MAX_BYTES) if logo else None
    with transaction.atomic():
        # Lock the row: two administrators saving at once must not each keep half of the other's edit.
        locked = Institution.objects.select_for_update().get(pk=institution.pk)
        for name, value in data.items():
            setattr(locked, name, (value or "").strip())
        setattr(locked, column("description", locked.source_language), (description or "").strip())
        locked.full_clean(exclude=["logo"])
        old_logo = locked.logo.name
        if checked is not None:
            # The stored name is ours, never the uploader's: it cannot collide, traverse or reveal anything.
            extension = PurePath(checked.name).suffix.lower()
            locked.logo.save(f"{uuid.uuid4().hex}{extension}", checked.file, save=False)
        locked.save()
        source_text_changed.send(sender=Institution, instance=locked)
        if checked is not None and old_logo:
            storage = locked.logo.storage
            transaction.on_commit(lambda: storage.delete(old_logo))
    return locked
