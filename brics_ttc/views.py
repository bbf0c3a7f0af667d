from __future__ import annotations

import functools

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from achievements.selectors import achievement_list
from demands.selectors import demand_list
from marketplace.page_cache import public_page
from marketplace.reads import listings_version
from marketplace.selectors import institution_network_counts, technology_field_list

HOME_LATEST = 6
HOME_CACHE_SECONDS = 600


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness + database check for the container health probe."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def legal_page(request: HttpRequest, *, template_name: str) -> HttpResponse:
    """The terms of use or the privacy notice, with the version sign-up records consent to."""
    return render(request, template_name, {"terms_version": settings.TERMS_VERSION})


@public_page("home")
def home(request: HttpRequest) -> HttpResponse:
    """The front page: what the network holds, its fields, and the newest published listings.

    Everything here is read lazily: the template caches its parts per language and listings version
    (HOME_CACHE_SECONDS), so a page served from that cache runs no query."""
    achievements = achievement_list().qs
    demands = demand_list().qs

    @functools.cache
    def counts() -> dict[str, int]:
        network = institution_network_counts()
        return {
            "achievements": achievements.count(),
            "demands": demands.count(),
            "institutions": network["institutions"],
            "countries": network["countries"],
        }

    return render(
        request,
        "home.html",
        {
            "counts": counts,
            "fields": technology_field_list,  # called by the template only when its fragment is not cached
            "latest_achievements": achievements[:HOME_LATEST],
            "latest_demands": demands[:HOME_LATEST],
            "home_cache_seconds": HOME_CACHE_SECONDS,
            "listings_version": listings_version(),
        },
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400 (``handler400``): a body over the limits is a 413, and the API answers ``{code, detail}``."""
    too_large = isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent)
    status = 413 if too_large else 400
    if request.path.startswith("/api/"):
        if too_large:
            body = {"code": "request_too_large", "detail": _("The request body is too large.")}
        else:
            body = {"code": "bad_request", "detail": _("The request is not valid.")}
        return JsonResponse(body, status=status)
    response = defaults.bad_request(request, exception)
    response.status_code = status
    return response
