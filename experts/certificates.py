"""Completion certificate codes and their PDF.

A code is ``<serial>-<signature>``: a random serial and the first 16 hex digits of an HMAC-SHA256 of it under a key
derived from the secret key. A code that was not issued here fails the signature check before any database lookup,
so guessing one means guessing 64 bits; an issued code is also looked up, so a revoked one says so.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.utils import timezone
from text_unidecode import unidecode

from experts.models import Certificate
from marketplace.pdf import one_page_pdf

SERIAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper
SERIAL_LENGTH = 10
SIGNATURE_HEX = 16
CODE_PATTERN = re.compile(rf"^[{SERIAL_ALPHABET}]{{{SERIAL_LENGTH}}}-[0-9a-f]{{{SIGNATURE_HEX}}}$")


def _signature(serial: str) -> str:
    key = hashlib.sha256(f"experts.certificate|{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, serial.encode(), hashlib.sha256).hexdigest()[:SIGNATURE_HEX]


def certificate_code_new() -> str:
    """A fresh signed code."""
    serial = "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(SERIAL_LENGTH))
    return f"{serial}-{_signature(serial)}"


def certificate_code_is_signed(code: str) -> bool:
    """True when ``code`` is well-formed and carries our signature (it may still be unknown or revoked)."""
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        return False
    serial, _sep, signature = code.partition("-")
    return hmac.compare_digest(signature, _signature(serial))


def _latin(text: str) -> str:
    # The PDF uses a standard Latin font; names in other scripts are transliterated, and the verification page (linked
    # from the PDF) shows them as written.
    return unidecode(text).strip()


def certificate_pdf(*, certificate: Certificate, verify_url: str) -> bytes:
    """The certificate as a one-page PDF naming the holder, the course, the organiser and the verification link."""
    enrolment = certificate.enrolment
    course = enrolment.course
    issued = timezone.localtime(certificate.issued_at).date().isoformat()
    lines = [
        "This certifies that",
        "",
        f"    {_latin(certificate.holder_name)}",
        "",
        "completed the course",
        "",
        f"    {_latin(certificate.course_title)}",
        "",
        f"organised by {_latin(course.organiser.text('name', 'en'))}",
        f"on the BRICS Technology Transfer Center platform ({course.hours} hours of study).",
        "",
        f"Issued on {issued}.",
        f"Certificate code: {certificate.code}",
        "",
        "Check that this certificate is genuine and not revoked at:",
        verify_url,
    ]
    return one_page_pdf("BRICS TTC - Certificate of completion", lines)
