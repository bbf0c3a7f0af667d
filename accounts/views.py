"""The signed-in user's own pages: "My listings" and the profile. Sign-up and sign-in are allauth's."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import ProfileForm
from accounts.models import Role, User
from accounts.services import user_profile_update
from achievements.selectors import achievement_list_mine
from demands.selectors import demand_list_mine
from marketplace.models import Listing, ModerationEvent
from marketplace.reads import ListingPaginator, cached_count
from marketplace.selectors import latest_staff_reasons

LISTINGS_PER_PAGE = 20

# The page names each tab links to; every one takes the listing's ``pk``.
LISTING_URLS = {
    "achievements": {
        "detail": "achievements:detail",
        "edit": "achievements:edit",
        "submit": "achievements:submit",
        "archive": "achievements:archive",
    },
    "demands": {
        "detail": "demands:detail",
        "edit": "demands:edit",
        "submit": "demands:submit",
        "archive": "demands:archive",
    },
}
TAB_LABELS = {"achievements": gettext_lazy("My achievements"), "demands": gettext_lazy("My demands")}


def posts_achievements(user: User) -> bool:
    return user.is_staff or user.role in (Role.RESEARCHER, Role.INSTITUTION_ADMIN, Role.CENTER_STAFF)


def posts_demands(user: User) -> bool:
    return user.is_staff or user.role in (Role.ENTERPRISE, Role.INSTITUTION_ADMIN, Role.CENTER_STAFF)


@dataclass(frozen=True)
class ListingRow:
    """One line of "My listings": the listing, the staff's latest reason and the links its state allows."""

    listing: Listing
    reason: ModerationEvent | None
    detail_url: str
    edit_url: str | None
    submit_url: str | None
    archive_url: str | None

    @property
    def reason_is_prominent(self) -> bool:
        return self.reason is not None and self.listing.state in ("changes_requested", "rejected")


def _rows(listings: list[Listing], tab: str) -> list[ListingRow]:
    names = LISTING_URLS[tab]
    reasons = latest_staff_reasons(listings=listings)
    rows = []
    for listing in listings:
        pk = {"pk": listing.pk}
        rows.append(
            ListingRow(
                listing=listing,
                reason=reasons.get(listing.pk),
                detail_url=reverse(names["detail"], kwargs=pk),
                edit_url=reverse(names["edit"], kwargs=pk) if listing.is_editable else None,
                submit_url=reverse(names["submit"], kwargs=pk) if listing.is_editable else None,
                archive_url=reverse(names["archive"], kwargs=pk) if listing.is_published else None,
            )
        )
    return rows


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return redirect("accounts:my_listings")


@login_required
def my_listings(request: HttpRequest) -> HttpResponse:
    user = request.user
    querysets = {"achievements": achievement_list_mine(user=user), "demands": demand_list_mine(user=user)}
    tab = request.GET.get("tab")
    if tab not in querysets:
        tab = "demands" if user.role == Role.ENTERPRISE else "achievements"
    # An author of thousands of listings: counts cached per listings version, the page read ids first.
    page = ListingPaginator(querysets[tab], LISTINGS_PER_PAGE).get_page(request.GET.get("page"))
    tabs = [
        {"key": key, "label": TAB_LABELS[key], "count": cached_count(qs), "active": key == tab}
        for key, qs in querysets.items()
    ]
    return render(
        request,
        "accounts/my_listings.html",
        {
            "tab": tab,
            "tabs": tabs,
            "page_obj": page,
            "rows": _rows(list(page.object_list), tab),
            "posts_achievements": posts_achievements(user),
            "posts_demands": posts_demands(user),
        },
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    # The form validates a copy: a rejected value must not leak into request.user (the navbar shows its name).
    form = ProfileForm(request.POST or None, instance=copy.copy(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user_profile_update(
                user=user,
                display_name=data["display_name"],
                country=data["country"],
                preferred_language=data["preferred_language"],
                reading_languages=data["reading_languages"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            language = user.preferred_language
            translation.activate(language)
            messages.success(request, _("Your profile was saved."))
            # The page URLs carry the language (/ru/...): going to the translated URL is what switches the site;
            # the cookie keeps it for pages without a prefix.
            response = redirect(translate_url(reverse("accounts:profile"), language))
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
            return response
    return render(request, "accounts/profile.html", {"form": form})
