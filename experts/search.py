"""Experts and courses as search document types (``?type=expert``, ``?type=course``), registered from
ExpertsConfig.ready().

Profiles and courses are written by staff in the admin and by their own pages, not moderated like listings: a saved or
deleted profile, course or account re-indexes the record on commit through search's hook (a profile made private, an
account deactivated or a course unpublished leaves the index). Only the public profile enters the index: the expert's
name, headline and biography, never the account's e-mail address, enrolments, assignments or requests.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

from experts.models import Course, Expert
from search.doctypes import DocumentType, doctype_register
from search.services import search_on_listing_change

# The account columns an expert's document never needs (its name is all it shows): not even loaded.
ACCOUNT_COLUMNS = tuple(
    f"user__{name}" for name in ("password", "email", "reading_languages", "terms_version", "terms_accepted_at")
)

# What of an account shows in (or decides about) its expert's document.
ACCOUNT_FACTS = frozenset({"display_name", "is_active"})


def _expert_name(expert: Expert) -> dict[str, str]:
    return {"title": expert.user.display_name}


def reindex(sender, instance, **kwargs) -> None:
    """A profile or course was saved or deleted: re-index it after the commit (removed when no longer public)."""
    search_on_listing_change(instance)


def reindex_expert_of_account(sender, instance, update_fields=None, **kwargs) -> None:
    """An account was saved: its name or whether it is active may show on its expert profile."""
    if update_fields is not None and not set(update_fields) & ACCOUNT_FACTS:
        return  # e.g. the last login time, written on every sign-in
    expert = Expert.objects.filter(user_id=instance.pk).only("pk").first()
    if expert is not None:
        search_on_listing_change(expert)


def reindex_expert_fields(sender, instance, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Expert):
        search_on_listing_change(instance)


def register() -> None:
    doctype_register(
        DocumentType(
            name="expert",
            model=Expert,
            label=_("Expert"),
            plural_label=_("Experts"),
            icon="person-badge",
            detail_url_name="experts:detail",
            text_fields={"summary": "headline", "description": "bio"},
            extra_texts=_expert_name,
            published=Q(is_public=True, user__is_active=True),
            facet_paths={
                "field": "fields__slug",
                "country": "institution__country",
                "institution_type": "institution__kind",
                "institution": "institution__slug",
            },
            facet_code_columns={"language": "languages"},
            date_field="created_at",
            select_related=("user", "institution"),
            prefetch_related=("fields",),
            private_columns=ACCOUNT_COLUMNS,
            fallback_plain_fields=("user__display_name",),
            position=4,
        )
    )
    doctype_register(
        DocumentType(
            name="course",
            model=Course,
            label=_("Course"),
            plural_label=_("Courses"),
            icon="mortarboard",
            detail_url_name="experts:course_detail",
            text_fields={"title": "title", "summary": "summary"},
            published=Q(is_published=True),
            facet_paths={
                "country": "organiser__country",
                "institution_type": "organiser__kind",
                "institution": "organiser__slug",
                "language": "language",
            },
            date_field="created_at",
            select_related=("organiser",),
            position=5,
        )
    )
    for model in (Expert, Course):
        post_save.connect(reindex, sender=model, dispatch_uid=f"search-reindex-{model.__name__}-save")
        post_delete.connect(reindex, sender=model, dispatch_uid=f"search-reindex-{model.__name__}-delete")
    m2m_changed.connect(reindex_expert_fields, sender=Expert.fields.through, dispatch_uid="search-expert-fields")
    post_save.connect(reindex_expert_of_account, sender=get_user_model(), dispatch_uid="search-reindex-expert-account")
