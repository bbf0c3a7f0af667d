"""Background work of competitive trading: the periodic close and the close notifications."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from brics_ttc.tasks import RetryingTask
from marketplace.emails import absolute_url, send_templated_mail
from trading.models import Auction, AuctionState
from trading.services import auctions_close_due


# Not retried: beat runs it again within seconds, and that run is the retry.
@shared_task(bind=True, base=RetryingTask, max_retries=0)
def auctions_close_due_task(self) -> int:
    """Beat runs this every few seconds; each due auction is closed exactly once (see services.auction_close)."""
    return auctions_close_due()


@shared_task(bind=True, base=RetryingTask)
def auction_notify_closed(self, auction_id: int) -> None:
    """E-mail the seller, the winner and the staff the result of a closed auction, each in their language."""
    auction = (
        Auction.objects.select_related("achievement", "project", "seller", "winner__user").filter(pk=auction_id).first()
    )
    if auction is None or auction.state != AuctionState.CLOSED:
        return
    url = absolute_url(auction.get_absolute_url())
    # (role, address, language): the staff's shared addresses read the site's default language.
    readers = [("seller", auction.seller.email, auction.seller.preferred_language)]
    if auction.winner_id:
        readers.append(("winner", auction.winner.user.email, auction.winner.user.preferred_language))
    readers += [("staff", email, settings.LANGUAGE_CODE) for email in settings.STAFF_NOTIFICATION_EMAILS]
    for role, email, language in readers:
        context = {"auction": auction, "role": role, "url": url}
        send_templated_mail(to=[email], language=language, template="auction_closed", context=context)
