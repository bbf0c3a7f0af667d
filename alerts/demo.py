"""Demo saved searches and watches for the demo enterprise, so that `make run` shows both pages alive. Idempotent."""

from __future__ import annotations

from alerts.services import saved_search_create
from alerts.watchlist import watch_set
from marketplace.demo import DemoContext, refused
from marketplace.models import ModerationState
from trading.models import Auction, AuctionState

SEARCHES = (
    ({"q": "battery recycling"}, "Battery recycling"),
    (
        {"type": "achievement", "country": ["CN", "IN"], "trl": ["7", "8", "9"]},
        "Mature technologies from China and India",
    ),
)


def seed(demo: DemoContext) -> None:
    member = demo.users["enterprise"]
    for params, name in SEARCHES:
        with refused(f"saved search {name!r}"):
            _saved, created = saved_search_create(user=member, params=params, name=name)
        demo.created["saved searches"] += created
    published = [a for a in demo.achievements.values() if a.state == ModerationState.PUBLISHED and a.owner != member]
    for achievement in published[:2]:
        watch_set(user=member, target=achievement, watching=True)
    auction = Auction.objects.filter(state=AuctionState.SCHEDULED).order_by("ends_at").first()
    if auction is not None:
        watch_set(user=member, target=auction, watching=True)
    demo.highlight("Saved searches and watchlist", "Saved searches (demo enterprise)", "/en/saved-searches/")
    demo.highlight("Saved searches and watchlist", "Watchlist (demo enterprise)", "/en/watchlist/")
