"""The watchlist: members follow listings and auctions; updates, withdrawals, an auction's start, last hour and close
are notified once each, to watchers only (not the owner), and only public things can be watched."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.models import Watch
from alerts.watchlist import watch_set, watched_auctions_notify
from marketplace.services import listing_archive, listing_moderate
from notifications.models import Notification
from tests.factories import AchievementFactory, AuctionFactory, EnterpriseFactory, StaffFactory
from trading.services import auction_close

pytestmark = pytest.mark.django_db


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("kind", flat=True))


def test_watch_button_adds_and_removes_and_the_watchlist_shows_it(client):
    achievement = AchievementFactory(published=True, title_en="Graphene heat spreader")
    user = EnterpriseFactory()
    client.force_login(user)
    page = client.get(achievement.get_absolute_url()).content.decode()
    assert 'aria-pressed="false"' in page and "Watch" in page

    url = reverse("watchlist:toggle", args=["achievement", achievement.pk])
    client.post(url, {"watch": "1"})
    client.post(url, {"watch": "1"})  # twice is still one watch
    assert Watch.objects.filter(user=user).count() == 1
    assert 'aria-pressed="true"' in client.get(achievement.get_absolute_url()).content.decode()
    assert "Graphene heat spreader" in client.get(reverse("watchlist:list")).content.decode()

    client.post(url, {"watch": "0"})
    assert not Watch.objects.exists()


def test_only_public_things_can_be_watched(client):
    client.force_login(EnterpriseFactory())
    draft = AchievementFactory(title_en="Secret draft")
    assert client.post(reverse("watchlist:toggle", args=["achievement", draft.pk]), {"watch": "1"}).status_code == 404
    assert client.post(reverse("watchlist:toggle", args=["institution", 1]), {"watch": "1"}).status_code == 404
    assert not Watch.objects.exists()


def test_watchers_hear_of_an_update_and_a_withdrawal_once_and_the_owner_does_not():
    achievement = AchievementFactory(published=True, title_en="Solid-state battery")
    watcher, owner = EnterpriseFactory(), achievement.owner
    watch_set(user=watcher, target=achievement, watching=True)
    watch_set(user=owner, target=achievement, watching=True)

    # The owner edits (changes requested by staff, resubmitted), staff approve again: watchers hear it was updated.
    staff = StaffFactory()
    type(achievement).objects.filter(pk=achievement.pk).update(state="submitted")
    achievement.refresh_from_db()
    listing_moderate(listing=achievement, actor=staff, action="approve")
    assert kinds(watcher) == ["alerts.watch_updated"]

    listing_archive(listing=achievement, user=owner)
    assert kinds(watcher) == ["alerts.watch_updated", "alerts.watch_archived"]
    assert kinds(owner) == []
    assert (
        Notification.objects.get(recipient=watcher, kind="alerts.watch_updated").url == achievement.get_absolute_url()
    )


def test_watched_auction_start_last_hour_and_close_are_each_told_once():
    now = timezone.now()
    auction = AuctionFactory(starts_at=now + timedelta(hours=1), ends_at=now + timedelta(hours=3))
    watcher = EnterpriseFactory()
    watch_set(user=watcher, target=auction, watching=True)

    assert watched_auctions_notify(now=now) == 0  # not started yet
    assert watched_auctions_notify(now=now + timedelta(hours=1, minutes=5)) == 1
    assert watched_auctions_notify(now=now + timedelta(hours=1, minutes=10)) == 0  # told once
    assert watched_auctions_notify(now=now + timedelta(hours=2, minutes=5)) == 1
    assert kinds(watcher) == ["alerts.watch_auction_started", "alerts.watch_auction_last_hour"]

    type(auction).objects.filter(pk=auction.pk).update(
        starts_at=now - timedelta(hours=2), ends_at=now - timedelta(seconds=1)
    )
    assert auction_close(auction_id=auction.pk)
    assert watched_auctions_notify() == 1
    assert watched_auctions_notify() == 0
    assert kinds(watcher)[-1] == "alerts.watch_auction_closed"


def test_an_auction_watched_after_it_started_is_not_said_to_start():
    auction = AuctionFactory()  # started a minute ago
    watcher = EnterpriseFactory()
    watch_set(user=watcher, target=auction, watching=True)
    assert watched_auctions_notify() == 0
