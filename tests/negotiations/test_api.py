"""The conversations API: who reads what (participants only: 404 for everyone else), creates answered after commit,
idempotent retries, meetings and outcomes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace.models import MembershipRole
from negotiations.models import Conversation, Message
from negotiations.services import mediation_request, message_report
from tests.factories import (
    AchievementFactory,
    ConversationFactory,
    DemandFactory,
    EnterpriseFactory,
    InstitutionFactory,
    MembershipFactory,
    ResearcherFactory,
    StaffFactory,
)
from trading.models import Deal

pytestmark = pytest.mark.django_db

URL = "/api/v1/conversations/"


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def setting():
    """A conversation between an enterprise (with a colleague not in it) and a researcher's institution."""
    institution = InstitutionFactory()
    admin = MembershipFactory(institution=institution, role=MembershipRole.ADMIN).user
    achievement = AchievementFactory(published=True, institution=institution)
    buyer_org = InstitutionFactory()
    requester = MembershipFactory(institution=buyer_org, user=EnterpriseFactory()).user
    colleague = MembershipFactory(institution=buyer_org, user=EnterpriseFactory()).user
    conversation = ConversationFactory(requester=requester, achievement=achievement)
    return {
        "conversation": conversation,
        "owner": achievement.owner,
        "admin": admin,
        "requester": requester,
        "colleague": colleague,
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("admin", 200),
        ("requester", 200),
        ("colleague", 404),
        ("other", 404),
        ("anonymous", 401),
        ("staff", 404),
        ("staff_mediation", 200),
        ("staff_report", 200),
    ],
)
def test_permission_matrix(setting, who, status):
    conversation = setting["conversation"]
    user = {"other": EnterpriseFactory(), "anonymous": None}.get(who) or setting.get(who)
    if who.startswith("staff"):
        user = StaffFactory()
    if who == "staff_mediation":
        mediation_request(conversation=conversation, user=setting["requester"])
    if who == "staff_report":
        message_report(message=conversation.messages.first(), user=setting["owner"], reason="Spam")
    client = _client(user)
    for path in (f"{URL}{conversation.pk}/", f"{URL}{conversation.pk}/messages/"):
        assert client.get(path).status_code == status, path
    posted = client.post(f"{URL}{conversation.pk}/messages/", {"body": "hi"}, format="json")
    assert posted.status_code == (201 if status == 200 else status)
    if status == 404:
        assert posted.json()["code"] == "not_found"


def test_list_shows_only_mine_with_unread_counts(setting, django_assert_max_num_queries):
    conversation = setting["conversation"]
    ConversationFactory()  # someone else's
    client = _client(setting["owner"])
    with django_assert_max_num_queries(6):
        body = client.get(URL).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["id"], row["unread"], row["subject_type"]) == (conversation.pk, 1, "achievement")
    client.post(f"{URL}{conversation.pk}/read/", {}, format="json")
    assert client.get(URL).json()["results"][0]["unread"] == 0
    assert _client(setting["requester"]).get(f"{URL}?unread=1").json()["count"] == 0


def test_list_query_count_does_not_grow_with_conversations(django_assert_max_num_queries):
    requester = EnterpriseFactory()
    for _ in range(5):
        ConversationFactory(requester=requester)
    with django_assert_max_num_queries(6):
        assert _client(requester).get(URL).json()["count"] == 5


def test_create_answers_201_then_a_retry_with_the_key_answers_200_with_the_same_conversation():
    achievement = AchievementFactory(published=True)
    client = _client(EnterpriseFactory())
    payload = {"subject_type": "achievement", "subject_id": achievement.pk, "purpose": "licence", "body": "Hello"}
    first = client.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    assert first.status_code == 201
    again = client.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    assert again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert Conversation.objects.count() == 1 and Message.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"subject_type": "auction", "subject_id": 1, "body": "x"}, "invalid"),
        ({"subject_type": "achievement", "subject_id": 99999999, "body": "x"}, "unknown_subject"),
        ({"subject_type": "achievement", "body": "x"}, "invalid"),
        ({"subject_type": "achievement", "subject_id": "1; DROP TABLE", "body": "x"}, "invalid"),
    ],
)
def test_bad_creates_are_4xx_with_a_code(payload, code):
    response = _client(EnterpriseFactory()).post(URL, payload, format="json")
    assert 400 <= response.status_code < 500
    assert response.json()["code"] == code
    assert not Conversation.objects.exists()


