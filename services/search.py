"""Services as a search document type (``?type=service``), registered from ServicesConfig.ready().

Services are moderated like listings: ``services.services.catalogue`` and the moderation helpers send
``marketplace.signals.listing_changed`` on every edit and transition, which search subscribes to, so approval indexes
a service and archiving or rejecting removes it. Only a published service's public texts and facts enter the index:
never drafts, requests, quotes, deliveries or ratings.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import ModerationState
from search.doctypes import DocumentType, doctype_register
from services.models import Service, ServiceCategory


def register() -> None:
    doctype_register(
        DocumentType(
            name="service",
            model=Service,
            label=_("Service"),
            plural_label=_("Services"),
            icon="briefcase",
            detail_url_name="services:detail",
            text_fields={"title": "title", "description": "description"},
            published=Q(state=ModerationState.PUBLISHED),
            facet_paths={
                "category": "category",
                "country": "country",
                "institution_type": "institution__kind",
                "institution": "institution__slug",
            },
            facet_code_columns={"language": "languages"},
            category_choices=tuple(ServiceCategory.choices),
            select_related=("institution",),
            fallback_text_fields=("title", "description"),
            position=3,
        )
    )
