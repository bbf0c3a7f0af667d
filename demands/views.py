"""Browser pages for technical demands: the kind's description for the shared listing pages (marketplace.listing_pages:
list, create/edit, submit, archive, downloads) and the demand's own detail page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from demands import selectors
from demands.forms import DemandForm
from demands.services import POSTING_ROLES, demand_create, demand_update
from marketplace.counters import listing_view_count
from marketplace.extensions import listing_page_version
from marketplace.listing_pages import FormSection, ListingType
from marketplace.listing_views import get_or_404, owner_context
from marketplace.models import ModerationState
from marketplace.page_cache import count_view_when_served, public_page

DEMANDS = ListingType(
    kind="demand",
    form_class=DemandForm,
    form_sections=(
        FormSection("need", _("The need"), ("title", "description", "field", "cooperation_modes")),
        FormSection(
            "partner",
            _("The partner you look for"),
            (("trl_min", "col-sm-6"), ("trl_max", "col-sm-6"), "preferred_countries"),
        ),
        FormSection(
            "budget",
            _("Budget and dates"),
            (
                ("budget_min", "col-sm-4"),
                ("budget_max", "col-sm-4"),
                ("budget_currency", "col-sm-4"),
                ("deadline", "col-sm-6"),
                ("expires_at", "col-sm-6"),
            ),
        ),
        FormSection("institution", _("Institution"), (("institution", "col-md-6"), ("country", "col-md-6"))),
    ),
    list_selector=selectors.demand_list,
    getter=selectors.demand_get,
    attachment_getter=selectors.attachment_get,
    create=demand_create,
    update=lambda listing, **kwargs: demand_update(demand=listing, **kwargs),
    posting_roles=POSTING_ROLES,
    list_title=_("Technical demands"),
    list_intro=_("Problems enterprises want solved and technologies they want to acquire."),
    post_label=_("Post a demand"),
    empty_text=_("No technical demands are open right now. Come back soon."),
    create_title=_("Post a technical demand"),
    create_intro=_(
        "Describe the problem you want solved or the technology you want to acquire, in your own language. Center "
        "staff review it before it is published."
    ),
    edit_title=_("Edit demand"),
    refusal_title=_("Demands are posted by enterprises"),
    refusal_heading=_("Technical demands are posted by enterprises and institutions"),
    refusal_text=_("Your account cannot post technical demands."),
    refusal_other_url="achievements:create",
    refusal_other_icon="lightbulb",
    refusal_other_label=_("Offer a research achievement instead"),
    browse_label=_("Browse technical demands"),
)


@require_safe
@public_page("demand", version=listing_page_version)
def demand_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    demand = get_or_404(selectors.demand_get, pk, request.user)
    context = {
        "demand": demand,
        "attachments": demand.attachments.all(),
        "is_expired": demand.expires_at is not None and demand.expires_at < timezone.localdate(),
        **owner_context(request.user, demand),
    }
    counted = demand.state == ModerationState.PUBLISHED
    if counted:
        listing_view_count(request, kind="demand", pk=demand.pk, editor=context["can_edit"])
    response = render(request, "demands/detail.html", context)
    return count_view_when_served(response, kind="demand", pk=demand.pk) if counted else response
