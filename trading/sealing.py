"""Sealed amounts at rest: encrypted with a key only the application holds, so no screen, API, export or staff
member can read a sealed bid before the close; the close decrypts them to decide and to reveal.

The key is ``SEALED_BID_KEY`` (any secret string; derived into a 256-bit AES-GCM key), which defaults to one derived
from ``SECRET_KEY``. Rotating it while sealed auctions are open makes their bids unreadable: rotate between auctions.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from decimal import Decimal

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _key() -> bytes:
    secret = (settings.SEALED_BID_KEY or settings.SECRET_KEY).encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"brics-ttc sealed bids").derive(secret)


def new_nonce() -> str:
    """The secret that makes a commitment unguessable (amounts are few: without it they could be brute-forced)."""
    return secrets.token_hex(16)


def seal(*, auction_id: int, amount: Decimal, nonce: str) -> str:
    iv = os.urandom(12)
    plain = json.dumps({"amount": f"{amount:.2f}", "nonce": nonce}).encode()
    box = AESGCM(_key()).encrypt(iv, plain, str(auction_id).encode())
    return base64.b64encode(iv + box).decode()


def unseal(*, auction_id: int, box: str) -> tuple[Decimal, str]:
    raw = base64.b64decode(box)
    plain = AESGCM(_key()).decrypt(raw[:12], raw[12:], str(auction_id).encode())
    data = json.loads(plain)
    return Decimal(data["amount"]), data["nonce"]
