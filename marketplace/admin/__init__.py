"""The center staff's workplace: moderation queues, the member network, the taxonomy and the audit trail.

The pieces shared by every listing type (the pending-queue filter, the moderation panel and actions, the audit-trail
inline, the language layout of translated fields, the staff's search) live in this package; ``achievements/admin.py``
and ``demands/admin.py`` register the concrete admins.

- ``texts``: translated fields laid out with the author's language first; edits announced to the translation pipeline;
- ``text_search``: the staff's search over English and each row's source-language column;
- ``listings``: the moderation queue every listing type shares (filters, panel, bulk actions, inlines);
- ``institutions``: the member network (institutions, memberships, invitations);
- ``taxonomy``: technology fields and transfer modes;
- ``records``: the moderation audit trail, read-only.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# Importing the modules registers their ModelAdmins.
from marketplace.admin import institutions, records, taxonomy
from marketplace.admin.listings import (
    MODERATION_FIELDS,
    AttachmentInline,
    ListingAdmin,
    ModerationEventInline,
    ModerationStatusFilter,
)
from marketplace.admin.text_search import SourceLanguageSearchMixin
from marketplace.admin.texts import SOURCE_TEXTS, SourceLanguageForm, TextEditsAdminMixin, TranslatedFieldsetsMixin

admin.site.site_header = settings.ADMIN_SITE_HEADER
admin.site.site_title = settings.ADMIN_SITE_HEADER
admin.site.index_title = _("Moderation, member network and taxonomy")

__all__ = [
    "MODERATION_FIELDS",
    "SOURCE_TEXTS",
    "AttachmentInline",
    "ListingAdmin",
    "ModerationEventInline",
    "ModerationStatusFilter",
    "SourceLanguageForm",
    "SourceLanguageSearchMixin",
    "TextEditsAdminMixin",
    "TranslatedFieldsetsMixin",
    "institutions",
    "records",
    "taxonomy",
]
