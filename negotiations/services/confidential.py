"""Confidential files in a conversation: the listing's side marks them, the requester's side opens them after
accepting the achievement's NDA (the achievements app's own acceptance, which also opens the achievement's dossier)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from achievements.models import NdaAcceptance
from achievements.services import nda_accept
from negotiations.errors import NegotiationError
from negotiations.models import Conversation, Message, MessageAttachment, Participant, Side
from negotiations.selectors import conversation_nda_text
from negotiations.services.common import check_may_mark_confidential
from negotiations.services.messages import after_commit


def attachment_confidential_set(*, attachment: MessageAttachment, user, confidential: bool) -> MessageAttachment:
    """Mark a file of the conversation confidential (or open it again); only the listing's side, recorded with who
    and when."""
    conversation = Conversation.objects.select_related("achievement").get(pk=attachment.message.conversation_id)
    side = Participant.objects.filter(conversation=conversation, user=user).values_list("side", flat=True).first()
    if side is None:
        raise NegotiationError(code="not_found", status=404)
    if confidential:
        check_may_mark_confidential(conversation=conversation, side=side)
    elif side != Side.OWNER:
        raise NegotiationError(
            _("Only the listing's side can mark files as confidential."), code="not_owner_side", status=403
        )
    owner_ids = Participant.objects.filter(conversation=conversation, side=Side.OWNER).values_list("user_id", flat=True)
    if attachment.uploaded_by_id not in set(owner_ids):
        raise NegotiationError(
            _("Only files the listing's side sent can be marked as confidential."), code="not_own_file", status=403
        )
    with transaction.atomic():
        MessageAttachment.objects.filter(pk=attachment.pk).update(
            is_confidential=confidential, confidential_marked_by=user, confidential_marked_at=timezone.now()
        )
    attachment.refresh_from_db()
    return attachment


def conversation_nda_accept(*, conversation: Conversation, user) -> NdaAcceptance:
    """The requester's side accepts the achievement's current NDA from the conversation: recorded once per person and
    NDA version (who, when, the text accepted) and announced in the thread; it opens the conversation's confidential
    files and the achievement's dossier alike."""
    side = Participant.objects.filter(conversation=conversation, user=user).values_list("side", flat=True).first()
    if side is None:
        raise NegotiationError(code="not_found", status=404)
    if side != Side.REQUESTER:
        raise NegotiationError(
            _("Only the requester's side accepts the NDA of the listing."), code="not_requester_side", status=403
        )
    if not conversation_nda_text(conversation):
        raise NegotiationError(_("This listing has no NDA to accept."), code="no_nda", status=409)
    with transaction.atomic():
        # Serialises two clicks of the same person: one acceptance, one line in the thread.
        Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
        achievement = conversation.achievement
        known = NdaAcceptance.objects.filter(achievement=achievement, user=user, nda_hash=achievement.nda_hash).exists()
        acceptance = nda_accept(achievement=achievement, user=user)
        if not known:
            message = Message.objects.create(
                conversation=conversation,
                author=user,
                language=user.preferred_language,
                event="nda_accepted",
                event_data={"nda_hash": acceptance.nda_hash},
            )
            after_commit(message)
    return acceptance
