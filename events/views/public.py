"""Public pages: the event list (upcoming / past, filters), the event page, its .ics, the showcase, the MOU register."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events import ics
from events.forms import EventFilterForm, RegistrationForm
from events.models import Mou, RegistrationStatus
from events.selectors import (
    can_see_participants,
    event_counts,
    event_list,
    mou_list,
    registration_of,
    showcase_of,
)
from events.views.common import event_or_404, zones
from marketplace.models import Institution

PAGE_SIZE = 12
MOU_PAGE_SIZE = 30


@require_safe
def event_list_view(request: HttpRequest) -> HttpResponse:
    phase = "past" if request.GET.get("phase") == "past" else "upcoming"
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    filters = {key: filters.get(key, "") for key in ("kind", "country", "field")}
    counts = {tab: event_list(phase=tab, **filters).count() for tab in ("upcoming", "past")}
    page_obj = Paginator(event_list(phase=phase, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    tabs = [
        {"phase": "upcoming", "label": _("Upcoming"), "count": counts["upcoming"]},
        {"phase": "past", "label": _("Past"), "count": counts["past"]},
    ]
    return render(
        request,
        "events/list.html",
        {"form": form, "phase": phase, "tabs": tabs, "page_obj": page_obj, "events": list(page_obj.object_list)},
    )


@require_safe
def event_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    registration = registration_of(event=event, user=request.user)
    counts = event_counts(event=event)
    confirmed = counts.get(RegistrationStatus.CONFIRMED, 0)
    context = {
        "event": event,
        "registration": registration,
        "form": RegistrationForm(),
        "showcase": list(showcase_of(event=event)),
        "mous": list(mou_list().filter(event=event)),
        "seats_left": None if event.capacity is None else max(event.capacity - confirmed, 0),
        "confirmed_count": confirmed,
        "may_see_participants": can_see_participants(event=event, user=request.user),
        "agenda_lines": [line for line in event.text("agenda").splitlines() if line.strip()],
        **zones(request, event),
    }
    return render(request, "events/detail.html", context)


@require_safe
def event_ics_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    place = ", ".join(part for part in (event.venue, event.city, event.country.name if event.country else "") if part)
    item = {
        "uid": f"event-{event.pk}",
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "summary": event.text("title"),
        "description": event.text("description"),
        "location": place or event.online_url,
        "url": request.build_absolute_uri(event.get_absolute_url()),
    }
    response = HttpResponse(ics.calendar([item]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@require_safe
def showcase_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    items = list(showcase_of(event=event))
    return render(
        request,
        "events/showcase.html",
        {"event": event, "items": items, "achievements": [item.achievement for item in items], **zones(request, event)},
    )


@require_safe
def mou_list_view(request: HttpRequest) -> HttpResponse:
    institution = None
    slug = request.GET.get("institution", "")[:120]
    if slug:
        institution = Institution.objects.filter(slug=slug).first()
    mous = mou_list(institution_id=institution.pk if institution else None)
    page_obj = Paginator(mous, MOU_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "events/mous.html", {"page_obj": page_obj, "mous": page_obj.object_list, "institution": institution}
    )


@require_safe
def mou_document_view(request: HttpRequest, pk: int) -> FileResponse:
    mou = get_object_or_404(Mou, pk=pk, is_public=True)
    if not mou.document:
        raise Http404
    return FileResponse(mou.document.open("rb"), content_type="application/pdf", filename=f"mou-{mou.pk}.pdf")
