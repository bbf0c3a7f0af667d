"""Opening a conversation (an inquiry on an achievement, a proposal to a demand, an investor's interest in a
project), its participants, read marks."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from achievements.models import Achievement
from marketplace.models import Membership, MembershipRole, MembershipStatus, ModerationState
from marketplace.permissions import member_institution_ids
from marketplace.uploads import check_upload
from negotiations.errors import NegotiationError
from negotiations.models import (
    ACTIVE_STATES,
    INTEREST_PURPOSES,
    Conversation,
    Message,
    MessageAttachment,
    Participant,
    Purpose,
    Side,
    SubjectType,
)
from negotiations.selectors import blocked_between, conversation_subject
from negotiations.services.common import clean_body, clean_language
from negotiations.services.messages import MAX_FILES_PER_MESSAGE, after_commit, replayed
from notifications.services import notifications_mark_read

PROPOSING_ROLES = (Role.RESEARCHER, Role.INSTITUTION_ADMIN)


def owner_side(listing) -> list:
    """The listing's owner and the administrators of its institution (its technology managers)."""
    people = [listing.owner]
    if listing.institution_id:
        admins = (
            get_user_model()
            .objects.filter(
                memberships__institution_id=listing.institution_id,
                memberships__role=MembershipRole.ADMIN,
                memberships__status=MembershipStatus.ACTIVE,
                is_active=True,
            )
            .exclude(pk=listing.owner_id)
        )
        people += list(admins)
    return people


def _check_requester(user, listing, owners: list) -> None:
    if user.pk in {person.pk for person in owners}:
        raise NegotiationError(_("This is your own listing."), code="own_listing", status=403)
    if listing.institution_id and listing.institution_id in member_institution_ids(user):
        raise NegotiationError(
            _("You belong to the organisation that posted this listing."), code="own_organisation", status=403
        )
    if blocked_between(user=user, others=[person.pk for person in owners]):
        raise NegotiationError(_("You cannot contact the owner of this listing."), code="blocked", status=403)


def _offered(user, ids) -> list[Achievement]:
    ids = {int(pk) for pk in ids or [] if str(pk).isdigit()}
    if not ids:
        return []
    mine = set(member_institution_ids(user))
    rows = [
        achievement
        for achievement in Achievement.objects.filter(pk__in=ids, state=ModerationState.PUBLISHED)
        if achievement.owner_id == user.pk or achievement.institution_id in mine
    ]
    if len(rows) != len(ids):
        raise NegotiationError(
            _("You can only offer your own published achievements."), code="invalid_offered_achievement"
        )
    return rows


def conversation_start(
    *,
    user,
    subject_type: str,
    subject_id,
    purpose: str,
    body: str,
    language: str | None = None,
    offered_achievement_ids=(),
    files: list | None = None,
    idempotency_key: str = "",
) -> tuple[Conversation, bool]:
    """Open a conversation with a listing's side (first message included); ``(conversation, created)``."""
    body = clean_body(body)
    key = (idempotency_key or "")[:100]
    original = replayed(user, key, body)
    if original is not None:
        return original.conversation, False
    if subject_type == SubjectType.PROJECT:
        # A project's conversation starts with an investor's recorded interest (project_interest_conversation).
        raise NegotiationError(
            _("Express interest on the project's page (investor institutions only)."), code="invalid_subject_type"
        )
    listing = conversation_subject(subject_type=subject_type, subject_id=subject_id)
    if subject_type == SubjectType.ACHIEVEMENT and purpose not in INTEREST_PURPOSES:
        raise NegotiationError(_("Choose the purpose of your interest."), code="invalid_purpose")
    if subject_type == SubjectType.DEMAND:
        if not (user.is_staff or user.role in PROPOSING_ROLES):
            raise NegotiationError(
                _("Solutions are proposed by researchers and institutions."), code="not_a_proposer", status=403
            )
        purpose = Purpose.SOLUTION
    language = clean_language(language, default=user.preferred_language)
    owners = owner_side(listing)
    _check_requester(user, listing, owners)
    offered = _offered(user, offered_achievement_ids) if subject_type == SubjectType.DEMAND else []
    checked = [check_upload(upload) for upload in (files or [])]
    if len(checked) > MAX_FILES_PER_MESSAGE:
        raise NegotiationError(
            _("At most %(limit)s files per message.") % {"limit": MAX_FILES_PER_MESSAGE}, code="too_many_files"
        )
    _throttle_new(user)
    existing = (
        Conversation.objects.filter(requester=user, state__in=ACTIVE_STATES, **{f"{subject_type}_id": listing.pk})
        .values_list("pk", flat=True)
        .first()
    )
    if existing:
        raise NegotiationError(
            _("You already have an open conversation about this listing."),
            code="conversation_exists",
            status=409,
            data={"id": existing},
        )
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                subject_type=subject_type, purpose=purpose, requester=user, **{subject_type: listing}
            )
            if offered:
                conversation.offered_achievements.set(offered)
            Participant.objects.bulk_create(
                [Participant(conversation=conversation, user=person, side=Side.OWNER) for person in owners]
                + [Participant(conversation=conversation, user=user, side=Side.REQUESTER)]
            )
            message = Message.objects.create(
                conversation=conversation, author=user, body=body, language=language, idempotency_key=key
            )
            message._new_attachments = [
                MessageAttachment.objects.create(
                    message=message,
                    file=item.file,
                    original_name=item.name,
                    content_type=item.content_type,
                    size=item.size,
                    uploaded_by=user,
                )
                for item in checked
            ]
            Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
            Participant.objects.filter(conversation=conversation, user=user).update(last_read_id=message.pk)
            after_commit(message, notify_kind="conversation.new")
    except IntegrityError:
        original = replayed(user, key, body)
        if original is None:
            raise
        return original.conversation, False
    return conversation, True


