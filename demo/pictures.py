"""Cover pictures for the demo achievements: abstract, generated here (no photograph is shipped or downloaded).

Each picture is a soft gradient in a colour of the listing's technology field with one of a few motifs (a chart, a
lattice, waves, rings), varied by the listing's position, so that cards and galleries look like a real catalogue.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import math

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

SIZE = (1200, 900)


def _hue(field: str) -> float:
    return int(hashlib.sha256(field.encode()).hexdigest()[:4], 16) / 0xFFFF


def _rgb(hue: float, lightness: float, saturation: float = 0.55) -> tuple[int, int, int]:
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return int(red * 255), int(green * 255), int(blue * 255)


def cover_picture(*, name: str, field: str, index: int) -> SimpleUploadedFile:
    """A JPEG picture for a demo listing of ``field`` (the ``index``-th listing picks the motif)."""
    width, height = SIZE
    hue = _hue(field)
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    top, bottom = _rgb(hue, 0.93, 0.35), _rgb(hue, 0.78, 0.45)
    for y in range(height):
        share = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * share) for a, b in zip(top, bottom, strict=True)))
    ink, accent = _rgb(hue, 0.32, 0.6), _rgb((hue + 0.08) % 1, 0.5, 0.7)
    motif = index % 4
    if motif == 0:  # a rising bar chart
        for step in range(10):
            x = 140 + step * 92
            bar = 80 + step * 52 + (step % 3) * 18
            draw.rounded_rectangle(
                (x, height - 120 - bar, x + 58, height - 120), radius=10, fill=ink if step % 4 else accent
            )
    elif motif == 1:  # a crystal lattice
        for row in range(6):
            for col in range(8):
                x, y = 180 + col * 120 + (row % 2) * 60, 170 + row * 110
                draw.ellipse((x - 16, y - 16, x + 16, y + 16), fill=accent if (row + col) % 5 == 0 else ink)
                if col < 7:
                    draw.line((x, y, x + 120, y), fill=ink, width=4)
    elif motif == 2:  # waves
        for wave in range(7):
            points = [(x, 250 + wave * 80 + 40 * math.sin(x / 90 + wave)) for x in range(0, width + 20, 20)]
            draw.line(points, fill=accent if wave == 3 else ink, width=8 if wave == 3 else 4)
    else:  # rings
        for ring in range(8):
            radius = 60 + ring * 55
            draw.ellipse(
                (width / 2 - radius, height / 2 - radius, width / 2 + radius, height / 2 + radius),
                outline=accent if ring % 3 == 0 else ink,
                width=6,
            )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
