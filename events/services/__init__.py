"""Writes of the events app, split by sub-domain: registrations (seats, waiting list, check-in), meetings (requests,
answers, scheduling, outcomes) and the showcase."""

from events.services.meetings import (
    meeting_accept,
    meeting_cancel,
    meeting_decline,
    meeting_record_outcome,
    meeting_request,
    meetings_schedule,
)
from events.services.registrations import (
    registration_approve,
    registration_cancel,
    registration_check_in,
    registration_decline,
    registration_register,
    registration_update_profile,
    waitlist_promote,
)
from events.services.showcase import event_save_texts, showcase_changed

__all__ = [
    "event_save_texts",
    "meeting_accept",
    "meeting_cancel",
    "meeting_decline",
    "meeting_record_outcome",
    "meeting_request",
    "meetings_schedule",
    "registration_approve",
    "registration_cancel",
    "registration_check_in",
    "registration_decline",
    "registration_register",
    "registration_update_profile",
    "showcase_changed",
    "waitlist_promote",
]