def project_interest_conversation(*, interest, user, message: str = "") -> Conversation:
    """An investor's recorded interest (projects.InterestExpression) opens a conversation with the project's side (its
    creator and the lead institution's administrators), or continues the user's open one about the project: a line
    naming the investor, then the user's message if any. Runs inside the transaction recording the interest."""
    project = interest.project
    body = clean_body(message or "", required=False)
    owners = owner_side(project)
    _check_requester(user, project, owners)
    with transaction.atomic():
        conversation = (
            Conversation.objects.select_for_update()
            .filter(project=project, requester=user, state__in=ACTIVE_STATES)
            .order_by("-id")
            .first()
        )
        created = conversation is None
        if created:
            _throttle_new(user)
            conversation = Conversation.objects.create(
                subject_type=SubjectType.PROJECT, project=project, purpose=Purpose.INVESTMENT, requester=user
            )
            Participant.objects.bulk_create(
                [Participant(conversation=conversation, user=person, side=Side.OWNER) for person in owners]
                + [Participant(conversation=conversation, user=user, side=Side.REQUESTER)]
            )
        kind = "conversation.new" if created else "conversation.message"
        event = Message.objects.create(
            conversation=conversation,
            author=user,
            language=user.preferred_language,
            event="project_interest",
            event_data={"investor": str(interest.investor)},
        )
        after_commit(event, notify_kind=kind)
        last = event
        if body:
            last = Message.objects.create(
                conversation=conversation, author=user, body=body, language=user.preferred_language
            )
            after_commit(last, notify_kind=kind)
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=last.created_at)
        Participant.objects.filter(conversation=conversation, user=user).update(last_read_id=last.pk)
    return conversation


def _throttle_new(user) -> None:
    since = timezone.now() - timedelta(days=1)
    if Conversation.objects.filter(requester=user, created_at__gte=since).count() >= (
        settings.NEGOTIATION_CONVERSATIONS_PER_DAY
    ):
        raise NegotiationError(
            _("You have opened many conversations today; try again tomorrow."), code="throttled", status=429
        )


def conversation_mark_read(*, conversation: Conversation, user, up_to: int | None = None) -> int:
    """Move the user's read mark forward (never back) to ``up_to`` or the last message; returns the mark."""
    last = conversation.messages.order_by("-id").values_list("id", flat=True).first() or 0
    mark = min(up_to, last) if up_to else last
    with transaction.atomic():
        Participant.objects.filter(conversation=conversation, user=user, last_read_id__lt=mark).update(
            last_read_id=mark
        )
        notifications_mark_read(user=user, group=f"conversation:{conversation.pk}")
    return mark


def colleague_add(*, conversation: Conversation, user, email: str) -> Participant:
    """Add a colleague of the user's own organisation to the user's side of the conversation."""
    seat = Participant.objects.filter(conversation=conversation, user=user).first()
    if seat is None or seat.side == Side.STAFF:
        raise NegotiationError(code="not_found", status=404)
    colleague = get_user_model().objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    shared = (
        Membership.objects.filter(
            user=colleague, status=MembershipStatus.ACTIVE, institution_id__in=member_institution_ids(user)
        ).exists()
        if colleague
        else False
    )
    if colleague is None or not shared:
        raise NegotiationError(_("Only active members of your own organisation can be added."), code="not_a_colleague")
    with transaction.atomic():
        added, _created = Participant.objects.get_or_create(
            conversation=conversation,
            user=colleague,
            defaults={"side": seat.side, "added_by": user, "last_read_id": 0},
        )
    return added


def mediation_request(*, conversation: Conversation, user) -> Conversation:
    """A participant asks the center's staff to join (they may then read and write in the conversation)."""
    if not Participant.objects.filter(conversation=conversation, user=user).exclude(side=Side.STAFF).exists():
        raise NegotiationError(code="not_found", status=404)
    with transaction.atomic():
        Conversation.objects.filter(pk=conversation.pk, mediation_requested_at__isnull=True).update(
            mediation_requested_at=timezone.now()
        )
        message = Message.objects.create(
            conversation=conversation, author=user, language=user.preferred_language, event="mediation_requested"
        )
        after_commit(message)
    conversation.refresh_from_db()
    return conversation
