"""Pictures among uploads: decoded with Pillow under a pixel limit, and a small WebP thumbnail for cards and galleries.

A picture is checked twice: by its bytes (marketplace/uploads.py) and here by decoding it, so a file that claims
millions of pixels in a few kilobytes (a decompression bomb) or that does not decode is refused before it is stored.
Thumbnails are made once, when the file is attached, never while a page is read.
"""

from __future__ import annotations

import io
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from marketplace.errors import UploadRejected

THUMBNAIL_SIZE = (800, 600)  # fits a card's 4:3 cover at 2x on a phone and a gallery tile on desktop
THUMBNAIL_QUALITY = 80


def is_picture(content_type: str) -> bool:
    return content_type.startswith("image/")


def _open(upload, name: str) -> Image.Image:
    # Pillow may close a file object it was handed; it gets a copy of the bytes (at most ATTACHMENT_MAX_BYTES).
    upload.seek(0)
    data = io.BytesIO(upload.read())
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(data)
            width, height = image.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise UploadRejected(
                    _("“%(name)s” is too large a picture (%(width)s × %(height)s pixels).")
                    % {"name": name, "width": width, "height": height},
                    code="image_too_large",
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRejected(_("“%(name)s” is too large a picture.") % {"name": name}, code="image_too_large") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UploadRejected(
            _("“%(name)s” is not a picture that can be opened.") % {"name": name}, code="image_unreadable"
        ) from exc
    return image


def check_picture(upload, *, name: str) -> None:
    """Refuse a picture that does not decode or has more than ``IMAGE_MAX_PIXELS`` pixels (``UploadRejected``)."""
    _open(upload, name).close()


def thumbnail_for(upload, *, name: str) -> ContentFile:
    """A WebP thumbnail (at most ``THUMBNAIL_SIZE``, turned upright by its EXIF orientation) of a checked picture."""
    with _open(upload, name) as image:
        picture = ImageOps.exif_transpose(image)
        picture = picture.convert("RGBA" if picture.mode in ("RGBA", "LA", "P") else "RGB")
        picture.thumbnail(THUMBNAIL_SIZE)
        out = io.BytesIO()
        picture.save(out, format="WEBP", quality=THUMBNAIL_QUALITY)
    return ContentFile(out.getvalue(), name="thumbnail.webp")
