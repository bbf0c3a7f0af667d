"""Background work of competitive trading: the periodic close and the close notifications."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from brics_ttc.tasks import RetryingTask
from trading.models import Auction, AuctionState
from trading.services import auctions_close_due


@shared_task(bind=True, acks_late=True)
def auctions_close_due_task(self) -> int:
    """Beat runs this every few seconds; each due auction is closed exactly once (see services.auction_close)."""
    return auctions_close_due()


@shared_task(bind=True, base=RetryingTask)
def auction_notify_closed(self, auction_id: int) -> None:
    """E-mail the seller, the winner and the staff the result of a closed auction, each in their language."""
    auction = Auction.objects.select_related("achievement", "seller", "winner__user").filter(pk=auction_id).first()
    if auction is None or auction.state != AuctionState.CLOSED:
        return
    url = settings.SITE_URL.rstrip("/") + auction.get_absolute_url()
    # (role, address, language): the staff's shared addresses read the site's default language.
    readers = [("seller", auction.seller.email, auction.seller.preferred_language)]
    if auction.winner_id:
        readers.append(("winner", auction.winner.user.email, auction.winner.user.preferred_language))
    readers += [("staff", email, settings.LANGUAGE_CODE) for email in settings.STAFF_NOTIFICATION_EMAILS]
    for role, email, language in readers:
        with translation.override(language):
            context = {"auction": auction, "role": role, "url": url}
            subject = render_to_string("emails/auction_closed_subject.txt", context).strip()
            body = render_to_string("emails/auction_closed_body.txt", context)
        send_mail(subject, body, None, [email])
