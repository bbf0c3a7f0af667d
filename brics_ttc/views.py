from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from achievements.selectors import achievement_list
from demands.selectors import demand_list
from marketplace.selectors import institution_network_counts, technology_field_list

HOME_LATEST = 6


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness + database check for the container health probe."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def legal_page(request: HttpRequest, *, template_name: str) -> HttpResponse:
    """The terms of use or the privacy notice, with the version sign-up records consent to."""
    return render(request, template_name, {"terms_version": settings.TERMS_VERSION})


def home(request: HttpRequest) -> HttpResponse:
    """The front page: what the network holds, its fields, and the newest published listings."""
    achievements = achievement_list().qs
    demands = demand_list().qs
    network = institution_network_counts()
    return render(
        request,
        "home.html",
        {
            "counts": {
                "achievements": achievements.count(),
                "demands": demands.count(),
                "institutions": network["institutions"],
                "countries": network["countries"],
            },
            "fields": technology_field_list(),
            "latest_achievements": achievements[:HOME_LATEST],
            "latest_demands": demands[:HOME_LATEST],
        },
    )
