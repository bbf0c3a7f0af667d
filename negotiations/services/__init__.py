"""Writes of the negotiations app, split by sub-domain; import them from here."""

from negotiations.services.confidential import attachment_confidential_set, conversation_nda_accept
from negotiations.services.conversations import (
    colleague_add,
    conversation_mark_read,
    conversation_start,
    mediation_request,
    project_interest_conversation,
)
from negotiations.services.introductions import conversation_introduce
from negotiations.services.meetings import meeting_decide, meeting_propose
from negotiations.services.messages import message_post, message_translation_run
from negotiations.services.outcomes import outcome_set
from negotiations.services.safety import message_report, report_resolve, user_block, user_unblock

__all__ = [
    "attachment_confidential_set",
    "colleague_add",
    "conversation_introduce",
    "conversation_mark_read",
    "conversation_nda_accept",
    "conversation_start",
    "mediation_request",
    "meeting_decide",
    "meeting_propose",
    "message_post",
    "message_report",
    "message_translation_run",
    "outcome_set",
    "project_interest_conversation",
    "report_resolve",
    "user_block",
    "user_unblock",
]