def test_messages_carry_the_original_and_the_readers_display(setting):
    conversation = setting["conversation"]
    client = _client(setting["requester"])
    created = client.post(
        f"{URL}{conversation.pk}/messages/",
        {"body": "Hola", "language": "es"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="m1",
    )
    assert created.status_code == 201
    message = created.json()
    assert (message["language"], message["body"]) == ("es", "Hola")
    assert message["display"] == {"language": "es", "text": "Hola", "machine_translated": False}
    retried = client.post(
        f"{URL}{conversation.pk}/messages/",
        {"body": "Hola", "language": "es"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="m1",
    )
    assert retried.status_code == 200 and retried.json()["id"] == message["id"]
    later = client.get(f"{URL}{conversation.pk}/messages/?after={message['id'] - 1}").json()
    assert [m["id"] for m in later] == [message["id"]]


# Every statement of a send, with the test's savepoint (its release): the seat with its conversation, the one read
# that decides the send under the conversation's row lock (seats, blocks, waiting notifications, the sender's recent
# messages and idempotency key: negotiations.services.messages._send_read), the insert, the conversation, the read
# mark. In production the API token's row comes first. Was 11 before the read was one statement (issue 10).
MESSAGE_POST_QUERIES = 7


def test_sending_a_message_costs_the_same_few_queries_however_long_the_thread(setting):
    conversation = setting["conversation"]
    client = _client(setting["requester"])
    url = f"{URL}{conversation.pk}/messages/"
    client.post(url, {"body": "First"}, format="json", HTTP_IDEMPOTENCY_KEY="k0")  # the owner's notification waits now
    counts = []
    for number in range(1, 4):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, {"body": f"Message {number}"}, format="json", HTTP_IDEMPOTENCY_KEY=f"k{number}")
        assert response.status_code == 201
        counts.append(len(queries))
    assert counts == [counts[0]] * 3
    assert counts[0] == MESSAGE_POST_QUERIES, [query["sql"][:80] for query in queries.captured_queries]


def test_hostile_message_bodies_are_4xx(setting):
    conversation = setting["conversation"]
    client = _client(setting["requester"])
    # NUL is refused by the API's parser (hardening: "control_characters"), the rest by the service.
    for body, code in (("a\x00b", "control_characters"), ("x" * 10_001, "body_too_long"), ("", "empty_body")):
        response = client.post(f"{URL}{conversation.pk}/messages/", {"body": body}, format="json")
        assert response.status_code == 400, body[:10]
        assert response.json()["code"] == code
    assert conversation.messages.count() == 1


@pytest.mark.parametrize("pk", [str(2**63), "3935988598587813568024134372521148416"])
def test_an_id_beyond_any_database_key_is_not_found(setting, pk):
    # Found by schemathesis: SQLite overflowed (500) on the seat lookup by conversation_id.
    client = _client(setting["requester"])
    assert client.get(f"{URL}{pk}/messages/").status_code == 404
    assert client.post(f"{URL}{pk}/messages/", {"body": "Hello"}, format="json").status_code == 404


def test_meeting_proposed_then_accepted_sends_everyone_an_ics(setting, django_capture_on_commit_callbacks):
    conversation = setting["conversation"]
    soon = timezone.now() + timedelta(days=2)
    slots = [(soon + timedelta(hours=h)).isoformat() for h in (0, 3)]
    proposed = _client(setting["requester"]).post(
        f"{URL}{conversation.pk}/meetings/",
        {"slots": slots, "duration_minutes": 45, "link": "https://meet.example.org/x"},
        format="json",
    )
    assert proposed.status_code == 201
    meeting = proposed.json()["id"]
    assert (
        _client(setting["requester"])
        .post(f"{URL}{conversation.pk}/meetings/{meeting}/decision/", {"accept": True, "slot": 1}, format="json")
        .json()["code"]
        == "own_meeting"
    )
    with django_capture_on_commit_callbacks(execute=True):
        accepted = _client(setting["owner"]).post(
            f"{URL}{conversation.pk}/meetings/{meeting}/decision/", {"accept": True, "slot": 1}, format="json"
        )
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    invitations = [m for m in mail.outbox if m.attachments]
    assert len(invitations) == 3  # owner, institution admin, requester
    name, content, mimetype = invitations[0].attachments[0]
    assert (name, mimetype) == ("meeting.ics", "text/calendar")
    assert "BEGIN:VEVENT" in content and "URL:https://meet.example.org/x" in content


@pytest.mark.parametrize(
    "slots", [[], ["not a date"], ["2020-01-01T10:00:00+00:00"], ["2099-01-01T10:00:00"], ["2099-01-01T10:00:00Z"] * 4]
)
def test_bad_meeting_slots_are_refused(setting, slots):
    conversation = setting["conversation"]
    response = _client(setting["requester"]).post(f"{URL}{conversation.pk}/meetings/", {"slots": slots}, format="json")
    assert response.status_code == 400


def test_outcome_agreed_creates_the_deal_and_the_detail_links_it(setting):
    conversation = setting["conversation"]
    response = _client(setting["owner"]).post(
        f"{URL}{conversation.pk}/outcome/", {"state": "agreed", "price": "90000", "currency": "USD"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["state"] == "agreed"
    assert response.json()["deal"] == Deal.objects.get().pk


def test_a_proposal_through_the_api(django_capture_on_commit_callbacks):
    researcher = ResearcherFactory()
    mine = AchievementFactory(published=True, owner=researcher)
    demand = DemandFactory(published=True)
    response = _client(researcher).post(
        URL,
        {
            "subject_type": "demand",
            "subject_id": demand.pk,
            "body": "Our process fits.",
            "offered_achievements": [mine.pk],
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["offered_achievements"] == [mine.pk]
    assert response.json()["purpose"] == "solution"


def test_the_schema_documents_the_conversation_endpoints(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in (
        "/api/v1/conversations/",
        "/api/v1/conversations/{id}/messages/",
        "/api/v1/conversations/{id}/outcome/",
    ):
        assert path in schema
