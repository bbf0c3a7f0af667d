"""Checking that a text is written in the language its author declared (flags for staff)."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import models

from marketplace.i18n import column
from translation.detection import language_mismatch
from translation.models import LanguageFlag
from translation.registry import detection_fields
from translation.services.common import base_manager


def source_language_check(*, obj: models.Model) -> LanguageFlag | None:
    """Compare the declared source language with what lingua detects in the object's running text; a confident
    mismatch is flagged for staff (the declared language stays: a person decides). Returns the open flag, if any."""
    fields = detection_fields(obj)
    if not fields:
        return None
    declared = obj.source_language
    text = "\n".join(getattr(obj, column(name, declared)) or "" for name in fields).strip()
    content_type = ContentType.objects.get_for_model(type(obj))
    flags = LanguageFlag.objects.filter(content_type=content_type, object_id=obj.pk)
    found = language_mismatch(text, declared)
    if found is None:
        # The text now agrees with its declared language: an open flag is moot. A resolved one stays as history.
        flags.filter(resolved=False).delete()
        return None
    detected, confidence = found
    flag = flags.first()
    if flag is not None and flag.resolved and (flag.declared_language, flag.detected_language) == (declared, detected):
        return None  # staff already looked at this very mismatch and kept the declared language
    flag, _created = LanguageFlag.objects.update_or_create(
        content_type=content_type,
        object_id=obj.pk,
        defaults={
            "declared_language": declared,
            "detected_language": detected,
            "confidence": confidence,
            "resolved": False,
        },
    )
    return flag


def source_languages_check(*, model: type[models.Model], object_ids: Sequence[int]) -> int:
    """``source_language_check`` for many objects of one model (a bulk import's); returns how many are flagged."""
    flagged = 0
    for obj in base_manager(model).filter(pk__in=list(object_ids)).order_by("pk").iterator(chunk_size=200):
        flagged += source_language_check(obj=obj) is not None
    return flagged
