"""Browser pages for technical demands; the generic listing helpers live in marketplace.listing_views."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from demands import selectors
from demands.forms import DemandForm
from demands.services import POSTING_ROLES, demand_create, demand_update
from marketplace.counters import listing_view_count
from marketplace.errors import NotFound
from marketplace.listing_views import (
    attachment_response,
    editable_listing,
    get_or_404,
    listing_form_view,
    listing_list_context,
    owner_context,
    transition_view,
)
from marketplace.models import ModerationAction, ModerationState
from marketplace.page_cache import public_page


def may_post_demands(user) -> bool:
    return user.is_staff or user.role in POSTING_ROLES


@require_safe
@public_page("demands")
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
    if demand.state == ModerationState.PUBLISHED:
        listing_view_count(request, kind="demand", pk=demand.pk, editor=context["can_edit"])
    return render(request, "demands/detail.html", context)


@require_safe
def demand_attachment_view(request: HttpRequest, pk: int, thumbnail: bool = False) -> FileResponse:
    try:
        attachment = selectors.attachment_get(pk=pk, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    return attachment_response(attachment, thumbnail=thumbnail)


@login_required
@require_http_methods(["GET", "POST"])
def demand_create_view(request: HttpRequest) -> HttpResponse:
    if not may_post_demands(request.user):
        return render(request, "demands/posting_not_allowed.html", status=403)
    return listing_form_view(
        request,
        form_class=DemandForm,
        template="demands/form.html",
        context_name="demand",
        save=lambda form: demand_create(owner=request.user, **form.service_kwargs()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def demand_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    demand = editable_listing(request, selectors.demand_get, pk)
    if isinstance(demand, HttpResponseRedirect):
        return demand
    return listing_form_view(
        request,
        form_class=DemandForm,
        template="demands/form.html",
        context_name="demand",
        listing=demand,
        save=lambda form: demand_update(
            demand=demand,
            user=request.user,
            remove_attachment_ids=form.remove_attachment_ids(),
            **form.service_kwargs(),
        ),
    )


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
