"""The staff check-in page: scan a ticket's QR code (the browser's BarcodeDetector, where it exists) or type its
code."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.errors import EventsError
from events.forms import CheckInForm
from events.selectors import event_counts
from events.services import registration_check_in
from events.views.common import event_or_404, report


@staff_member_required
@require_http_methods(["GET", "POST"])
def checkin_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration, again = registration_check_in(
                event_id=event.pk, code=form.cleaned_data["code"], actor=request.user
            )
        except EventsError as exc:
            report(request, exc)
        else:
            name = registration.user.display_name or registration.user.email
            if again:
                messages.warning(request, _("%(name)s was already checked in.") % {"name": name})
            else:
                messages.success(request, _("%(name)s is checked in.") % {"name": name})
        return redirect("events:checkin", pk=event.pk)
    return render(request, "events/checkin.html", {"event": event, "form": form, "counts": event_counts(event=event)})
