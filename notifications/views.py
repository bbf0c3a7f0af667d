"""The notification pages: the list, e-mail preferences, and the unsubscribe link that needs no sign-in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from notifications import registry
from notifications.models import ChannelChoice, Notification
from notifications.selectors import notification_list, preferences_of
from notifications.services import (
    notification_preferences_set,
    notification_unsubscribe,
    notifications_mark_read,
    unsubscribe_read,
)

PER_PAGE = 30


@login_required
def notification_list_view(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(notification_list(user=request.user, unread_only=unread_only), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page_obj": page, "unread_only": unread_only})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications_mark_read(user=request.user, ids=[notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    return redirect("notifications:list")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    rows = preferences_of(user=request.user)
    if request.method == "POST":
        notification_preferences_set(
            user=request.user, channels={kind.code: request.POST.get(f"kind-{kind.code}", "") for kind, _c in rows}
        )
        messages.success(request, _("Your e-mail preferences were saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"rows": rows, "choices": ChannelChoice.choices})


# The link in every e-mail: a signed token instead of a session. Mail clients' one-click unsubscribe (RFC 8058) POSTs
# to it without a CSRF token; the signature is what proves the request.
@csrf_exempt
def notification_unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    found = unsubscribe_read(token)
    user = get_user_model().objects.filter(pk=found[0], is_active=True).first() if found else None
    if user is None:
        raise Http404
    kind = registry.get(found[1]) if found[1] else None
    if request.method == "POST":
        notification_unsubscribe(user=user, kind=found[1])
        return render(request, "notifications/unsubscribe.html", {"done": True, "kind": kind, "email": user.email})
    return render(request, "notifications/unsubscribe.html", {"done": False, "kind": kind, "email": user.email})
