"""Helpers shared by the listing pages (achievements and demands): pagination with filters, owner panel,
protected downloads, submit/archive buttons and saving a listing form through its service.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_countries import countries
from django_filters import FilterSet

from marketplace.errors import MarketplaceError, NotFound
from marketplace.held_uploads import uploads_hold, uploads_release
from marketplace.listing_forms import ListingForm
from marketplace.models import SUBMITTABLE_STATES, AttachmentBase, Listing, ModerationAction, ModerationState
from marketplace.permissions import can_edit_listing
from marketplace.reads import ListingPaginator, cached, listings_version
from marketplace.selectors import latest_staff_reasons
from marketplace.services import TRANSITIONS, listing_archive, listing_submit

PAGE_SIZE = 20
RESULTS_CACHE_SECONDS = 600
ARCHIVABLE_STATES = TRANSITIONS[ModerationAction.ARCHIVE][0]


def get_or_404(getter: Callable[..., Listing], pk: int, user) -> Listing:
    try:
        return getter(pk=pk, user=user)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def listing_list_context(request: HttpRequest, filterset: FilterSet) -> dict:
    """Paginate a listing FilterSet and prepare its form as the filter panel."""
    form = filterset.form
    _offer_occurring_countries(filterset, form)
    for name, field in form.fields.items():
        field.widget.attrs["class"] = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else ""
        field.widget.attrs["id"] = f"filter-{name}"
    paginator = ListingPaginator(filterset.qs, PAGE_SIZE)
    number = request.GET.get("page")
    # Read only when the template renders the results, which it caches (RESULTS_CACHE_SECONDS) per language, listings
    # version and query string: a page served from that cache runs no listing query at all.
    page_obj = SimpleLazyObject(lambda: paginator.get_page(number))
    active = [name for name in form.fields if request.GET.get(name)]
    without_institution = request.GET.copy()
    without_institution.pop("institution", None)
    without_institution.pop("page", None)
    return {
        "filter_form": form,
        "page_obj": page_obj,
        "listings": SimpleLazyObject(lambda: page_obj.object_list),
        "results_cache_seconds": RESULTS_CACHE_SECONDS,
        "listings_version": listings_version(),
        "active_filter_count": len(active),
        "institution_filter": request.GET.get("institution", ""),
        "without_institution_query": without_institution.urlencode(),
    }


def _offer_occurring_countries(filterset: FilterSet, form: forms.Form) -> None:
    """Offer only the countries that have published listings (plus the one asked for, so it stays selected); the set
    is cached per listings version (a DISTINCT over the whole table on every request was a third of the page's time)."""
    base = filterset.queryset.order_by()
    occurring = set(
        cached("countries", lambda: sorted(base.values_list("country", flat=True).distinct()), base.model._meta.label)
    )
    asked = form.data.get("country") if form.is_bound else None
    if asked and asked in countries:
        occurring.add(asked)
    # django-filter adds the "All countries" entry itself.
    form.fields["country"].choices = [(code, name) for code, name in countries if code in occurring]


def owner_context(user, listing: Listing) -> dict:
    """What the owner panel of a detail page shows: which actions are possible, the latest staff reason."""
    if not can_edit_listing(user, listing):
        return {"can_edit": False}
    return {
        "can_edit": True,
        "may_edit": listing.is_editable or user.is_staff,
        "may_submit": listing.state in SUBMITTABLE_STATES,
        "may_archive": listing.state in ARCHIVABLE_STATES,
        "staff_event": latest_staff_reasons(listings=[listing]).get(listing.pk),
    }


def attachment_response(
    attachment: AttachmentBase, *, confidential: bool = False, thumbnail: bool = False
) -> FileResponse:
    """Send a stored attachment as a download, never rendered inline, under the name the author gave it.

    ``thumbnail``: the picture's WebP thumbnail instead, shown inline (cards, galleries); 404 for other files.
    """
    if thumbnail:
        return _thumbnail_response(attachment, confidential=confidential)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("This file is no longer available.")) from exc
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    if confidential:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, private=True)
    return response


