"""The pages every kind of listing has (list, create, edit, submit, archive, attachment download), written once and
driven by a ``ListingType``: what one kind (achievements, demands) is called, which form (and its sections), selectors
and services it uses. An app describes its kind in its ``views.py`` and mounts the pages with ``listing_urls``; the
pages only a kind has (an achievement's detail page and NDA) stay in the app. The floor knows no kind by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_filters import FilterSet

from marketplace.errors import NotFound
from marketplace.listing_forms import ListingForm
from marketplace.listing_views import (
    attachment_response,
    editable_listing,
    get_or_404,
    listing_form_view,
    listing_list_context,
    transition_view,
)
from marketplace.models import AttachmentBase, Listing, ModerationAction
from marketplace.page_cache import public_page


@dataclass(frozen=True)
class FormSection:
    """A section of a kind's create/edit form (between the language and the attachments, which every kind has): its
    heading, an optional icon and note, and its fields by name, each alone on its line or, given as ``(name, column
    class)``, side by side in one row with its neighbours that have a column class too."""

    key: str  # the heading's id is "section-<key>"
    heading: str
    fields: tuple[str | tuple[str, str], ...]
    icon: str = ""
    note: str = ""

    @property
    def rows(self) -> list[list[tuple[str, str]]]:
        """The fields as rows of ``(name, column class)``: a field alone has no class, a row of columns has one each."""
        rows: list[list[tuple[str, str]]] = []
        for entry in self.fields:
            name, width = (entry, "") if isinstance(entry, str) else entry
            if width and rows and rows[-1][0][1]:
                rows[-1].append((name, width))
            else:
                rows.append([(name, width)])
        return rows


@dataclass(frozen=True, kw_only=True)
class ListingType:
    """One kind of listing as the shared pages see it. Texts are lazy translations (rendered in the reader's language).

    ``kind`` names the kind in templates ("achievement"); its URL namespace and template folder are ``kind + "s"``.
    """

    kind: str
    form_class: type[ListingForm]
    form_sections: tuple[FormSection, ...]  # the create/edit form's sections only this kind has
    list_selector: Callable[..., FilterSet]  # (filters=) -> the published listings' FilterSet
    getter: Callable[..., Listing]  # (pk=, user=) -> the listing, NotFound when the user may not see it
    attachment_getter: Callable[..., AttachmentBase]  # (pk=, user=) -> the attachment, NotFound likewise
    create: Callable[..., Listing]  # (owner=, **form.service_kwargs())
    update: Callable[..., Listing]  # (listing, user=, remove_attachment_ids=, **form.service_kwargs())
    posting_roles: frozenset[str]
    list_title: str
    list_intro: str
    post_label: str  # the list page's button to the create page
    empty_text: str
    create_title: str
    create_intro: str
    edit_title: str
    # The page shown to a signed-in user whose role does not post this kind, pointing to the kind they can post.
    refusal_title: str
    refusal_heading: str
    refusal_text: str
    refusal_other_url: str
    refusal_other_icon: str
    refusal_other_label: str
    browse_label: str
    list_filters: Callable[[FilterSet], None] | None = None  # adjusts the list page's filter form

    @property
    def namespace(self) -> str:
        return f"{self.kind}s"

    def may_post(self, user) -> bool:
        return user.is_staff or user.role in self.posting_roles


def listing_list_view(request: HttpRequest, *, listing_type: ListingType) -> HttpResponse:
    """GET and HEAD only, stored whole for readers who are not signed in: both added per kind by ``listing_urls``."""
    filterset = listing_type.list_selector(filters=request.GET)
    if listing_type.list_filters:
        listing_type.list_filters(filterset)
    context = listing_list_context(request, filterset)
    context["listing_type"] = listing_type
    context["may_post"] = not request.user.is_authenticated or listing_type.may_post(request.user)
    return render(request, "marketplace/listing_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def listing_create_view(request: HttpRequest, *, listing_type: ListingType) -> HttpResponse:
    if not listing_type.may_post(request.user):
        return render(
            request, "marketplace/listing_posting_not_allowed.html", {"listing_type": listing_type}, status=403
        )
    return listing_form_view(
        request,
        form_class=listing_type.form_class,
        template="marketplace/listing_form.html",
        context={"listing_type": listing_type},
        save=lambda form: listing_type.create(owner=request.user, **form.service_kwargs()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def listing_edit_view(request: HttpRequest, pk: int, *, listing_type: ListingType) -> HttpResponse:
    listing = editable_listing(request, listing_type.getter, pk)
    if isinstance(listing, HttpResponseRedirect):
        return listing
    return listing_form_view(
        request,
        form_class=listing_type.form_class,
        template="marketplace/listing_form.html",
        context={"listing_type": listing_type},
        listing=listing,
        save=lambda form: listing_type.update(
            listing, user=request.user, remove_attachment_ids=form.remove_attachment_ids(), **form.service_kwargs()
        ),
    )


@login_required
@require_POST
def listing_submit_view(request: HttpRequest, pk: int, *, listing_type: ListingType) -> HttpResponseRedirect:
    return transition_view(request, get_or_404(listing_type.getter, pk, request.user), ModerationAction.SUBMIT)


@login_required
@require_POST
def listing_archive_view(request: HttpRequest, pk: int, *, listing_type: ListingType) -> HttpResponseRedirect:
    return transition_view(request, get_or_404(listing_type.getter, pk, request.user), ModerationAction.ARCHIVE)


@require_safe
def listing_attachment_view(
    request: HttpRequest, pk: int, *, listing_type: ListingType, thumbnail: bool = False
) -> FileResponse:
    try:
        attachment = listing_type.attachment_getter(pk=pk, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    # Only some kinds have confidential attachments (an achievement's dossier): those are never cached.
    confidential = getattr(attachment, "is_confidential", False)
    return attachment_response(attachment, confidential=confidential, thumbnail=thumbnail)


def listing_urls(listing_type: ListingType) -> list[URLPattern]:
    """The shared pages of ``listing_type`` under the URL names its templates use (list, create, edit, ...)."""
    kind = {"listing_type": listing_type}
    # Readers who are not signed in get the stored page (marketplace/page_cache.py), stored apart for each kind.
    list_view = require_safe(public_page(listing_type.namespace)(listing_list_view))
    return [
        path("", list_view, kind, name="list"),
        path("new/", listing_create_view, kind, name="create"),
        path("<int:pk>/edit/", listing_edit_view, kind, name="edit"),
        path("<int:pk>/submit/", listing_submit_view, kind, name="submit"),
        path("<int:pk>/archive/", listing_archive_view, kind, name="archive"),
        path("files/<int:pk>/", listing_attachment_view, kind, name="attachment"),
        path(
            "files/<int:pk>/thumbnail/",
            listing_attachment_view,
            {**kind, "thumbnail": True},
            name="attachment_thumbnail",
        ),
    ]
