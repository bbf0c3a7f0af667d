"""A person's version of a text in one language: stored as written and verified."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.errors import MarketplaceError, NotFound
from marketplace.i18n import column
from marketplace.models import Institution
from marketplace.permissions import can_edit_listing, is_institution_admin
from translation.models import TranslationRecord
from translation.registry import translatable_fields
from translation.services.common import S, announce_listing_change, base_manager, language_codes
from translation.text import source_hash


def _can_edit_translations(user, obj: models.Model) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_staff:
        return True
    if isinstance(obj, Institution):
        return is_institution_admin(user, obj.pk)
    return can_edit_listing(user, obj)


def translation_save_human(*, obj: models.Model, field: str, language: str, text: str, user) -> TranslationRecord:
    """A person's version of one field in one language: stored as written and marked verified for the current
    source text, so no machine translation replaces it until the source changes."""
    if not _can_edit_translations(user, obj):
        raise NotFound()
    if field not in translatable_fields(obj):
        raise MarketplaceError(_("This text is not translated."), code="invalid_field")
    if language not in language_codes():
        raise MarketplaceError(_("Unknown language."), code="invalid_language")
    if language == obj.source_language:
        raise MarketplaceError(
            _("This is the language the text was written in: edit the original instead."), code="source_language"
        )
    text = (text or "").strip()
    model = type(obj)
    attr = column(field, language)
    limit = model._meta.get_field(attr).max_length
    if not text:
        raise ValidationError({"text": [_("Write the translation, or leave this language to the machine.")]})
    if limit and len(text) > limit:
        raise ValidationError(
            {
                "text": [
                    _("At most %(limit)d characters (this one has %(count)d).") % {"limit": limit, "count": len(text)}
                ]
            }
        )
    content_type = ContentType.objects.get_for_model(model)
    with transaction.atomic():
        # Lock the object row: the verified hash must be the hash of the source text committed alongside this edit.
        source_attr = column(field, obj.source_language)
        row = base_manager(model).select_for_update().filter(pk=obj.pk).values("source_language", source_attr).first()
        if row is None:
            raise NotFound()
        if row["source_language"] != obj.source_language:
            raise MarketplaceError(
                _("The original language of this text just changed; reload the page."), code="stale_source"
            )
        base_manager(model).filter(pk=obj.pk).update(**{attr: text})
        announce_listing_change(model, obj.pk)
        record, _created = TranslationRecord.objects.update_or_create(
            content_type=content_type,
            object_id=obj.pk,
            field=field,
            language=language,
            defaults={
                "source_language": obj.source_language,
                "source_hash": source_hash(row[source_attr] or ""),
                "status": S.VERIFIED,
                "provider": "",
                "error": "",
                "verified_by": user,
                "translated_at": timezone.now(),
            },
        )
    setattr(obj, attr, text)
    return record
