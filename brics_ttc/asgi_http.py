"""The HTTP side of the ASGI application: Django's request handling in one trip to a worker thread.

The project's views and middleware are synchronous. Django's own ``ASGIHandler`` serves them from the event loop and
crosses to a thread and back several times per request: the ``request_started`` signal, every middleware that is not
async-capable (and each async-capable ``MiddlewareMixin`` hook), the view, the logging of a 4xx/5xx answer and the
closing of the response. Each crossing costs CPU and, under load, a wait for the loop and the GIL: on uvicorn a
plain API answer (a 404) took 10.5 ms of CPU through Django's handler and 5.6 ms through this one.

``OneHopASGIHandler`` keeps Django's ASGI request parsing (``read_body``, ``ASGIRequest``) and response sending
(``send_response``) and runs everything between them -- signals, the middleware chain in its synchronous form (as under
WSGI), the view, the logging and, for an ordinary response, its closing -- in one call in a worker thread.

What is given up: Django cancels an async view when the client disconnects before the answer; a synchronous view runs
to its end either way, so nothing changes for this project.

It reaches into ``ASGIHandler`` (``read_body``, ``create_request``, ``send_response``, the middleware chain) and was
checked against Django 5.2: tests/test_custom_infrastructure.py pins that version, so an upgrade fails there first and
this module is re-read against the new handler. ``ASGI_HTTP_HANDLER=django`` switches back to Django's own handler.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import SyncToAsync, sync_to_async
from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.db import close_old_connections
from django.http import FileResponse, HttpResponseBase
from django.urls import set_script_prefix


class OneHopASGIHandler(ASGIHandler):
    """Django's ASGI handler, with each HTTP request served by one synchronous call in a worker thread."""

    def __init__(self) -> None:
        super().__init__()
        # Requests of one process run side by side in HTTP_THREADS worker threads (each keeps its own database
        # connection), so one request waiting on a row lock or the database does not hold up the others. Python runs
        # one thread at a time: more threads than a request's waits need only contend for the interpreter.
        executor = ThreadPoolExecutor(max_workers=settings.HTTP_THREADS, thread_name_prefix="http")
        self.serve_in_thread = SyncToAsync(self.serve, thread_sensitive=False, executor=executor)

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)  # the synchronous chain, as WSGIHandler builds it

    async def __call__(self, scope, receive, send) -> None:
        # Django's handler enters a ThreadSensitiveContext per request, for thread-sensitive code run from async
        # views; nothing here runs thread-sensitive code, so it is skipped.
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        await self.handle(scope, receive, send)

    async def handle(self, scope, receive, send) -> None:
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        try:
            response = await self.serve_in_thread(scope, body_file)
            if response.streaming and not response.is_async:
                response.streaming_content = _read_in_thread(response.streaming_content)
            try:
                await self.send_response(response, send)
            finally:
                if response.streaming:
                    await sync_to_async(response.close, thread_sensitive=False)()
        finally:
            body_file.close()

    def serve(self, scope, body_file) -> HttpResponseBase:
        """Everything between reading the body and sending the answer, synchronously (as ``WSGIHandler.__call__``)."""
        set_script_prefix(get_script_prefix(scope))
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, response = self.create_request(scope, body_file)
        if request is not None:
            response = self.get_response(request)
            response._handler_class = self.__class__
            if isinstance(response, FileResponse):
                response.block_size = self.chunk_size
        if not response.streaming:
            # The content is in memory: close now (request_finished, the database connection back to its pool)
            # instead of crossing to a thread again after sending.
            response.close()
        else:
            # Sent (and closed) from other threads: give this thread's database connection back now, or it stays
            # checked out of the pool until this thread serves its next request. (The project's streamed bodies are
            # files; a body that read the database while being sent would need its own connection handling.)
            close_old_connections()
        return response


async def _read_in_thread(chunks: Iterable[bytes]) -> AsyncIterator[bytes]:
    """A synchronous response body (a file download) read one chunk at a time in a worker thread: Django's handler
    would read it all into memory first."""
    iterator = iter(chunks)
    read_next = sync_to_async(next, thread_sensitive=False)
    while (chunk := await read_next(iterator, None)) is not None:
        yield chunk
