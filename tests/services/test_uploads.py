"""Upload checks look at the bytes, not the name; a rejected upload leaves nothing behind."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from achievements.models import Achievement, AchievementAttachment
from achievements.services import achievement_create
from marketplace.errors import UploadRejected
from marketplace.uploads import check_upload, check_uploads
from tests.factories import tech_field, transfer_mode

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, fmt)
    return buffer.getvalue()


def ooxml_bytes(main_part: str) -> bytes:
    """A minimal Office Open XML package: content types, relationships and the main part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="urn:x"/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="urn:x"/>')
        archive.writestr(main_part, '<?xml version="1.0"?><document/>')
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("REPORT.PDF", PDF, "application/pdf"),
        ("diagram.png", image_bytes("PNG"), "image/png"),
        ("photo.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("photo.jpeg", image_bytes("JPEG"), "image/jpeg"),
        (
            "proposal.docx",
            ooxml_bytes("word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "figures.xlsx",
            ooxml_bytes("xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_real_files_are_accepted_with_their_type(name, content, content_type):
    checked = check_upload(upload(name, content))

    assert checked.content_type == content_type
    assert checked.size == len(content)
    assert checked.name == name


def test_directories_in_the_uploaded_name_are_dropped():
    checked = check_upload(upload("../../etc/report.pdf", PDF))

    assert checked.name == "report.pdf"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.pdf", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
        ("diagram.png", image_bytes("JPEG")),
        ("photo.jpg", PDF),
        ("proposal.docx", PDF),
    ],
)
def test_content_that_does_not_match_the_extension_is_rejected(name, content):
    with pytest.raises(UploadRejected) as exc:
        check_upload(upload(name, content))

    assert exc.value.code == "file_content_mismatch"


@pytest.mark.parametrize(
    ("name", "main_part"),
    [("proposal.docx", "payload/evil.exe"), ("figures.xlsx", "word/document.xml"), ("slides.pptx", "xl/workbook.xml")],
)
def test_a_renamed_zip_archive_is_not_an_office_document(name, main_part):
    with pytest.raises(UploadRejected) as exc:
        check_upload(upload(name, ooxml_bytes(main_part)))

    assert exc.value.code == "file_content_mismatch"


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "script.svg", "archive.zip", "noextension"])
def test_unknown_extensions_are_rejected(name):
    with pytest.raises(UploadRejected) as exc:
        check_upload(upload(name, PDF))

    assert exc.value.code == "unsupported_file_type"


def test_an_empty_file_is_rejected():
    with pytest.raises(UploadRejected) as exc:
        check_upload(upload("empty.pdf", b""))

    assert exc.value.code == "empty_file"


