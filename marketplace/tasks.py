from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from brics_ttc.tasks import RetryingTask
from marketplace.emails import absolute_url, send_templated_mail
from marketplace.held_uploads import held_uploads_purge
from marketplace.idempotency import idempotency_records_purge
from marketplace.models import Invitation, ModerationAction, ModerationEvent


@shared_task(bind=True, base=RetryingTask)
def moderation_notify(self, event_id: int) -> None:
    """E-mail the owner about a staff decision (or the staff about a new submission), in the reader's language."""
    event = ModerationEvent.objects.select_related("content_type").filter(pk=event_id).first()
    if event is None or event.listing is None:
        return
    listing = event.listing
    if event.action == ModerationAction.SUBMIT:
        recipients = list(settings.STAFF_NOTIFICATION_EMAILS)
        language = settings.LANGUAGE_CODE
    elif event.action == ModerationAction.ARCHIVE:
        return
    else:
        recipients = [listing.owner.email]
        language = listing.owner.preferred_language
    if not recipients:
        return
    with translation.override(language):  # the links are in the reader's language too
        context = {
            "event": event,
            "listing": listing,
            "url": absolute_url(listing.get_absolute_url()),
            "my_listings_url": absolute_url(reverse("accounts:my_listings")),
        }
    send_templated_mail(to=recipients, language=language, template="moderation", context=context)


@shared_task(bind=True, base=RetryingTask)
def invitation_send(self, invitation_id: int) -> None:
    """E-mail an invitation to join an institution."""
    invitation = Invitation.objects.select_related("institution", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.accepted_at:
        return
    language = invitation.invited_by.preferred_language if invitation.invited_by else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "invitation": invitation,
            "url": absolute_url(reverse("marketplace:invitation_accept", args=[invitation.token])),
        }
    send_templated_mail(to=[invitation.email], language=language, template="invitation", context=context)


@shared_task(base=RetryingTask)
def idempotency_records_purge_task() -> int:
    """Beat: forget the answers to idempotent creates once their keys have expired."""
    return idempotency_records_purge()


@shared_task(base=RetryingTask)
def held_uploads_purge_task() -> int:
    """Beat: delete files kept after a failed listing form that nobody came back for."""
    return held_uploads_purge()
