"""The notifications of B2B meetings: each side hears of what the other did, in the bell and by e-mail
(notifications/)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from notifications.registry import Kind

MEETING_KINDS = (
    Kind(
        code="event.meeting_requested",
        label=_("Meeting requests at events"),
        title=_("%(who)s (%(organisation)s) would like to meet you at “%(event)s”"),
        body=_("Accept or decline the request on your agenda."),
    ),
    Kind(
        code="event.meeting_accepted",
        label=_("Answers to my meeting requests"),
        title=_("%(who)s (%(organisation)s) accepted your meeting at “%(event)s”"),
        body=_("Your agenda shows the time and table."),
    ),
    Kind(
        code="event.meeting_declined",
        label=_("Declined meeting requests"),
        title=_("%(who)s (%(organisation)s) declined your meeting request at “%(event)s”"),
    ),
    Kind(
        code="event.meeting_cancelled",
        label=_("Cancelled meetings"),
        title=_("Your meeting with %(who)s (%(organisation)s) at “%(event)s” is cancelled"),
    ),
)
