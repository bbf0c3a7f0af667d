"""Pages made of several apps, so they live above all of them: an institution's profile with its listings."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from achievements.selectors import achievement_list
from demands.selectors import demand_list
from marketplace.models import Institution
from marketplace.permissions import can_manage_institution
from marketplace.reads import LIST_CACHE_SECONDS, cached_count, listings_version
from marketplace.selectors import user_memberships

LATEST_LISTINGS = 10


@require_GET
def institution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    institution = get_object_or_404(Institution, slug=slug)
    # By its id (the (institution, state, published_at) index), not by a join on the slug (see ListingFilter).
    achievements = achievement_list().qs.filter(institution=institution)
    demands = demand_list().qs.filter(institution=institution)
    membership = None
    if request.user.is_authenticated:
        membership = user_memberships(user=request.user).filter(institution=institution).first()
    return render(
        request,
        "marketplace/institution_detail.html",
        {
            "institution": institution,
            "achievements": achievements[:LATEST_LISTINGS],
            "achievement_count": cached_count(achievements),
            "demands": demands[:LATEST_LISTINGS],
            "demand_count": cached_count(demands),
            "membership": membership,
            "can_manage": can_manage_institution(request.user, institution),
            "listings_version": listings_version(),
            "results_cache_seconds": LIST_CACHE_SECONDS,
        },
    )
