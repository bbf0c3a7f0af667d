"""Pages of a registered member: register / cancel, the QR ticket, the event profile, participants and meeting
requests, the personal agenda (page, printable, .ics). Each POST calls one service; refusals come back as messages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from achievements.models import Achievement
from demands.models import Demand
from events import ics, qr
from events.errors import EventsError
from events.forms import MeetingRequestForm, OutcomeForm, ProfileForm, RegistrationForm
from events.models import MeetingStatus, RegistrationStatus
from events.selectors import (
    agenda_items,
    can_see_agenda,
    can_see_participants,
    meetings_of,
    participant_list,
    registration_of,
)
from events.services import (
    meeting_accept,
    meeting_cancel,
    meeting_decline,
    meeting_record_outcome,
    meeting_request,
    registration_cancel,
    registration_register,
    registration_update_profile,
)
from events.views.common import event_or_404, report, zones
from marketplace.permissions import PUBLIC_STATES

PARTICIPANTS_PAGE_SIZE = 20
STATUS_MESSAGES = {
    RegistrationStatus.CONFIRMED: _("You are registered. Your QR code for the check-in is ready."),
    RegistrationStatus.WAITLISTED: _("The event is full: you are on the waiting list."),
    RegistrationStatus.PENDING: _("Your registration awaits the organisers' approval."),
}


@login_required
@require_POST
def register_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    form = RegistrationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the registration form."))
        return redirect(event)
    try:
        outcome = registration_register(event_id=event.pk, user=request.user, profile=form.cleaned_data)
    except EventsError as exc:
        report(request, exc)
    else:
        messages.success(request, str(STATUS_MESSAGES.get(outcome.registration.status, _("Saved."))))
    return redirect(event)


@login_required
@require_POST
def cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    registration = registration_of(event=event, user=request.user)
    if registration is None:
        raise Http404
    registration_cancel(registration_id=registration.pk, user=request.user)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(event)


def _mine(request: HttpRequest, event):
    registration = registration_of(event=event, user=request.user)
    if registration is None or registration.status not in (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.PENDING,
    ):
        raise Http404
    return registration


@login_required
@require_safe
def ticket_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    registration = _mine(request, event)
    svg = qr.ticket_svg(registration.checkin_code) if registration.is_confirmed else None
    return render(
        request,
        "events/ticket.html",
        {"event": event, "registration": registration, "qr_svg": svg, **zones(request, event)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    registration = _mine(request, event)
    tz = zones(request, event)
    slot_zone = tz["reader_zone"] or tz["event_zone"]
    slots = [
        (str(slot.pk), timezone.localtime(slot.starts_at, slot_zone).strftime("%Y-%m-%d %H:%M"))
        for slot in event.slots.all()
    ]
    options = {
        "achievements": Achievement.objects.filter(owner=request.user, state__in=PUBLIC_STATES),
        "demands": Demand.objects.filter(owner=request.user, state__in=PUBLIC_STATES),
        "slots": slots,
    }
    initial = {
        "achievements": [str(pk) for pk in registration.achievements.values_list("pk", flat=True)],
        "demands": [str(pk) for pk in registration.demands.values_list("pk", flat=True)],
        "unavailable_slots": [str(pk) for pk in registration.unavailable_slots.values_list("pk", flat=True)],
    }
    form = ProfileForm(request.POST or None, instance=registration, initial=initial, **options)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration_update_profile(
                registration=registration,
                user=request.user,
                profile={key: data[key] for key in RegistrationForm.Meta.fields},
                achievement_ids=[int(v) for v in data["achievements"]],
                demand_ids=[int(v) for v in data["demands"]],
                unavailable_slot_ids=[int(v) for v in data["unavailable_slots"]],
            )
        except EventsError as exc:
            report(request, exc)
        else:
            messages.success(request, _("Your event profile is saved."))
            return redirect("events:profile", pk=event.pk)
    return render(
        request,
        "events/profile.html",
        {"event": event, "registration": registration, "form": form, "slot_zone": slot_zone},
    )


@login_required
@require_http_methods(["GET", "POST"])
def participants_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    if not can_see_participants(event=event, user=request.user):
        return render(request, "events/participants_closed.html", {"event": event}, status=403)
    me = registration_of(event=event, user=request.user)
    if request.method == "POST":
        form = MeetingRequestForm(request.POST)
        if form.is_valid():
            try:
                meeting_request(
                    event_id=event.pk,
                    user=request.user,
                    invitee_id=form.cleaned_data["invitee"],
                    message=form.cleaned_data["message"],
                )
            except EventsError as exc:
                report(request, exc)
            else:
                messages.success(request, _("Your meeting request is sent."))
        return redirect(f"{reverse('events:participants', args=[event.pk])}?{request.GET.urlencode()}")
    q = request.GET.get("q", "")[:100]
    rows = participant_list(event=event, q=q)
    page_obj = Paginator(rows, PARTICIPANTS_PAGE_SIZE).get_page(request.GET.get("page"))
    asked = set()
    if me is not None:
        for meeting in meetings_of(registration=me).filter(
            status__in=[MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED]
        ):
            asked.add(meeting.other(me.pk))
    return render(
        request,
        "events/participants.html",
        {"event": event, "page_obj": page_obj, "participants": page_obj.object_list, "me": me, "asked": asked, "q": q},
    )


@login_required
@require_POST
def meeting_action_view(request: HttpRequest, pk: int, mid: int, action: str) -> HttpResponse:
    event = event_or_404(pk)
    try:
        if action == "accept":
            meeting_accept(event_id=event.pk, meeting_id=mid, user=request.user)
            messages.success(request, _("Meeting accepted: it is on your agenda."))
        elif action == "decline":
            meeting_decline(event_id=event.pk, meeting_id=mid, user=request.user)
            messages.success(request, _("Meeting request declined."))
        elif action == "cancel":
            meeting_cancel(event_id=event.pk, meeting_id=mid, user=request.user)
            messages.success(request, _("Meeting cancelled."))
        elif action == "outcome":
            form = OutcomeForm(request.POST)
            if not form.is_valid():
                raise EventsError(_("Choose an outcome from the list."), code="invalid_outcome")
            meeting_record_outcome(
                event_id=event.pk, meeting_id=mid, user=request.user, outcome=form.cleaned_data["outcome"]
            )
            messages.success(request, _("Outcome recorded. Thank you."))
        else:
            raise Http404
    except EventsError as exc:
        report(request, exc)
    return redirect("events:agenda", pk=event.pk)


def _agenda_registration(request: HttpRequest, event):
    """The agenda shown: one's own, or (staff) any participant's with ?registration=."""
    wanted = request.GET.get("registration", "")
    if wanted.isdigit() and request.user.is_staff:
        registration = event.registrations.select_related("user").filter(pk=int(wanted)).first()
    else:
        registration = registration_of(event=event, user=request.user)
    if registration is None or not can_see_agenda(registration=registration, user=request.user):
        raise Http404
    return registration


@login_required
@require_safe
def agenda_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    registration = _agenda_registration(request, event)
    meetings = list(meetings_of(registration=registration))
    incoming = [m for m in meetings if m.status == MeetingStatus.REQUESTED and m.invitee_id == registration.pk]
    outgoing = [m for m in meetings if m.status == MeetingStatus.REQUESTED and m.requester_id == registration.pk]
    unscheduled = [m for m in meetings if m.status == MeetingStatus.ACCEPTED and m.slot_id is None]
    now = timezone.now()
    return render(
        request,
        "events/agenda.html",
        {
            "event": event,
            "registration": registration,
            "items": agenda_items(registration=registration),
            "incoming": incoming,
            "outgoing": outgoing,
            "unscheduled": unscheduled,
            "outcome_form": OutcomeForm(),
            "now": now,
            "own": registration.user_id == request.user.pk,
            **zones(request, event),
        },
    )


@login_required
@require_safe
def agenda_ics_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    registration = _agenda_registration(request, event)
    items = []
    for item in agenda_items(registration=registration):
        if item["kind"] == "meeting":
            other = item["with"]
            summary = _("Meeting with %(name)s (%(organisation)s)") % {
                "name": other.user.display_name,
                "organisation": other.organisation,
            }
            location = _("Table %(number)s") % {"number": item["table"]}
            uid = f"meeting-{item['meeting'].pk}"
        else:
            summary = _("Pitch: %(title)s") % {"title": item["showcase"].achievement}
            location, uid = event.venue, f"pitch-{item['showcase'].pk}"
        items.append(
            {
                "uid": uid,
                "starts_at": item["starts_at"],
                "ends_at": item["ends_at"],
                "summary": summary,
                "location": location,
            }
        )
    response = HttpResponse(ics.calendar(items), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agenda-{event.pk}.ics"'
    return response
