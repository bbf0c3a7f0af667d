"""HTTP through the project's real ASGI application (brics_ttc.asgi), served by OneHopASGIHandler: bodies in,
headers and cookies out, file responses streamed, and Django's request signals sent once per request.

Transactional: the handler runs the request in a worker thread with its own database connection.
"""

from __future__ import annotations

import asyncio
import io
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.core import signals
from django.core.files.base import ContentFile
from django.db import connections
from django.urls import reverse
from PIL import Image

from brics_ttc.asgi import application
from brics_ttc.asgi_http import OneHopASGIHandler
from tests.factories import AuctionFactory, InstitutionFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _request(method: str, path: str, body: bytes = b"", headers: list | None = None) -> dict:
    """One request through the application (every body message read), run in a thread of its own (a browser test
    may have left an event loop in the main thread)."""
    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "scheme": "http",
        "headers": [(b"host", b"testserver"), *(headers or [])],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }

    async def exchange() -> dict:
        communicator = ApplicationCommunicator(application, scope)
        await communicator.send_input({"type": "http.request", "body": body})
        start = await communicator.receive_output(10)
        chunks = []
        while True:
            message = await communicator.receive_output(10)
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        await communicator.wait(10)
        return {"status": start["status"], "headers": start["headers"], "body": b"".join(chunks)}

    def in_thread() -> dict:
        try:
            return async_to_sync(exchange)()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(in_thread).result()


def _header(response: dict, name: bytes) -> list[bytes]:
    return [value for key, value in response["headers"] if key.lower() == name]


def test_http_is_served_by_the_one_hop_handler():
    assert isinstance(application.application_mapping["http"], OneHopASGIHandler)


def test_a_json_api_read_comes_back_with_its_headers():
    auction = AuctionFactory()
    response = _request("GET", f"/api/v1/auctions/{auction.pk}/")
    assert response["status"] == 200
    assert _header(response, b"content-type") == [b"application/json"]
    assert json.loads(response["body"])["id"] == auction.pk


def test_a_posted_body_reaches_the_view_and_a_refusal_keeps_its_status():
    body = json.dumps({"email": "nobody@example.org", "password": "wrong"}).encode()
    response = _request("POST", "/api/v1/auth/token/", body, [(b"content-type", b"application/json")])
    assert response["status"] == 400
    answer = json.loads(response["body"])
    assert answer["code"] == "invalid" and answer["errors"]


def test_cookies_set_by_a_page_are_sent():
    response = _request("GET", "/en/accounts/login/")
    assert response["status"] == 200
    assert any(cookie.startswith(b"csrftoken=") for cookie in _header(response, b"set-cookie"))
    assert b"<form" in response["body"]


def _institution_with_logo():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (11, 58, 111)).save(buffer, format="PNG")
    institution = InstitutionFactory()
    institution.logo.save("logo.png", ContentFile(buffer.getvalue()))
    return institution, buffer.getvalue()


@pytest.mark.filterwarnings("error")  # Django warns when it reads a synchronous body into memory to send it
def test_a_file_response_is_streamed_whole():
    institution, png = _institution_with_logo()
    response = _request("GET", reverse("marketplace:institution_logo", args=[institution.slug]))
    assert response["status"] == 200
    assert _header(response, b"content-type") == [b"image/png"]
    assert response["body"] == png


def test_each_request_sends_request_started_and_request_finished_once():
    institution, _png = _institution_with_logo()
    seen: list[str] = []

    def started(**kwargs):
        seen.append("started")

    def finished(**kwargs):
        seen.append("finished")

    signals.request_started.connect(started)
    signals.request_finished.connect(finished)
    try:
        _request("GET", "/api/v1/auctions/")
        _request("GET", reverse("marketplace:institution_logo", args=[institution.slug]))  # closed once sent
    finally:
        signals.request_started.disconnect(started)
        signals.request_finished.disconnect(finished)
    assert seen == ["started", "finished", "started", "finished"]


def test_non_http_scopes_are_refused():
    handler = application.application_mapping["http"]

    def in_thread() -> None:  # a thread of its own: a browser test may have left an event loop in this one
        with pytest.raises(ValueError, match="HTTP"):
            asyncio.run(handler({"type": "lifespan"}, None, None))

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(in_thread).result()


def test_a_file_response_gives_its_database_connection_back_to_the_pool():
    """The body is sent and the response closed from other threads: the thread that served it must not keep its
    pooled PostgreSQL connection checked out (the test database could not even be dropped at the end)."""
    from django.db import connection

    if connection.vendor != "postgresql" or connection.pool is None:
        pytest.skip("needs PostgreSQL with the connection pool (make test-services)")

    def checked_out() -> int:
        stats = connection.pool.get_stats()
        return stats["pool_size"] - stats["pool_available"]

    institution, _png = _institution_with_logo()
    connection.close()  # this thread's own connection back to the pool
    before = checked_out()  # other threads of this test process may hold some
    _request("GET", reverse("marketplace:institution_logo", args=[institution.slug]))
    assert checked_out() <= before
