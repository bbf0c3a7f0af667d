"""Whole public pages for readers who are not signed in, cached per address, language and version.

A public page shows every reader who is not signed in the same thing in a language, except the CSRF token of its
forms (the language switcher's). Rendering it (the navigation, the switcher's seventeen languages, the cards) cost more
than everything else a request does, so ``public_page`` keeps the rendered page in the cache with the token replaced
by a placeholder, and each answer gets this reader's own token (and the CSRF cookie, as a rendered page would).

Never stored or served from the store: pages for signed-in readers (what they see has personal parts: the account
menu, owner buttons), requests with messages waiting to be shown, and answers that are not a plain 200 or that set a
cookie of their own. The key holds the version the page depends on (``listings_version`` unless the view says
otherwise), so a listing published, changed or archived shows on the next request, the host and scheme (pages may
hold absolute links) and the day (demands expire by date). A listing's page counts its view on every answer from the
store too (``count_view_when_served``).

Answers from the store and stored answers carry an ``ETag`` and ``Cache-Control: private, no-cache``: a browser keeps
its copy (no shared cache: the page holds the reader's token) and asks again each time; while the page and the
reader's CSRF secret (the token in the copy is valid for it) are unchanged, the answer is a bodiless 304.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control

from marketplace.counters import listing_view_count
from marketplace.reads import LIST_CACHE_SECONDS, listings_version

# Django's {% csrf_token %}: the value is the reader's own (masked) token.
CSRF_INPUT = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(")')
# A NUL never occurs in a rendered page: request input with one is refused (ControlCharactersMiddleware) and
# PostgreSQL stores no NUL in text.
TOKEN_PLACEHOLDER = b"\x00csrf-token\x00"


def page_cache_key(request: HttpRequest, name: str, version: str) -> str:
    where = (request.scheme, request.get_host(), request.get_full_path(), timezone.localdate().isoformat())
    digest = hashlib.blake2b(repr(where).encode(), digest_size=12).hexdigest()
    return f"pages:{name}:{translation.get_language()}:{version}:{digest}"


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not len(get_messages(request))  # counting them does not mark them shown
    )


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and getattr(response, "is_rendered", True)
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def count_view_when_served(response: HttpResponse, *, kind: str, pk: int) -> HttpResponse:
    """Mark the page of a published listing whose view the view counted: each answer from the store counts one too
    (only readers who are not signed in get those: none of them edits the listing)."""
    response.counted_view = (kind, pk)
    return response


def _validated(request: HttpRequest, response: HttpResponse, digest: str) -> HttpResponse:
    """``response`` with its ETag and caching headers, or a 304 when the reader's copy is the same page."""
    get_token(request)  # the reader's secret, made now if they have none (the answer sets its cookie)
    secret = request.META.get("CSRF_COOKIE", "")
    etag = hashlib.blake2b(f"{digest}:{secret}".encode(), digest_size=12).hexdigest()
    response["ETag"] = f'W/"{etag}"'
    patch_cache_control(response, private=True, no_cache=True)
    return get_conditional_response(request, etag=response["ETag"], response=response)


def public_page(
    name: str, *, version: Callable[[], str] = listings_version, timeout: int = LIST_CACHE_SECONDS
) -> Callable:
    """Decorate a view whose page is the same for every reader who is not signed in (see the module docstring);
    ``version()``: what the page's content depends on, changed whenever that content changes."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            key = page_cache_key(request, name, version())
            stored = cache.get(key)
            if stored is not None:
                content, headers, digest, counted_view = stored
                if counted_view:
                    kind, pk = counted_view
                    listing_view_count(request, kind=kind, pk=pk, editor=False)
                token = get_token(request).encode()
                response = HttpResponse(content.replace(TOKEN_PLACEHOLDER, token))
                for header, value in headers:
                    response[header] = value
                return _validated(request, response, digest)
            response = view(request, *args, **kwargs)
            if request.method == "GET" and _storable(response):
                content = CSRF_INPUT.sub(rb"\1" + TOKEN_PLACEHOLDER + rb"\2", response.content)
                digest = hashlib.blake2b(content, digest_size=16).hexdigest()
                counted_view = getattr(response, "counted_view", None)
                cache.set(key, (content, list(response.items()), digest, counted_view), timeout)
                return _validated(request, response, digest)
            return response

        return wrapper

    return decorator
