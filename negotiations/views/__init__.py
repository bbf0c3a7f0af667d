"""Conversation pages, split by sub-domain: the conversation itself (``conversations``) and its files (``files``)."""

from negotiations.views.conversations import (
    block_view,
    colleague_view,
    conversation_detail,
    conversation_start_view,
    inbox,
    mediation_view,
    meeting_decide_view,
    meeting_propose_view,
    outcome_view,
    read_view,
    report_view,
)
from negotiations.views.files import attachment_confidential_view, attachment_view, nda_accept_view

__all__ = [
    "attachment_confidential_view",
    "attachment_view",
    "block_view",
    "colleague_view",
    "conversation_detail",
    "conversation_start_view",
    "inbox",
    "mediation_view",
    "meeting_decide_view",
    "meeting_propose_view",
    "nda_accept_view",
    "outcome_view",
    "read_view",
    "report_view",
]
