"""Projects as a search document type (``?type=project``), registered from ProjectsConfig.ready().

A project is a listing: its moderation transitions and edits already send ``marketplace.signals.listing_changed``,
which search subscribes to, so publishing indexes it and archiving or rejecting removes it. Only the public texts and
facts of a published project enter the index: never its drafts, unconfirmed members, investors or their messages.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import ModerationState
from projects.models import Project
from search.doctypes import DocumentType, doctype_register


def register() -> None:
    doctype_register(
        DocumentType(
            name="project",
            model=Project,
            label=_("Project"),
            plural_label=_("Projects"),
            icon="diagram-3",
            detail_url_name="projects:detail",
            text_fields={"title": "title", "summary": "summary", "description": "description"},
            published=Q(state=ModerationState.PUBLISHED),
            facet_paths={
                "field": "field__slug",
                "country": "country",
                "institution_type": "institution__kind",
                "institution": "institution__slug",
            },
            select_related=("field", "institution"),
            position=2,
        )
    )