def _thumbnail_response(attachment: AttachmentBase, *, confidential: bool) -> FileResponse:
    if not attachment.thumbnail:
        raise Http404(_("This file has no preview."))
    try:
        handle = attachment.thumbnail.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("This file is no longer available.")) from exc
    response = FileResponse(handle, content_type="image/webp")
    response["X-Content-Type-Options"] = "nosniff"
    if confidential:
        patch_cache_control(response, private=True, no_store=True)
    else:
        # Thumbnails never change (a new picture is a new attachment): browsers may keep them a day.
        patch_cache_control(response, private=True, max_age=86400)
    return response


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def transition_view(request: HttpRequest, listing: Listing, action: str) -> HttpResponseRedirect:
    """Submit or archive from a button; a refused transition (e.g. a second submit) becomes a message."""
    service = listing_submit if action == ModerationAction.SUBMIT else listing_archive
    try:
        service(listing=listing, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    except MarketplaceError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, _("Complete the listing first: %(errors)s") % {"errors": " ".join(exc.messages)})
    else:
        if action == ModerationAction.SUBMIT:
            messages.success(request, _("Submitted for review. Center staff will check it and you will get an e-mail."))
        else:
            messages.success(request, _("Archived. It is no longer listed on the marketplace."))
    return redirect(safe_next(request, listing.get_absolute_url()))


def save_listing(request: HttpRequest, form: ListingForm, save: Callable[[], Listing]) -> HttpResponseRedirect | None:
    """Run the service that writes the form's input; on refusal put the errors on the form and return None.

    With "Save and submit" the saved draft is then submitted; if that is refused the draft stays and a message says why.
    """
    try:
        listing = save()
    except ValidationError as exc:
        form.add_service_errors(exc)
        return None
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    except MarketplaceError as exc:
        form.add_error(None, str(exc.message))
        return None
    if request.POST.get("action") == "submit":
        return transition_view(request, listing, ModerationAction.SUBMIT)
    messages.success(request, _("Draft saved. Submit it for review when it is ready."))
    return redirect(listing.get_absolute_url())


def refuse_uneditable(request: HttpRequest, listing: Listing) -> HttpResponseRedirect | None:
    if listing.is_editable or request.user.is_staff:
        return None
    if listing.state == ModerationState.SUBMITTED:
        messages.warning(request, _("This listing waits for review and cannot be changed until staff decide."))
    else:
        messages.warning(
            request,
            _("A listing that is “%(state)s” cannot be edited. Only drafts and listings with requested changes can.")
            % {"state": listing.get_state_display()},
        )
    return redirect(listing.get_absolute_url())


def listing_form_view(
    request: HttpRequest,
    *,
    form_class: type[ListingForm],
    template: str,
    save: Callable[[ListingForm], Listing],
    listing: Listing | None = None,
    context: dict | None = None,
) -> HttpResponse:
    """The create/edit page of a listing: GET shows the form, a valid POST runs ``save(form)`` (the service call)."""
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, user=request.user, listing=listing)
        if form.is_valid():
            done = save_listing(request, form, lambda: save(form))
            if done:
                uploads_release(user=request.user, held=form.held_used)
                return done
        # Browsers do not send chosen files twice: keep those that passed their checks for the next try.
        form.offer_held(uploads_hold(user=request.user, uploads=form.uploads_to_hold()))
    else:
        form = form_class(user=request.user, listing=listing)
    return render(request, template, {"form": form, "listing": listing, **(context or {})})


def editable_listing(request: HttpRequest, getter: Callable[..., Listing], pk: int) -> Listing | HttpResponseRedirect:
    """The listing to edit, a redirect with a message when its status forbids editing, or 404 for non-editors."""
    listing = get_or_404(getter, pk, request.user)
    if not can_edit_listing(request.user, listing):
        raise Http404(_("Not found."))
    return refuse_uneditable(request, listing) or listing
