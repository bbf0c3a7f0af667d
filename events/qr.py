"""The personal check-in QR code, drawn server-side as inline SVG with segno (pure Python, no CDN, no JavaScript)."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def ticket_svg(payload: str) -> SafeString:
    """An SVG QR code of ``payload`` (the check-in code: staff scan it or type it)."""
    # omitsize: a viewBox without width/height, so the code scales to its box (crisp at any size, print included).
    svg = segno.make(payload, error="m").svg_inline(
        border=2, dark="#0b2545", svgclass="ticket-qr", lineclass=None, omitsize=True
    )
    return mark_safe(svg)
