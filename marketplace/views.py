"""Institution pages: the directory by country, profiles, joining, invitations and the admins' "Manage" page."""

from __future__ import annotations

import functools
from itertools import groupby
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_countries import countries

from marketplace.errors import MarketplaceError, NotFound, UploadRejected
from marketplace.forms import InstitutionFilterForm, InstitutionProfileForm, InstitutionSearchForm, InvitationForm
from marketplace.models import Institution, Membership, MembershipStatus
from marketplace.page_cache import public_page
from marketplace.permissions import can_manage_institution
from marketplace.reads import LIST_CACHE_SECONDS, listings_version
from marketplace.selectors import institution_list as select_institutions
from marketplace.selectors import (
    institution_member_list,
    institution_pending_invitations,
    institution_search,
    institutions_with_counts,
    invitation_get_for_user,
    user_memberships,
    user_pending_invitations,
)
from marketplace.services import (
    institution_update,
    invitation_create,
    membership_decide,
    membership_remove,
    membership_request,
)
from marketplace.services import invitation_accept as accept_invitation
from marketplace.uploads import LOGO_TYPES

INSTITUTIONS_PER_PAGE = 60


@require_GET
@public_page("institutions")
def institution_list(request: HttpRequest) -> HttpResponse:
    form = InstitutionFilterForm(request.GET or None)
    # Countries in the order of their (translated) names, institutions by name inside each country.
    country_codes = [code for code, _name in form.fields["country"].choices if code]
    by_country_name = Case(
        *[When(country=code, then=Value(position)) for position, code in enumerate(country_codes)],
        default=Value(len(country_codes)),
        output_field=IntegerField(),
    )
    institutions = select_institutions(filters=form.filters()).order_by(by_country_name, "name", "pk")

    @functools.cache
    def directory() -> dict:
        # Called by the template only when its fragment is not cached (per language, listings version and query).
        page = Paginator(institutions, INSTITUTIONS_PER_PAGE).get_page(request.GET.get("page"))
        groups = [
            {"country": countries.name(code) or code, "code": code, "institutions": list(items)}
            for code, items in groupby(
                institutions_with_counts(page.object_list), key=lambda institution: institution.country.code
            )
        ]
        return {"page_obj": page, "groups": groups}

    return render(
        request,
        "marketplace/institution_list.html",
        {
            "form": form,
            "directory": directory,
            "filtered": bool(form.filters()),
            "listings_version": listings_version(),
            "results_cache_seconds": LIST_CACHE_SECONDS,
        },
    )


@require_GET
def institution_logo(request: HttpRequest, slug: str) -> FileResponse:
    """Logos are public but MEDIA is never served directly: stream the file with a type we chose."""
    institution = get_object_or_404(Institution, slug=slug)
    extension = PurePath(institution.logo.name or "").suffix.lower()
    if not institution.logo or extension not in LOGO_TYPES:
        raise Http404(_("This institution has no logo."))
    try:
        handle = institution.logo.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("This institution has no logo.")) from exc
    response = FileResponse(handle, content_type=LOGO_TYPES[extension])
    response["Cache-Control"] = "public, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def institution_join(request: HttpRequest, slug: str) -> HttpResponse:
    institution = get_object_or_404(Institution, slug=slug)
    try:
        membership_request(user=request.user, institution=institution)
    except MarketplaceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Your request to join %(name)s was sent to its administrators.") % {"name": institution},
        )
    return redirect(institution)