def test_a_file_over_the_limit_is_rejected(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024

    with pytest.raises(UploadRejected) as exc:
        check_upload(upload("big.pdf", PDF + b"0" * 2048))

    assert exc.value.code == "file_too_large"
    assert "1.0" in str(exc.value.message)


def test_the_number_of_files_is_limited(settings):
    settings.ATTACHMENT_MAX_FILES = 2

    assert len(check_uploads([upload("a.pdf", PDF), upload("b.pdf", PDF)])) == 2
    with pytest.raises(UploadRejected) as exc:
        check_uploads([upload("a.pdf", PDF), upload("b.pdf", PDF), upload("c.pdf", PDF)])
    assert exc.value.code == "too_many_files"
    with pytest.raises(UploadRejected):
        check_uploads([upload("c.pdf", PDF)], already_attached=2)


# --- through the service ----------------------------------------------------------------------------------------


def _stored_files(media_root) -> set[Path]:
    root = Path(media_root)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _create(owner, uploads):
    return achievement_create(
        owner=owner,
        data={"field": tech_field(), "trl": 5, "price_negotiable": True, "source_language": "en"},
        texts={"title": "Membrane for brackish water", "summary": "Low-pressure desalination membrane."},
        transfer_modes=[transfer_mode()],
        uploads=uploads,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "uploads",
    [
        [upload("fake.pdf", b"<html><script>alert(1)</script></html>")],
        [upload("good.pdf", PDF), upload("fake.pdf", b"<html></html>")],
        [upload("tool.exe", b"MZ\x90\x00")],
    ],
)
def test_a_bad_upload_saves_nothing(researcher, settings, uploads):
    before = _stored_files(settings.MEDIA_ROOT)

    with pytest.raises(UploadRejected):
        _create(researcher, uploads)

    assert not Achievement.objects.exists()
    assert not AchievementAttachment.objects.exists()
    assert _stored_files(settings.MEDIA_ROOT) == before


@pytest.mark.django_db
def test_too_many_files_save_nothing(researcher, settings):
    settings.ATTACHMENT_MAX_FILES = 1

    with pytest.raises(UploadRejected):
        _create(researcher, [upload("a.pdf", PDF), upload("b.pdf", PDF)])

    assert not Achievement.objects.exists()


@pytest.mark.django_db
def test_a_good_upload_is_stored_under_a_name_that_is_not_the_users(researcher):
    achievement = _create(researcher, [(upload("../secret plan.pdf", PDF), {"is_confidential": True})])

    attachment = achievement.attachments.get()
    assert attachment.original_name == "secret plan.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert attachment.is_confidential
    assert attachment.uploaded_by == researcher
    assert attachment.file.name.startswith("attachments/achievements/")
    assert "secret" not in attachment.file.name
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF


@pytest.mark.django_db
def test_invalid_fields_with_a_good_upload_store_no_file(researcher, settings):
    before = _stored_files(settings.MEDIA_ROOT)

    with pytest.raises(ValidationError):
        achievement_create(
            owner=researcher,
            data={"field": tech_field(), "trl": 12, "price_negotiable": True},
            texts={"title": "Too ready", "summary": "TRL 12 does not exist."},
            transfer_modes=[],
            uploads=[upload("good.pdf", PDF)],
        )

    assert _stored_files(settings.MEDIA_ROOT) == before
    assert not Achievement.objects.exists()


def bomb_bytes(main_part: str, *, inflated: int) -> bytes:
    """An Office-looking package whose main part is ``inflated`` bytes of one repeated byte (deflates ~1000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="urn:x"/>')
        archive.writestr(main_part, b" " * inflated)
    return buffer.getvalue()


def lying_sizes(content: bytes, *, declared: int) -> bytes:
    """The same archive with every member's uncompressed size rewritten (local headers and central directory)."""
    data = bytearray(content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        members = archive.infolist()
    for member in members:
        data[member.header_offset + 22 : member.header_offset + 26] = declared.to_bytes(4, "little")
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) != -1:
        data[position + 24 : position + 28] = declared.to_bytes(4, "little")
        position += 4
    return bytes(data)


def test_an_office_file_that_inflates_past_the_ratio_is_refused():
    content = bomb_bytes("word/document.xml", inflated=5 * 1024 * 1024)

    with pytest.raises(UploadRejected) as exc:
        check_upload(upload("proposal.docx", content))

    assert exc.value.code == "archive_too_large"


def test_an_office_file_that_inflates_past_the_total_is_refused(settings):
    settings.UPLOAD_ZIP_MAX_RATIO = 10_000
    settings.UPLOAD_ZIP_MAX_INFLATED_BYTES = 1024 * 1024

    with pytest.raises(UploadRejected) as exc:
        check_upload(upload("figures.xlsx", bomb_bytes("xl/workbook.xml", inflated=2 * 1024 * 1024)))

    assert exc.value.code == "archive_too_large"


def test_an_office_file_with_too_many_members_is_refused(settings):
    settings.UPLOAD_ZIP_MAX_MEMBERS = 3
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
        for n in range(5):
            archive.writestr(f"word/media/{n}.xml", "<x/>")

    with pytest.raises(UploadRejected) as exc:
        check_upload(upload("proposal.docx", buffer.getvalue()))

    assert exc.value.code == "archive_too_large"


def test_an_office_file_whose_headers_understate_its_size_is_refused():
    content = lying_sizes(bomb_bytes("word/document.xml", inflated=5 * 1024 * 1024), declared=100)

    with pytest.raises(UploadRejected) as exc:
        check_upload(upload("proposal.docx", content))

    assert exc.value.code in {"archive_too_large", "file_content_mismatch"}


def test_an_ordinary_office_file_passes_the_archive_checks():
    assert check_upload(upload("proposal.docx", ooxml_bytes("word/document.xml"))).name == "proposal.docx"
