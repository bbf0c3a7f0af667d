"""Upload checks by content, not by name: the bytes must be what the extension claims."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import puremagic
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from marketplace.errors import UploadRejected
from marketplace.images import check_picture, is_picture

ATTACHMENT_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
LOGO_TYPES = {ext: mime for ext, mime in ATTACHMENT_TYPES.items() if mime.startswith("image/")}
# puremagic names JPEG by several extensions; they all mean the same bytes.
_EQUIVALENT = {".jpg": {".jpg", ".jpeg", ".jfif", ".jpe"}, ".jpeg": {".jpg", ".jpeg", ".jfif", ".jpe"}}
# puremagic sees any ZIP archive as a possible Office file; the package's main part tells them apart.
_OOXML_MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".pptx": "ppt/presentation.xml"}


_INFLATE_CHUNK = 64 * 1024


def _archive_too_large(archive: zipfile.ZipFile, packed_size: int) -> bool:
    """Whether a ZIP archive (an Office file) would inflate past the limits: its declared sizes first, then the
    bytes it really inflates to, counted chunk by chunk and abandoned at the limit (headers can lie)."""
    members = archive.infolist()
    limit = settings.UPLOAD_ZIP_MAX_INFLATED_BYTES
    ratio = settings.UPLOAD_ZIP_MAX_RATIO
    declared = sum(member.file_size for member in members)
    if len(members) > settings.UPLOAD_ZIP_MAX_MEMBERS or declared > limit or declared > ratio * max(packed_size, 1):
        return True
    inflated = 0
    for member in members:
        with archive.open(member) as stream:
            while chunk := stream.read(_INFLATE_CHUNK):
                inflated += len(chunk)
                if inflated > limit or inflated > ratio * max(packed_size, 1):
                    return True
    return False


def _check_office_package(upload: UploadedFile, ext: str, name: str) -> bool:
    """Whether an Office upload is the package its name says; ``UploadRejected`` if it is a ZIP bomb."""
    if ext not in _OOXML_MAIN_PART:
        return True
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            if _OOXML_MAIN_PART[ext] not in archive.namelist():
                return False
            too_large = _archive_too_large(archive, upload.size or 0)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError):
        return False  # damaged, a CRC that does not match (a lying header), an unknown compression method
    finally:
        upload.seek(0)
    if too_large:
        raise UploadRejected(
            _("“%(name)s” unpacks to far more data than an Office file holds; it is refused.") % {"name": name},
            code="archive_too_large",
        )
    return True


@dataclass(frozen=True)
class CheckedUpload:
    file: UploadedFile
    name: str
    content_type: str
    size: int


def _detected_extensions(upload: UploadedFile) -> set[str]:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        return {match.extension.lower() for match in puremagic.magic_string(data)}
    except puremagic.PureError:
        return set()


def check_upload(
    upload: UploadedFile, *, allowed: dict[str, str] | None = None, max_bytes: int | None = None
) -> CheckedUpload:
    """Validate one uploaded file (type by content, size); raise ``UploadRejected`` with a clear message."""
    allowed = allowed or ATTACHMENT_TYPES
    max_bytes = max_bytes or settings.ATTACHMENT_MAX_BYTES
    name = PurePath(upload.name or "file").name[:200]
    ext = PurePath(name).suffix.lower()
    if ext not in allowed:
        raise UploadRejected(
            _("“%(name)s”: this type of file is not accepted. Accepted: %(types)s.")
            % {"name": name, "types": ", ".join(sorted({e.lstrip(".").upper() for e in allowed}))},
            code="unsupported_file_type",
        )
    if upload.size is not None and upload.size > max_bytes:
        raise UploadRejected(
            _("“%(name)s” is %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="file_too_large",
        )
    if upload.size == 0:
        raise UploadRejected(_("“%(name)s” is empty.") % {"name": name}, code="empty_file")
    if not (_detected_extensions(upload) & _EQUIVALENT.get(ext, {ext})) or not _check_office_package(upload, ext, name):
        raise UploadRejected(
            _("“%(name)s” does not contain what its name says (%(ext)s). Upload the real file.")
            % {"name": name, "ext": ext.lstrip(".").upper()},
            code="file_content_mismatch",
        )
    if is_picture(allowed[ext]):
        check_picture(upload, name=name)
    return CheckedUpload(file=upload, name=name, content_type=allowed[ext], size=upload.size)


def check_uploads(uploads: list[UploadedFile], *, already_attached: int = 0) -> list[CheckedUpload]:
    """Validate a batch of attachments, including the per-listing file count limit."""
    limit = settings.ATTACHMENT_MAX_FILES
    if already_attached + len(uploads) > limit:
        raise UploadRejected(
            _("A listing can have at most %(limit)s attachments; remove some first.") % {"limit": limit},
            code="too_many_files",
        )
    return [check_upload(upload) for upload in uploads]
