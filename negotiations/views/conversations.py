"""Conversation pages: the inbox, a conversation (plain POST + reload; live over the websocket with JS), starting one.

Every page is for participants only (404 for anyone else); each POST calls one service.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from achievements.models import Achievement
from marketplace.errors import MarketplaceError, NotFound
from marketplace.models import ModerationState
from marketplace.permissions import member_institution_ids
from negotiations.errors import NegotiationError
from negotiations.forms import ColleagueForm, MeetingForm, MessageForm, OutcomeForm, ReportForm, StartForm
from negotiations.models import (
    ConversationState,
    Meeting,
    MeetingState,
    Message,
    Side,
    SubjectType,
)
from negotiations.selectors import (
    blocked_by,
    confidential_files_open,
    conversation_get,
    conversation_list,
    conversation_nda,
    conversation_subject,
    display_for,
    messages_after,
    participants_of,
    reader_language,
    translations_for,
)
from negotiations.services import (
    colleague_add,
    conversation_mark_read,
    conversation_start,
    mediation_request,
    meeting_decide,
    meeting_propose,
    message_post,
    message_report,
    outcome_set,
    user_block,
)

INBOX_PAGE = 30


def get_or_404(request: HttpRequest, pk: int):
    try:
        return conversation_get(pk=pk, user=request.user)
    except NotFound as exc:
        raise Http404 from exc


def back(request: HttpRequest, conversation_pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("negotiations:detail", args=[conversation_pk]) + anchor)


def fail(request: HttpRequest, exc: MarketplaceError) -> None:
    messages.error(request, str(exc.message))


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    subject_type, _sep, subject_id = request.GET.get("listing", "").partition(":")
    seats = conversation_list(
        user=request.user,
        unread_only=request.GET.get("unread") == "1",
        state=state,
        subject_type=subject_type,
        subject_id=int(subject_id) if subject_id.isdigit() else None,
    )
    page = Paginator(seats, INBOX_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "negotiations/inbox.html",
        {
            "page_obj": page,
            "states": ConversationState.choices,
            "state": state,
            "unread_only": request.GET.get("unread") == "1",
            "listing_filter": request.GET.get("listing", ""),
        },
    )


def _thread(request: HttpRequest, conversation) -> tuple[list[dict], str]:
    language = reader_language(request.user, get_language())
    rows = messages_after(conversation=conversation, after=0, limit=1000)
    translations = translations_for(messages=rows, language=language)
    thread = [
        {
            "message": message,
            "display": display_for(message, language, translations.get(message.pk)),
            "mine": message.author_id == request.user.pk,
        }
        for message in rows
    ]
    return thread, language


@login_required
def conversation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conversation, seat = get_or_404(request, pk)
    form = MessageForm(
        request.POST or None, request.FILES or None, initial={"language": request.user.preferred_language}
    )
    if request.method == "POST" and form.is_valid():
        try:
            message_post(
                conversation=conversation,
                user=request.user,
                body=form.cleaned_data["body"],
                language=form.cleaned_data["language"],
                files=request.FILES.getlist("files"),
                idempotency_key=request.POST.get("idempotency_key", ""),
                confidential=form.cleaned_data["confidential"],
            )
        except MarketplaceError as exc:
            fail(request, exc)
        else:
            return back(request, pk, "#composer")
    thread, language = _thread(request, conversation)
    participants = participants_of(conversation=conversation)
    meetings = list(conversation.meetings.select_related("proposed_by"))
    my_side = seat.side if seat else Side.STAFF
    proposer_sides = {p.user_id: p.side for p in participants}
    nda = conversation_nda(conversation=conversation, user=request.user, seat=seat)
    return render(
        request,
        "negotiations/detail.html",
        {
            "conversation": conversation,
            "seat": seat,
            "thread": thread,
            "last_id": thread[-1]["message"].pk if thread else 0,
            "reader_language": language,
            "participants": participants,
            "others": [p for p in participants if p.user_id != request.user.pk and p.side != Side.STAFF],
            "meetings": meetings,
            "answerable": {
                m.pk
                for m in meetings
                if m.state == MeetingState.PROPOSED
                and m.proposed_by_id != request.user.pk
                and proposer_sides.get(m.proposed_by_id) != my_side
            },
            "form": form,
            "nda": nda,
            "files_open": nda["files_open"]
            if nda
            else confidential_files_open(conversation=conversation, user=request.user, seat=seat),
            "may_mark_confidential": bool(nda) and my_side == Side.OWNER,
            "owner_ids": {p.user_id for p in participants if p.side == Side.OWNER},
            "meeting_form": MeetingForm(),
            "outcome_form": OutcomeForm(),
            "report_form": ReportForm(),
            "colleague_form": ColleagueForm(),
            "offered": list(conversation.offered_achievements.all()),
            "ws_path": f"/ws/conversations/{conversation.pk}/",
            "blocked_ids": set(blocked_by(user=request.user).values_list("blocked_id", flat=True)),
            "language_names": {code: get_language_info(code)["name_translated"] for code, _name in settings.LANGUAGES},
        },
    )


@login_required
def conversation_start_view(request: HttpRequest, subject_type: str, pk: int) -> HttpResponse:
    if subject_type not in (SubjectType.ACHIEVEMENT, SubjectType.DEMAND):
        raise Http404  # a project's conversation starts from the investor's interest on the project's page
    try:
        listing = conversation_subject(subject_type=subject_type, subject_id=pk)
    except NegotiationError as exc:
        raise Http404 from exc
    mine = member_institution_ids(request.user)
    own_achievements = []
    if subject_type == SubjectType.DEMAND:
        own_achievements = list(
            Achievement.objects.filter(state=ModerationState.PUBLISHED)
            .filter(Q(owner=request.user) | Q(institution_id__in=mine))
            .order_by("-published_at")[:50]
        )
    form = StartForm(request.POST or None, request.FILES or None, initial={"language": request.user.preferred_language})
    form.fields["offered"].choices = [(a.pk, str(a)) for a in own_achievements]
    if subject_type == SubjectType.DEMAND:
        del form.fields["purpose"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conversation, _created = conversation_start(
                user=request.user,
                subject_type=subject_type,
                subject_id=pk,
                purpose=data.get("purpose", ""),
                body=data["body"],
                language=data["language"],
                offered_achievement_ids=data.get("offered", []),
                files=request.FILES.getlist("files"),
                idempotency_key=request.POST.get("idempotency_key", ""),
            )
        except NegotiationError as exc:
            if exc.code == "conversation_exists":
                return back(request, exc.data["id"])
            fail(request, exc)
        except MarketplaceError as exc:
            fail(request, exc)
        else:
            messages.success(request, _("Your message was sent. You will be notified of the answer."))
            return back(request, conversation.pk)
    return render(
        request,
        "negotiations/start.html",
        {"listing": listing, "subject_type": subject_type, "form": form, "has_offers": bool(own_achievements)},
    )


def _zone(name: str):
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


@login_required
@require_POST
def meeting_propose_view(request: HttpRequest, pk: int) -> HttpResponse:
    conversation, _seat = get_or_404(request, pk)
    form = MeetingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the proposed times."))
        return back(request, pk, "#meetings")
    zone = _zone(form.cleaned_data["time_zone"])
    slots = []
    for name in ("slot_1", "slot_2", "slot_3"):
        when = form.cleaned_data.get(name)
        if when is not None:
            # The browser sent local wall-clock times and its zone; without JS they are read in UTC.
            slots.append(when.replace(tzinfo=zone) if zone else when)
    try:
        meeting_propose(
            conversation=conversation,
            user=request.user,
            slots=slots,
            duration_minutes=form.cleaned_data["duration_minutes"],
            link=form.cleaned_data["link"],
        )
    except MarketplaceError as exc:
        fail(request, exc)
    return back(request, pk, "#meetings")


@login_required
@require_POST
def meeting_decide_view(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    conversation, _seat = get_or_404(request, pk)
    meeting = Meeting.objects.filter(pk=meeting_id, conversation=conversation).first()
    if meeting is None:
        raise Http404
    slot = request.POST.get("slot", "")
    try:
        meeting_decide(
            meeting=meeting,
            user=request.user,
            accept=request.POST.get("decision") == "accept",
            slot=int(slot) if slot.isdigit() else -1,
        )
    except MarketplaceError as exc:
        fail(request, exc)
    return back(request, pk, "#meetings")


@login_required
@require_POST
def outcome_view(request: HttpRequest, pk: int) -> HttpResponse:
    conversation, _seat = get_or_404(request, pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the outcome."))
        return back(request, pk, "#outcome")
    data = form.cleaned_data
    try:
        outcome_set(
            conversation=conversation,
            user=request.user,
            state=data["state"],
            reason=data["reason"],
            note=data["note"],
            price=data["price"],
            currency=data["currency"],
            achievement_id=request.POST.get("achievement") or None,
        )
    except MarketplaceError as exc:
        fail(request, exc)
    return back(request, pk, "#outcome")


@login_required
@require_POST
def report_view(request: HttpRequest, pk: int, message_id: int) -> HttpResponse:
    conversation, _seat = get_or_404(request, pk)
    message = Message.objects.filter(pk=message_id, conversation=conversation).first()
    if message is None:
        raise Http404
    try:
        message_report(message=message, user=request.user, reason=request.POST.get("reason", ""))
    except MarketplaceError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("Thank you. The center's staff will look at this message."))
    return back(request, pk, f"#m{message_id}")


@login_required
@require_POST
def block_view(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    get_or_404(request, pk)
    try:
        user_block(user=request.user, blocked_id=user_id)
    except MarketplaceError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("This person can no longer write to you."))
    return back(request, pk)


@login_required
@require_POST
def colleague_view(request: HttpRequest, pk: int) -> HttpResponse:
    conversation, _seat = get_or_404(request, pk)
    try:
        colleague_add(conversation=conversation, user=request.user, email=request.POST.get("email", ""))
    except MarketplaceError as exc:
        fail(request, exc)
    return back(request, pk, "#people")


@login_required
@require_POST
def mediation_view(request: HttpRequest, pk: int) -> HttpResponse:
    conversation, _seat = get_or_404(request, pk)
    try:
        mediation_request(conversation=conversation, user=request.user)
    except MarketplaceError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("The center's staff were asked to join this conversation."))
    return back(request, pk)


@login_required
@require_POST
def read_view(request: HttpRequest, pk: int) -> HttpResponse:
    conversation, seat = get_or_404(request, pk)
    if seat is not None:
        up_to = request.POST.get("up_to", "")
        conversation_mark_read(
            conversation=conversation, user=request.user, up_to=int(up_to) if up_to.isdigit() else None
        )
    return back(request, pk)
