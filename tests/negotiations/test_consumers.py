"""The live conversation websocket through the real ASGI application: participants only; only committed messages are
announced; a reconnecting page gets what it missed by cursor.

Transactional tests: broadcasts are sent by ``transaction.on_commit``, which a rolled-back test transaction never runs.
"""

from __future__ import annotations

import copy

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from brics_ttc.asgi import application
from negotiations.services import mediation_request, message_post, message_report
from tests.factories import ConversationFactory, EnterpriseFactory, InstitutionFactory, MembershipFactory, StaffFactory
from tests.trading.test_consumers import _run, _session_cookie

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TIMEOUT = 5


@pytest.fixture(autouse=True)
def _own_channel_layer(settings):
    settings.CHANNEL_LAYERS = copy.deepcopy(settings.CHANNEL_LAYERS)


def _socket(conversation_id: int, cookie: str, query: str = "") -> WebsocketCommunicator:
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver"), (b"cookie", cookie.encode())]
    return WebsocketCommunicator(application, f"/ws/conversations/{conversation_id}/{query}", headers=headers)


def test_the_other_participant_receives_the_committed_message_once():
    conversation = ConversationFactory()
    owner, requester = conversation.achievement.owner, conversation.requester
    cookie = _session_cookie(owner)

    async def scenario():
        socket = _socket(conversation.pk, cookie)
        connected, _ = await socket.connect(timeout=TIMEOUT)
        assert connected
        message, _created = await database_sync_to_async(message_post)(
            conversation=conversation, user=requester, body="<b>Live</b> hello"
        )
        event = await socket.receive_json_from(timeout=TIMEOUT)
        assert event["type"] == "message"
        assert (event["message"]["id"], event["message"]["body"]) == (message.pk, "<b>Live</b> hello")
        assert event["message"]["display"]["machine_translated"] is False
        assert await socket.receive_nothing(timeout=0.3)
        await socket.disconnect()

    _run(scenario)


@pytest.mark.parametrize(
    ("who", "admitted"),
    [
        ("owner", True),
        ("requester", True),
        ("colleague", False),  # of the requester's organisation, not added to the conversation
        ("outsider", False),
        ("anonymous", False),
        ("staff", False),
        ("staff_mediation", True),
        ("staff_report", True),
    ],
)
def test_websocket_permission_matrix(who, admitted):
    buyer_org = InstitutionFactory()
    requester = MembershipFactory(institution=buyer_org, user=EnterpriseFactory()).user
    conversation = ConversationFactory(requester=requester)
    if who == "staff_mediation":
        mediation_request(conversation=conversation, user=requester)
    if who == "staff_report":
        message_report(message=conversation.messages.first(), user=conversation.achievement.owner, reason="Spam")
    user = None
    if who == "owner":
        user = conversation.achievement.owner
    elif who == "requester":
        user = requester
    elif who == "colleague":
        user = MembershipFactory(institution=buyer_org, user=EnterpriseFactory()).user
    elif who == "outsider":
        user = EnterpriseFactory()
    elif who.startswith("staff"):
        user = StaffFactory()
    cookie = _session_cookie(user) if user is not None else ""

    async def scenario():
        socket = _socket(conversation.pk, cookie)
        connected, _ = await socket.connect(timeout=TIMEOUT)
        assert connected is admitted
        if connected:
            await socket.disconnect()

    _run(scenario)


def test_a_reconnecting_page_receives_what_it_missed_by_cursor():
    conversation = ConversationFactory()
    owner, requester = conversation.achievement.owner, conversation.requester
    first = conversation.messages.get()
    missed = [message_post(conversation=conversation, user=requester, body=f"missed {n}")[0] for n in range(3)]
    cookie = _session_cookie(owner)

    async def scenario():
        socket = _socket(conversation.pk, cookie, f"?after={first.pk}")
        connected, _ = await socket.connect(timeout=TIMEOUT)
        assert connected
        got = [(await socket.receive_json_from(timeout=TIMEOUT))["message"]["id"] for _ in missed]
        assert got == [m.pk for m in missed]
        await socket.send_json_to({"type": "resume", "after": missed[1].pk})
        assert (await socket.receive_json_from(timeout=TIMEOUT))["message"]["id"] == missed[2].pk
        await socket.disconnect()

    _run(scenario)