@login_required
def institution_manage(request: HttpRequest, slug: str) -> HttpResponse:
    institution = get_object_or_404(Institution, slug=slug)
    if not can_manage_institution(request.user, institution):
        # Same answer as for an unknown slug: the page's existence is nobody else's business.
        raise Http404()
    action = request.POST.get("form") if request.method == "POST" else None
    profile_form = InstitutionProfileForm(
        request.POST if action == "profile" else None,
        request.FILES if action == "profile" else None,
        institution=institution,
    )
    invitation_form = InvitationForm(request.POST if action == "invite" else None, prefix="invite")
    if action == "profile" and profile_form.is_valid():
        data = profile_form.cleaned_data
        try:
            institution_update(
                institution=institution,
                actor=request.user,
                data={"website": data["website"], "city": data["city"]},
                description=data["description"],
                logo=data["logo"],
            )
        except ValidationError as exc:
            _attach_errors(profile_form, exc)
        except UploadRejected as exc:
            profile_form.add_error("logo", exc.message)
        except MarketplaceError as exc:
            profile_form.add_error(None, exc.message)
        else:
            messages.success(request, _("The institution's profile was saved."))
            return redirect("marketplace:institution_manage", slug=institution.slug)
    elif action == "invite" and invitation_form.is_valid():
        try:
            invitation = invitation_create(
                institution=institution,
                actor=request.user,
                email=invitation_form.cleaned_data["email"],
                role=invitation_form.cleaned_data["role"],
            )
        except MarketplaceError as exc:
            invitation_form.add_error("email", exc.message)
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
            return redirect("marketplace:institution_manage", slug=institution.slug)
    members = list(institution_member_list(institution=institution))
    return render(
        request,
        "marketplace/institution_manage.html",
        {
            "institution": institution,
            "pending": [m for m in members if m.status == MembershipStatus.PENDING],
            "members": [m for m in members if m.status == MembershipStatus.ACTIVE],
            "invitations": institution_pending_invitations(institution=institution),
            "profile_form": profile_form,
            "invitation_form": invitation_form,
        },
        status=400 if action and (profile_form.errors or invitation_form.errors) else 200,
    )


def _attach_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields else None
        for error in errors:
            form.add_error(target, error)


def _membership_of(institution: Institution, pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user", "institution"), pk=pk, institution=institution)


@login_required
@require_POST
def membership_decision(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    institution = get_object_or_404(Institution, slug=slug)
    membership = _membership_of(institution, pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "decline"):
        messages.error(request, _("Choose to approve or decline the request."))
        return redirect("marketplace:institution_manage", slug=institution.slug)
    approve = decision == "approve"
    try:
        membership_decide(membership=membership, actor=request.user, approve=approve)
    except NotFound as exc:
        raise Http404() from exc
    except MarketplaceError as exc:
        messages.error(request, exc.message)
    else:
        if approve:
            messages.success(request, _("%(name)s is now a member.") % {"name": membership.user})
        else:
            messages.info(request, _("The request of %(name)s was declined.") % {"name": membership.user})
    return redirect("marketplace:institution_manage", slug=institution.slug)


@login_required
@require_POST
def membership_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An administrator removes a member, or a member leaves."""
    institution = get_object_or_404(Institution, slug=slug)
    membership = _membership_of(institution, pk)
    leaving = membership.user_id == request.user.pk
    try:
        membership_remove(membership=membership, actor=request.user)
    except NotFound as exc:
        raise Http404() from exc
    except MarketplaceError as exc:
        messages.error(request, exc.message)
    else:
        if leaving:
            messages.info(request, _("You left %(name)s.") % {"name": institution})
        else:
            messages.info(request, _("%(name)s was removed.") % {"name": membership.user})
    if leaving:
        return redirect("marketplace:my_institutions")
    return redirect("marketplace:institution_manage", slug=institution.slug)


@login_required
@require_GET
def my_institutions(request: HttpRequest) -> HttpResponse:
    memberships = list(user_memberships(user=request.user))
    search = InstitutionSearchForm(request.GET or None)
    results = []
    if search.is_valid() and search.cleaned_data["q"]:
        results = list(institution_search(query=search.cleaned_data["q"]))
    return render(
        request,
        "marketplace/my_institutions.html",
        {
            "memberships": memberships,
            "member_of": {m.institution_id for m in memberships},
            "invitations": user_pending_invitations(user=request.user),
            "search": search,
            "results": results,
            "searched": search.is_bound,
        },
    )


@login_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_get_for_user(token=token, user=request.user)
    except NotFound as exc:
        return render(request, "marketplace/invitation_invalid.html", {"message": exc.message}, status=404)
    if request.method == "POST":
        try:
            membership = accept_invitation(token=token, user=request.user)
        except NotFound as exc:
            return render(request, "marketplace/invitation_invalid.html", {"message": exc.message}, status=404)
        messages.success(request, _("Welcome to %(name)s.") % {"name": membership.institution})
        return redirect(membership.institution)
    return render(request, "marketplace/invitation_accept.html", {"invitation": invitation})
