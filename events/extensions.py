"""What the events app adds to the floor's pages: a "Featured" badge on showcased achievements, the MOUs an
institution signed on its page (``marketplace.extensions``), and the registrations awaiting approval on the admin home
(``marketplace.staff_queues``). Imported from ``EventsConfig.ready()``."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.selectors import featured_achievement_ids, mou_list, registrations_awaiting_approval
from marketplace import extensions
from marketplace.staff_queues import StaffQueue, staff_queue_register


def featured_badge(listing) -> list[extensions.Badge]:
    if listing._meta.label_lower != "achievements.achievement":
        return []
    event_id = featured_achievement_ids().get(listing.pk)
    if event_id is None:
        return []
    url = reverse("events:showcase", args=[event_id])
    return [extensions.Badge(_("Featured at an event"), "stars", "badge-featured", url)]


def institution_mous(institution, request) -> tuple[str, dict] | None:
    mous = list(mou_list(institution_id=institution.pk)[:20])
    if not mous:
        return None
    return "events/includes/institution_mous.html", {"mous": mous, "institution": institution}


def register() -> None:
    extensions.register_badge_provider(featured_badge)
    extensions.register_institution_section(institution_mous)
    staff_queue_register(
        StaffQueue(
            key="event-registrations",
            label=gettext_lazy("Event registrations awaiting approval"),
            count=lambda: registrations_awaiting_approval().count(),
            url_name="admin:events_registration_changelist",
            permission="events.change_registration",
            query="status__exact=pending",
        )
    )
