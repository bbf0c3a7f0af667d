"""The watchlist: members follow listings and auctions; what happens to them is notified once per watch and event.

Listings: a re-publication after an edit ("updated") and a withdrawal, from the floor's lifecycle signals, in the
transaction of the change. Auctions: their start, last hour and close, found by beat (``watched_auctions_notify``),
since those happen by the clock. Each notice is recorded (``WatchNotice``), so a retry or an overlapping run never
tells twice.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from achievements.models import Achievement
from alerts.errors import AlertsError
from alerts.models import Watch, WatchNotice
from alerts.notifications import WATCH_KINDS
from demands.models import Demand
from marketplace.models import ModerationState
from notifications.services import notification_send
from trading.models import Auction, AuctionState

WATCHABLE: dict[str, type[Model]] = {"achievement": Achievement, "demand": Demand, "auction": Auction}
LAST_HOUR = timedelta(hours=1)
LOOK_BACK = timedelta(days=2)  # auction events older than this are not told any more (beat was down for long)


def watchable(kind: str, pk: int, *, user) -> Model:
    """The public listing or auction a member may watch; ``AlertsError`` 404 for anything else."""
    model = WATCHABLE.get(kind)
    found = None
    if model is Auction:
        found = Auction.objects.filter(pk=pk, state__in=(AuctionState.SCHEDULED, AuctionState.CLOSED)).first()
    elif model is not None:
        found = model.objects.filter(pk=pk, state=ModerationState.PUBLISHED).first()
    if found is None:
        raise AlertsError(_("Not found."), code="not_found", status=404)
    return found


def watch_set(*, user, target: Model, watching: bool) -> bool:
    """Start or stop watching ``target``; returns whether ``user`` now watches it (idempotent both ways)."""
    content_type = ContentType.objects.get_for_model(target)
    rows = Watch.objects.filter(user=user, content_type=content_type, object_id=target.pk)
    if not watching:
        rows.delete()
        return False
    try:
        with transaction.atomic():
            Watch.objects.get_or_create(user=user, content_type=content_type, object_id=target.pk)
    except IntegrityError:  # the same click twice at once: one row wins
        pass
    return True


def is_watching(*, user, target: Model) -> bool:
    if not user.is_authenticated:
        return False
    content_type = ContentType.objects.get_for_model(target)
    return Watch.objects.filter(user=user, content_type=content_type, object_id=target.pk).exists()


def watches_of(*, user) -> QuerySet[Watch]:
    return Watch.objects.filter(user=user).select_related("content_type").prefetch_related("target")


def _tell(watch: Watch, *, event: str, kind: str, title: str, url: str) -> bool:
    """Notify ``watch``'s member once for ``event``; False when it was told already."""
    try:
        with transaction.atomic():
            WatchNotice.objects.create(watch=watch, event=event)
    except IntegrityError:
        return False
    notification_send(
        recipient=watch.user,
        kind=WATCH_KINDS[f"watch_{kind}"].code,
        context={"title": title},
        url=url,
        group=f"watch:{watch.content_type_id}:{watch.object_id}",
    )
    return True


def _watches_on(target: Model) -> QuerySet[Watch]:
    content_type = ContentType.objects.get_for_model(target)
    return Watch.objects.filter(content_type=content_type, object_id=target.pk).select_related("user", "content_type")


def on_listing_published(*, listing, event, **kwargs) -> None:
    """A watched listing is public again after an edit: its watchers hear it was updated (not its own editor)."""
    for watch in _watches_on(listing):
        if watch.user_id != getattr(event, "actor_id", None) and watch.user_id != listing.owner_id:
            _tell(
                watch, event=f"published:{event.pk}", kind="updated", title=str(listing), url=listing.get_absolute_url()
            )


def on_listing_archived(*, listing, event, **kwargs) -> None:
    for watch in _watches_on(listing):
        if watch.user_id != listing.owner_id:
            _tell(
                watch, event=f"archived:{event.pk}", kind="archived", title=str(listing), url=listing.get_absolute_url()
            )


def watched_auctions_notify(*, now=None) -> int:
    """Beat: tell the watchers of auctions that started, entered their last hour or closed; returns how many."""
    now = now or timezone.now()
    since = now - LOOK_BACK
    relevant = Auction.objects.filter(
        Q(state=AuctionState.SCHEDULED, starts_at__range=(since, now))
        | Q(state=AuctionState.SCHEDULED, ends_at__range=(now, now + LAST_HOUR))
        | Q(state=AuctionState.CLOSED, closed_at__gte=since)
    ).select_related("achievement", "project")
    auctions = {auction.pk: auction for auction in relevant}
    if not auctions:
        return 0
    content_type = ContentType.objects.get_for_model(Auction)
    told = 0
    watches = Watch.objects.filter(content_type=content_type, object_id__in=list(auctions)).select_related("user")
    for watch in watches:
        auction = auctions[watch.object_id]
        title, url = str(auction.lot), auction.get_absolute_url()
        if auction.state == AuctionState.CLOSED:
            events = [("closed", "auction_closed")] if auction.closed_at >= watch.created_at else []
        else:
            events = []
            if since <= auction.starts_at <= now and auction.starts_at >= watch.created_at and now < auction.ends_at:
                events.append(("started", "auction_started"))
            if auction.starts_at <= now and auction.ends_at - LAST_HOUR <= now < auction.ends_at:
                events.append(("last_hour", "auction_last_hour"))
        for event, kind in events:
            told += _tell(watch, event=f"auction_{event}", kind=kind, title=title, url=url)
    return told
