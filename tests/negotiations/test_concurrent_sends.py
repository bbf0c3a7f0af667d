"""Both sides of a conversation writing at the same moment, each request on its own database connection, as a
server's threads serve them: every send and read marker succeeds, nothing lost or doubled.

On SQLite this needs the test database to lock as the product's does (brics_ttc/settings/test.py): Django's default
shared-cache in-memory test database answered the second writer with "database table is locked" at once (a 500).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from negotiations.models import Message
from tests.factories import ConversationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROUNDS = 5


def test_both_sides_sending_and_marking_read_at_once_all_succeed():
    conversation = ConversationFactory(body="Opening message")
    url = f"/api/v1/conversations/{conversation.pk}/"
    people = [conversation.achievement.owner, conversation.requester]
    # Each person sends and, from another tab, marks the thread read: four requests released together each round.
    work = [(user, action) for user in people for action in ("messages/", "read/")]
    barrier = threading.Barrier(len(work))
    answers: list[tuple[str, int]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(user, action: str) -> None:
        client = APIClient()
        client.force_authenticate(user)
        try:
            for round_ in range(ROUNDS):
                barrier.wait(timeout=60)
                body = {"body": f"{user.pk} says {round_}"} if action == "messages/" else {}
                response = client.post(url + action, body, format="json")
                with lock:
                    answers.append((action, response.status_code))
        except BaseException as error:  # reported below, with the others
            with lock:
                errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not [e for e in errors if not isinstance(e, threading.BrokenBarrierError)], errors
    assert sorted(set(answers)) == [("messages/", 201), ("read/", 200)]
    bodies = list(Message.objects.filter(conversation=conversation).values_list("body", flat=True))
    expected = {f"{user.pk} says {round_}" for user in people for round_ in range(ROUNDS)}
    assert len(bodies) == 1 + len(expected) and set(bodies) == {"Opening message", *expected}
