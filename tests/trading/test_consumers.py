"""The live auction websocket, through the project's real ASGI application (origin check, sessions, routing).

Transactional tests: the broadcast is sent by ``transaction.on_commit``, which a rolled-back test transaction never
runs. The channel layer is the settings' one (in-memory; Redis under ``make test-services``).
"""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections
from django.test import Client
from django.utils import timezone

from brics_ttc.asgi import application
from tests.factories import AuctionFactory, EnterpriseFactory, StaffFactory
from trading import services
from trading.chain import canonical_time
from trading.models import Auction, AuctionState

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TIMEOUT = 5


@pytest.fixture(autouse=True)
def _own_channel_layer(settings):
    """A channel layer instance of this test's own, of the configured backend: the browser test's server (same
    process, other event loop) may still be receiving on the shared instance, which the Redis layer refuses."""
    settings.CHANNEL_LAYERS = copy.deepcopy(settings.CHANNEL_LAYERS)


def _run(scenario) -> None:
    """Run an async scenario to its end in a thread of its own: a browser test earlier in the same process leaves
    Playwright's event loop in the main thread, where ``async_to_sync`` refuses to run."""

    def in_thread() -> None:
        try:
            async_to_sync(scenario)()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(in_thread).result()


def _socket(auction_id: int, *, cookie: str = "", origin: bytes = b"http://testserver") -> WebsocketCommunicator:
    headers = [(b"origin", origin), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    return WebsocketCommunicator(application, f"/ws/auctions/{auction_id}/", headers=headers)


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def _connected(*sockets: WebsocketCommunicator) -> list[dict]:
    """Connect each socket and return the state each receives on connect."""
    states = []
    for socket in sockets:
        connected, _ = await socket.connect(timeout=TIMEOUT)
        assert connected
        message = await socket.receive_json_from(timeout=TIMEOUT)
        assert message["type"] == "auction.state"
        states.append(message["state"])
    return states


def test_two_viewers_both_receive_the_new_price_after_a_bid():
    auction = AuctionFactory()
    bidder = EnterpriseFactory()

    async def scenario():
        first, second = _socket(auction.pk), _socket(auction.pk)
        initial = await _connected(first, second)
        assert [state["current_price"] for state in initial] == [None, None]
        assert initial[0]["minimum_bid"] == "1000.00" and initial[0]["phase"] == "live"

        await database_sync_to_async(services.bid_place)(auction_id=auction.pk, user=bidder, amount="1500")

        updates = [await first.receive_json_from(timeout=TIMEOUT), await second.receive_json_from(timeout=TIMEOUT)]
        assert [update["type"] for update in updates] == ["auction.update", "auction.update"]
        assert updates[0]["state"] == updates[1]["state"]
        state = updates[0]["state"]
        assert state["current_price"] == "1500.00" and state["minimum_bid"] == "1600.00"
        assert state["bid_count"] == 1 and state["leader"] == 1
        assert [(entry["seq"], entry["bidder"], entry["amount"]) for entry in state["recent_bids"]] == [
            (1, 1, "1500.00")
        ]
        assert bidder.email not in str(state)
        await first.disconnect()
        await second.disconnect()

    _run(scenario)


def test_a_reconnecting_viewer_gets_the_current_state_at_once():
    auction = AuctionFactory()
    services.bid_place(auction_id=auction.pk, user=EnterpriseFactory(), amount="1000")

    async def scenario():
        socket = _socket(auction.pk)
        (state,) = await _connected(socket)
        assert state["current_price"] == "1000.00" and state["bid_count"] == 1
        assert [entry["seq"] for entry in state["recent_bids"]] == [1]
        await socket.disconnect()

    _run(scenario)


def test_viewers_see_the_end_move_and_the_close():
    auction = AuctionFactory()
    staff = StaffFactory()
    new_end = auction.ends_at + timedelta(hours=2)

    async def scenario():
        socket = _socket(auction.pk)
        await _connected(socket)

        await database_sync_to_async(services.auction_extend)(
            auction=auction, actor=staff, ends_at=new_end, reason="Bidders asked for time."
        )
        extended = (await socket.receive_json_from(timeout=TIMEOUT))["state"]
        assert extended["ends_at"] == canonical_time(new_end)

        def close_now():
            Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
            return services.auction_close(auction_id=auction.pk)

        assert await database_sync_to_async(close_now)()
        closed = (await socket.receive_json_from(timeout=TIMEOUT))["state"]
        assert closed["phase"] == "closed" and closed["result"] == "no_bids"
        await socket.disconnect()

    _run(scenario)


def test_sealed_updates_carry_commitments_and_no_amounts():
    auction = AuctionFactory(sealed=True)
    bidder = EnterpriseFactory()

    async def scenario():
        socket = _socket(auction.pk)
        await _connected(socket)
        await database_sync_to_async(services.bid_place)(auction_id=auction.pk, user=bidder, amount="4321.00")
        state = (await socket.receive_json_from(timeout=TIMEOUT))["state"]
        assert state["bid_count"] == 1 and state["current_price"] is None and state["leader"] is None
        (entry,) = state["recent_bids"]
        assert entry["amount"] is None and len(entry["commitment"]) == 64
        assert "4321.00" not in str(state)  # (bare digits could occur inside a timestamp)
        await socket.disconnect()

    _run(scenario)


def test_client_messages_are_ignored():
    auction = AuctionFactory()

    async def scenario():
        socket = _socket(auction.pk)
        await _connected(socket)
        await socket.send_to(text_data="{not json")
        await socket.send_json_to({"type": "auction.update", "state": {"current_price": "1"}})
        assert await socket.receive_nothing(timeout=0.3)
        await socket.disconnect()

    _run(scenario)


def test_foreign_origin_is_refused():
    auction = AuctionFactory()

    async def scenario():
        connected, _ = await _socket(auction.pk, origin=b"https://evil.example").connect(timeout=TIMEOUT)
        assert not connected

    _run(scenario)


def test_unknown_auction_is_refused():
    async def scenario():
        connected, _ = await _socket(987654).connect(timeout=TIMEOUT)
        assert not connected

    _run(scenario)


def test_proposed_auction_is_refused_to_the_public_and_open_to_staff():
    auction = AuctionFactory(state=AuctionState.PROPOSED)
    staff_cookie = _session_cookie(StaffFactory())
    enterprise_cookie = _session_cookie(EnterpriseFactory())

    async def scenario():
        for cookie in ("", enterprise_cookie):
            connected, _ = await _socket(auction.pk, cookie=cookie).connect(timeout=TIMEOUT)
            assert not connected
        socket = _socket(auction.pk, cookie=staff_cookie)
        (state,) = await _connected(socket)
        assert state["phase"] == "proposed"
        await socket.disconnect()

    _run(scenario)


@pytest.mark.parametrize("path", ["/ws/auctions/abc/", "/ws/nothing-here/", "/ws/"])
def test_unknown_websocket_path_is_closed_cleanly_not_a_server_error(path):
    async def scenario():
        socket = WebsocketCommunicator(application, path, headers=[(b"origin", b"http://testserver")])
        connected, code = await socket.connect(timeout=TIMEOUT)
        assert not connected
        assert code == 4404

    _run(scenario)
