"""The saved searches' pages (save the search being shown, list mine, delete one) and the watchlist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from alerts import selectors
from alerts.errors import AlertsError
from alerts.services import saved_search_create, saved_search_delete
from alerts.watchlist import watch_set, watchable, watches_of
from marketplace.listing_views import safe_next


@login_required
@require_safe
def saved_search_list_view(request: HttpRequest) -> HttpResponse:
    rows = [(saved, selectors.search_url(saved)) for saved in selectors.saved_searches_of(user=request.user)]
    return render(request, "alerts/list.html", {"rows": rows})


@login_required
@require_POST
def saved_search_create_view(request: HttpRequest) -> HttpResponse:
    """Save the search the page shows (its query string comes in the ``params`` field)."""
    params = QueryDict(request.POST.get("params", "")[:4000])
    try:
        saved, created = saved_search_create(user=request.user, params=params, name=request.POST.get("name", ""))
    except AlertsError as exc:
        messages.error(request, str(exc.message))
        return redirect("alerts:list")
    if created:
        messages.success(
            request,
            _("Search saved. You will be told about new listings that match “%(name)s”.") % {"name": saved.name},
        )
    else:
        messages.info(request, _("You had already saved this search."))
    return redirect(selectors.search_url(saved))


@login_required
@require_POST
def saved_search_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        saved_search_delete(user=request.user, saved_search_id=pk)
    except AlertsError as exc:
        raise Http404(str(exc.message)) from exc
    messages.success(request, _("Saved search deleted."))
    return redirect("alerts:list")


@login_required
@require_POST
def watch_toggle_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Start or stop watching a listing or an auction (the button on its page), then back to where the member was."""
    try:
        target = watchable(kind, pk, user=request.user)
    except AlertsError as exc:
        raise Http404(str(exc.message)) from exc
    watching = watch_set(user=request.user, target=target, watching=request.POST.get("watch") == "1")
    if watching:
        messages.success(request, _("Added to your watchlist: you will be told what happens to it."))
    else:
        messages.info(request, _("Removed from your watchlist."))
    return redirect(safe_next(request, target.get_absolute_url()))


@login_required
@require_safe
def watchlist_view(request: HttpRequest) -> HttpResponse:
    rows = [watch for watch in watches_of(user=request.user) if watch.target is not None]
    return render(request, "alerts/watchlist.html", {"rows": rows})
