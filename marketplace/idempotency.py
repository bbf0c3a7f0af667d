"""``Idempotency-Key`` for the API's POST creates: a repeated request gets the first answer, not a second object.

A client that sends a create and loses the connection cannot know whether it committed. With a key (1-64 letters,
digits or ``. _ : -``, unique per user), it sends the same request again: if the first one committed, the stored answer
comes back (same status and body, header ``Idempotent-Replayed: true``); if not, the create runs now. The same key
with another body, or sent to another endpoint, is a 409 ``idempotency_key_reused``.

Use it around the view's create (the view's ``create_response`` validates, calls one service, builds the Response)::

    return idempotent_create(request, scope="achievements.create", respond=lambda: self.create_response(request))

and add ``IDEMPOTENCY_KEY_PARAMETER`` to the endpoint's ``extend_schema(parameters=...)``. Records are kept for
``IDEMPOTENCY_KEY_TTL`` (beat purges older ones).

Bids do not go through this helper; they share ``IDEMPOTENCY_KEY`` and the parameter, and keep their key on the bid
(trading/services/bids.py), because their contract differs where it matters: the key lives as long as the bid (a
retry a day later must still not bid twice, where these records expire); the auction page's form and the API share
one key space per bidder and auction (the form's hidden key), where this helper serves the API only, per user; a
replay answers 200 with ``replayed: true`` and the auction as it stands now (documented in the bid API), not the
stored 201; "the same request" is judged on the amounts (``1000`` and ``1000.00`` are one bid; a sealed amount is
compared by opening the bidder's own sealed entry), not on the body's bytes; and the key is checked in the one query
and under the auction's row lock that decide the bid, on the path ``make bench-bids`` measures.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request
from rest_framework.response import Response

from marketplace.errors import MarketplaceError
from marketplace.models import IdempotencyRecord

IDEMPOTENCY_KEY_PATTERN = r"^[A-Za-z0-9._:-]{1,64}$"
IDEMPOTENCY_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)
REPLAYED_HEADER = "Idempotent-Replayed"
IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "pattern": IDEMPOTENCY_KEY_PATTERN},
    OpenApiParameter.HEADER,
    description=_(
        "Repeat the request safely: the same key returns the original answer (header Idempotent-Replayed: true) "
        "instead of creating again."
    ),
)


def idempotency_key_check(key: str) -> str:
    """``key`` if it has the documented shape, else a 400 ``invalid_idempotency_key``."""
    if not IDEMPOTENCY_KEY.match(key):
        raise MarketplaceError(
            _("The idempotency key must be 1–64 letters, digits or . _ : -"), code="invalid_idempotency_key"
        )
    return key


def _fingerprint(request: Request) -> str:
    data = request.data
    if hasattr(data, "lists"):  # a form or multipart body: every value of every field, files by name and size
        files = request.FILES
        plain = {key: [str(value) for value in values] for key, values in data.lists() if key not in files}
        plain["__files__"] = [[key, upload.name, upload.size] for key, upload in files.items()]
        data = plain
    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _replay(record: IdempotencyRecord, *, scope: str, fingerprint: str) -> Response:
    if record.scope != scope or record.fingerprint != fingerprint:
        raise MarketplaceError(
            _("This idempotency key was already used for a different request."),
            code="idempotency_key_reused",
            status=409,
        )
    headers = {REPLAYED_HEADER: "true"}
    if record.location:
        headers["Location"] = record.location
    return Response(record.body, status=record.status_code, headers=headers)


def idempotent_create(request: Request, *, scope: str, respond: Callable[[], Response]) -> Response:
    """``respond()`` once per (user, ``Idempotency-Key``); without the header, simply ``respond()``."""
    key = request.headers.get("Idempotency-Key")
    if key is None or not request.user.is_authenticated:
        return respond()
    idempotency_key_check(key)
    fingerprint = _fingerprint(request)
    try:
        with transaction.atomic():
            # The row lock makes a retry that arrives while the first request is still running wait for its answer.
            record = IdempotencyRecord.objects.select_for_update().filter(user=request.user, key=key).first()
            if record is not None:
                return _replay(record, scope=scope, fingerprint=fingerprint)
            response = respond()
            IdempotencyRecord.objects.create(
                user=request.user,
                key=key,
                scope=scope,
                fingerprint=fingerprint,
                status_code=response.status_code,
                body=response.data,
                location=response.get("Location", ""),
            )
            return response
    except IntegrityError:
        # Two first requests with one key raced: the other committed its create and its answer, this one rolled back.
        record = IdempotencyRecord.objects.filter(user=request.user, key=key).first()
        if record is None:
            raise
        return _replay(record, scope=scope, fingerprint=fingerprint)


def idempotency_records_purge() -> int:
    """Delete answers older than ``IDEMPOTENCY_KEY_TTL`` seconds; returns how many."""
    cutoff = timezone.now() - timedelta(seconds=settings.IDEMPOTENCY_KEY_TTL)
    deleted, _by_model = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
