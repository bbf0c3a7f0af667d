"""The document types of the listings search stands on: achievements and demands (registered in SearchConfig.ready).

Types of the apps above search (projects, services, experts, courses) are registered by those apps (their
``search.py``); search never imports them.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from achievements.models import Achievement
from demands.models import Demand
from marketplace.models import ModerationState
from search.doctypes import DocumentType, doctype_register

PUBLISHED = Q(state=ModerationState.PUBLISHED)
INSTITUTION_FACETS = {"institution_type": "institution__kind", "institution": "institution__slug"}


def register_listing_types() -> None:
    doctype_register(
        DocumentType(
            name="achievement",
            model=Achievement,
            label=_("Achievement"),
            plural_label=_("Achievements"),
            icon="lightbulb",
            detail_url_name="achievements:detail",
            text_fields={name: name for name in ("title", "summary", "description", "keywords")},
            published=PUBLISHED,
            facet_paths={
                "field": "field__slug",
                "country": "country",
                "trl": "trl",
                "ip_status": "ip_status",
                "transfer_mode": "transfer_modes__code",
                **INSTITUTION_FACETS,
            },
            select_related=("field", "institution"),
            prefetch_related=("transfer_modes",),
            private_columns=("confidential_dossier", "nda_text", "contact_name", "contact_email", "contact_phone"),
            position=0,
        )
    )
    doctype_register(
        DocumentType(
            name="demand",
            model=Demand,
            label=_("Demand"),
            plural_label=_("Demands"),
            icon="clipboard-check",
            detail_url_name="demands:detail",
            text_fields={"title": "title", "description": "description"},
            published=PUBLISHED,
            facet_paths={
                "field": "field__slug",
                "country": "country",
                "transfer_mode": "cooperation_modes__code",
                **INSTITUTION_FACETS,
            },
            select_related=("field", "institution"),
            prefetch_related=("cooperation_modes",),
            fallback_text_fields=("title", "description"),
            position=1,
        )
    )
