"""Safety: reporting a message to the staff, blocking a person."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from negotiations.errors import NegotiationError
from negotiations.models import Block, Conversation, Message, MessageReport, Participant


def message_report(*, message: Message, user, reason: str) -> MessageReport:
    """A participant reports a message: it joins the staff's queue and the conversation opens to staff."""
    if not Participant.objects.filter(conversation_id=message.conversation_id, user=user).exists():
        raise NegotiationError(code="not_found", status=404)
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise NegotiationError(_("Say what is wrong with this message."), code="reason_required")
    with transaction.atomic():
        report, _created = MessageReport.objects.get_or_create(
            message=message, reporter=user, defaults={"reason": reason[:2000]}
        )
        Conversation.objects.filter(pk=message.conversation_id, reported_at__isnull=True).update(
            reported_at=timezone.now()
        )
    return report


def report_resolve(*, report: MessageReport, staff) -> MessageReport:
    """Staff mark a report handled."""
    if not staff.is_staff:
        raise NegotiationError(code="permission_denied", status=403)
    MessageReport.objects.filter(pk=report.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=staff
    )
    report.refresh_from_db()
    return report


def user_block(*, user, blocked_id: int) -> Block:
    """``user`` no longer gets conversations or messages from ``blocked_id``."""
    other = get_user_model().objects.filter(pk=blocked_id).first()
    if other is None or other.pk == user.pk:
        raise NegotiationError(_("You cannot block this person."), code="invalid_block")
    block, _created = Block.objects.get_or_create(blocker=user, blocked=other)
    return block


def user_unblock(*, user, blocked_id: int) -> None:
    Block.objects.filter(blocker=user, blocked_id=blocked_id).delete()
