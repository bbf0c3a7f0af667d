"""Files chosen in a listing form survive a validation error: kept for their uploader until the form is saved.

A browser sends a chosen file once; after an error on another field the page used to ask for the files again. Now the
view holds the files that passed their own checks (``uploads_hold``), the re-rendered form offers them ticked, and the
next submit hands them to the listing service together with any new ones (``held_files``), then lets them go
(``uploads_release``). A held file is private: only its uploader may name it, no view serves it, and beat purges those
never used (``held_uploads_purge``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from marketplace.models import HeldUpload
from marketplace.uploads import check_upload


def held_uploads_of(*, user) -> QuerySet[HeldUpload]:
    """The files ``user`` chose and has not used yet (the only ones a form may offer them)."""
    if not user.is_authenticated:
        return HeldUpload.objects.none()
    return HeldUpload.objects.filter(uploaded_by=user).order_by("pk")


@transaction.atomic
def uploads_hold(*, user, uploads: Mapping[str, Iterable[UploadedFile]]) -> list[HeldUpload]:
    """Keep the files of each form field (already checked by content) for ``user``; returns the new rows."""
    held = []
    for form_field, files in uploads.items():
        for upload in files:
            checked = check_upload(upload)
            held.append(
                HeldUpload.objects.create(
                    file=checked.file,
                    original_name=checked.name,
                    content_type=checked.content_type,
                    size=checked.size,
                    uploaded_by=user,
                    form_field=form_field,
                )
            )
    return held


def held_files(held: Iterable[HeldUpload]) -> dict[str, list[File]]:
    """The held files, by form field, as files a listing service takes like fresh uploads (under their own names)."""
    files: dict[str, list[File]] = {}
    for item in held:
        files.setdefault(item.form_field, []).append(File(item.file.open("rb"), name=item.original_name))
    return files


def uploads_release(*, user, held: Iterable[HeldUpload]) -> None:
    """Forget held files once a saved listing has its own copies (their stored files go when the commit is done)."""
    rows = list(held_uploads_of(user=user).filter(pk__in=[item.pk for item in held]))
    _delete(rows)


def held_uploads_purge(*, older_than: timedelta | None = None) -> int:
    """Beat: delete held files nobody came back for (and those whose uploader's account is gone)."""
    hours = settings.HELD_UPLOAD_HOURS
    cutoff = timezone.now() - (older_than if older_than is not None else timedelta(hours=hours))
    rows = list(HeldUpload.objects.filter(Q(created_at__lt=cutoff) | Q(uploaded_by=None)))
    _delete(rows)
    return len(rows)


def _delete(rows: list[HeldUpload]) -> None:
    if not rows:
        return
    names = [row.file.name for row in rows]
    storage = rows[0].file.storage
    with transaction.atomic():
        HeldUpload.objects.filter(pk__in=[row.pk for row in rows]).delete()
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
