"""Browser pages for technical demands; the generic listing helpers live in marketplace.listing_views."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from demands import selectors
from demands.forms import DemandForm
from demands.services import POSTING_ROLES, demand_create, demand_update
from marketplace.errors import NotFound
from marketplace.listing_views import (
    attachment_response,
    get_or_404,
    listing_list_context,
    owner_context,
    refuse_uneditable,
    save_listing,
    transition_view,
)
from marketplace.models import ModerationAction
from marketplace.permissions import can_edit_listing


def may_post_demands(user) -> bool:
    return user.is_staff or user.role in POSTING_ROLES


@require_safe
def demand_list_view(request: HttpRequest) -> HttpResponse:
    context = listing_list_context(request, selectors.demand_list(filters=request.GET))
    context["may_post"] = not request.user.is_authenticated or may_post_demands(request.user)
    return render(request, "demands/list.html", context)


@require_safe
def demand_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    demand = get_or_404(selectors.demand_get, pk, request.user)
    context = {
        "demand": demand,
        "attachments": demand.attachments.all(),
        "is_expired": demand.expires_at is not None and demand.expires_at < timezone.localdate(),
        **owner_context(request.user, demand),
    }
    return render(request, "demands/detail.html", context)


@require_safe
def demand_attachment_view(request: HttpRequest, pk: int) -> FileResponse:
    try:
        attachment = selectors.attachment_get(pk=pk, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    return attachment_response(attachment)


@login_required
@require_http_methods(["GET", "POST"])
def demand_create_view(request: HttpRequest) -> HttpResponse:
    if not may_post_demands(request.user):
        return render(request, "demands/posting_not_allowed.html", status=403)
    if request.method == "POST":
        form = DemandForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            done = save_listing(request, form, lambda: demand_create(owner=request.user, **form.service_kwargs()))
            if done:
                return done
    else:
        form = DemandForm(user=request.user)
    return render(request, "demands/form.html", {"form": form, "demand": None})


@login_required
@require_http_methods(["GET", "POST"])
def demand_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    demand = get_or_404(selectors.demand_get, pk, request.user)
    if not can_edit_listing(request.user, demand):
        raise Http404(_("Not found."))
    refused = refuse_uneditable(request, demand)
    if refused:
        return refused
    if request.method == "POST":
        form = DemandForm(request.POST, request.FILES, user=request.user, listing=demand)
        if form.is_valid():
            done = save_listing(
                request,
                form,
                lambda: demand_update(
                    demand=demand,
                    user=request.user,
                    remove_attachment_ids=form.remove_attachment_ids(),
                    **form.service_kwargs(),
                ),
            )
            if done:
                return done
    else:
        form = DemandForm(user=request.user, listing=demand)
    return render(request, "demands/form.html", {"form": form, "demand": demand})


@login_required
@require_POST
def demand_submit_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    demand = get_or_404(selectors.demand_get, pk, request.user)
    return transition_view(request, demand, ModerationAction.SUBMIT)


@login_required
@require_POST
def demand_archive_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    demand = get_or_404(selectors.demand_get, pk, request.user)
    return transition_view(request, demand, ModerationAction.ARCHIVE)
