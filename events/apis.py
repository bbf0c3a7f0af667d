"""The events API: events, registration, participants (confirmed participants only), 1:1 meeting requests and
answers, the personal agenda, and the public MOU register. Thin edges: selectors read and decide visibility, services
decide the rules and raise ``EventsError`` codes that the exception handler turns into ``{"code", "detail"}``."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from events.errors import EventsError
from events.models import Event, EventKind, Mou
from events.selectors import (
    PHASES,
    agenda_items,
    can_see_participants,
    event_get,
    event_list,
    meetings_of,
    mou_list,
    participant_list,
    registration_of,
    showcase_of,
)
from events.serializers import (
    AgendaSerializer,
    EventDetailSerializer,
    EventSerializer,
    MeetingRequestSerializer,
    MeetingSerializer,
    MouSerializer,
    ParticipantSerializer,
    RegistrationRequestSerializer,
    RegistrationSerializer,
)
from events.services import meeting_accept, meeting_decline, meeting_request, registration_register
from marketplace.api import LanguageMixin
from marketplace.apis import ERROR_RESPONSE, LANG_PARAMETER, parse_pk

ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("The event's id."))
MID = OpenApiParameter("mid", int, OpenApiParameter.PATH, description=_("The meeting's id."))
ERRORS = dict.fromkeys((400, 401, 403, 404, 409), ERROR_RESPONSE)


def _event_or_404(pk: str) -> Event:
    event = event_get(pk=parse_pk(pk))
    if event is None:
        raise exceptions.NotFound()
    return event


def _my_registration(event: Event, user):
    registration = registration_of(event=event, user=user)
    if registration is None:
        raise EventsError(_("You are not registered for this event."), code="not_registered", status=403)
    return registration


@extend_schema_view(
    list=extend_schema(
        tags=["events"],
        summary=_("Events: annual meetings, roadshows, trade fairs, brokerage, online sessions, trainings"),
        parameters=[
            OpenApiParameter("phase", str, enum=list(PHASES), description=_("upcoming or past; default: all.")),
            OpenApiParameter("kind", str, enum=[str(k) for k in EventKind.values]),
            OpenApiParameter("country", str, description=_("ISO country code.")),
            OpenApiParameter("field", str, description=_("Technology field slug.")),
            LANG_PARAMETER,
        ],
        responses={200: EventSerializer(many=True), 400: ERROR_RESPONSE},
    ),
    retrieve=extend_schema(
        tags=["events"],
        summary=_("One event, with its description, agenda, showcase and your registration status"),
        parameters=[ID, LANG_PARAMETER],
        responses={200: EventDetailSerializer, 404: ERROR_RESPONSE},
    ),
)
class EventViewSet(LanguageMixin, viewsets.GenericViewSet):
    queryset = Event.objects.none()  # tells the schema generator the model; reads go through selectors
    serializer_class = EventSerializer
    lookup_value_regex = "[^/]+"
    filter_backends: ClassVar[list] = []

    def list(self, request: Request) -> Response:
        params = request.query_params
        phase = params.get("phase") or None
        if phase is not None and phase not in PHASES:
            raise exceptions.ValidationError({"phase": [_("Choose upcoming or past.")]})
        kind = params.get("kind", "")
        if kind and kind not in EventKind.values:
            raise exceptions.ValidationError({"kind": [_("Unknown event type.")]})
        events = event_list(
            phase=phase, kind=kind, country=params.get("country", "")[:2].upper(), field=params.get("field", "")[:50]
        )
        page = self.paginate_queryset(events)
        return self.get_paginated_response(EventSerializer(page, many=True, context=self.get_serializer_context()).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        event = _event_or_404(pk)
        context = {
            **self.get_serializer_context(),
            "showcase": list(showcase_of(event=event)),
            "registration": registration_of(event=event, user=request.user),
        }
        return Response(EventDetailSerializer(event, context=context).data)

    @extend_schema(
        tags=["events"],
        summary=_("Register for the event (idempotent)"),
        description=_(
            "Send {} or your event profile. 201: registered now; 200: already registered (profile updated). status "
            'is "confirmed", "waitlisted" (the event is full: you move up when a seat frees) or "pending" (staff '
            "approve registrations). Refusals: registration_closed, registration_declined."
        ),
        parameters=[ID],
        request=RegistrationRequestSerializer,
        responses={201: RegistrationSerializer, 200: RegistrationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def registration(self, request: Request, pk: str) -> Response:
        event = _event_or_404(pk)
        query = RegistrationRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        outcome = registration_register(event_id=event.pk, user=request.user, profile=query.validated_data)
        code = status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK
        return Response(RegistrationSerializer(outcome.registration).data, status=code)

    @extend_schema(
        tags=["events"],
        summary=_("The event's participants who show their profile (to confirmed participants and staff only)"),
        parameters=[ID, OpenApiParameter("q", str, description=_("Words in name, organisation, offers, seeks."))],
        responses={200: ParticipantSerializer(many=True), **ERRORS},
    )
    @action(detail=True, permission_classes=[IsAuthenticated])
    def participants(self, request: Request, pk: str) -> Response:
        event = _event_or_404(pk)
        if not can_see_participants(event=event, user=request.user):
            raise EventsError(
                _("Only confirmed participants of this event see who takes part."), code="not_registered", status=403
            )
        rows = participant_list(event=event, q=request.query_params.get("q", "")[:100])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ParticipantSerializer(page, many=True).data)

    @extend_schema(
        tags=["events"],
        summary=_("Request a 1:1 meeting with another participant"),
        description=_(
            "Refusals: not_registered, invalid_invitee, already_requested, meetings_not_offered, event_over."
        ),
        parameters=[ID],
        request=MeetingRequestSerializer,
        responses={201: MeetingSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def meetings(self, request: Request, pk: str) -> Response:
        event = _event_or_404(pk)
        query = MeetingRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        meeting = meeting_request(
            event_id=event.pk,
            user=request.user,
            invitee_id=query.validated_data["invitee"],
            message=query.validated_data.get("message", ""),
        )
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=["events"],
        summary=_("Accept a meeting request (the invitee): it is scheduled into a free slot and table"),
        description=_(
            "409 no_common_slot: the two of you have no free slot in common, or every table is taken in them; the "
            "request stays open. Accepting again returns the same meeting."
        ),
        parameters=[ID, MID],
        request=None,
        responses={200: MeetingSerializer, **ERRORS},
    )
    @action(
        detail=True, methods=["post"], url_path=r"meetings/(?P<mid>[^/]+)/accept", permission_classes=[IsAuthenticated]
    )
    def meeting_accept(self, request: Request, pk: str, mid: str) -> Response:
        event = _event_or_404(pk)
        meeting = meeting_accept(event_id=event.pk, meeting_id=parse_pk(mid), user=request.user)
        return Response(MeetingSerializer(meeting).data)

    @extend_schema(
        tags=["events"],
        summary=_("Decline a meeting request (the invitee)"),
        parameters=[ID, MID],
        request=None,
        responses={200: MeetingSerializer, **ERRORS},
    )
    @action(
        detail=True, methods=["post"], url_path=r"meetings/(?P<mid>[^/]+)/decline", permission_classes=[IsAuthenticated]
    )
    def meeting_decline(self, request: Request, pk: str, mid: str) -> Response:
        event = _event_or_404(pk)
        meeting = meeting_decline(event_id=event.pk, meeting_id=parse_pk(mid), user=request.user)
        return Response(MeetingSerializer(meeting).data)

    @extend_schema(
        tags=["events"],
        summary=_("Your personal agenda at the event: scheduled meetings and pitches, and all your meeting requests"),
        parameters=[ID],
        responses={200: AgendaSerializer, **ERRORS},
    )
    @action(detail=True, permission_classes=[IsAuthenticated])
    def agenda(self, request: Request, pk: str) -> Response:
        event = _event_or_404(pk)
        registration = _my_registration(event, request.user)
        items = []
        for item in agenda_items(registration=registration):
            if item["kind"] == "meeting":
                title = item["with"].user.display_name
                meeting, table = item["meeting"].pk, item["table"]
            else:
                title, meeting, table = str(item["showcase"].achievement), None, None
            items.append(
                {
                    "kind": item["kind"],
                    "starts_at": item["starts_at"],
                    "ends_at": item["ends_at"],
                    "title": title,
                    "table": table,
                    "meeting": meeting,
                }
            )
        data = {
            "event": event.pk,
            "time_zone": event.time_zone,
            "registration": registration,
            "items": items,
            "meetings": list(meetings_of(registration=registration)),
        }
        return Response(AgendaSerializer(data).data)


MIN_YEAR, MAX_YEAR = 1, 9999


@extend_schema_view(
    list=extend_schema(
        tags=["events"],
        summary=_("The public MOU register"),
        parameters=[
            OpenApiParameter("institution", int, description=_("Only MOUs this institution signed.")),
            OpenApiParameter("field", str, description=_("Technology field slug.")),
            OpenApiParameter("year", {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}),
        ],
        responses={200: MouSerializer(many=True), 400: ERROR_RESPONSE},
    )
)
class MouViewSet(LanguageMixin, viewsets.GenericViewSet):
    queryset = Mou.objects.none()
    serializer_class = MouSerializer
    filter_backends: ClassVar[list] = []

    def list(self, request: Request) -> Response:
        params = request.query_params
        try:
            institution = int(params["institution"]) if params.get("institution") else None
        except ValueError as exc:
            raise exceptions.ValidationError({"institution": [_("Give a number.")]}) from exc
        try:
            year = int(params["year"]) if params.get("year") else None
        except ValueError as exc:
            raise exceptions.ValidationError({"year": [_("Give a number.")]}) from exc
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            # A year Python's dates cannot hold would be a 500 in the date arithmetic of the selector.
            raise exceptions.ValidationError({"year": [_("Give a year between 1 and 9999.")]})
        mous = mou_list(institution_id=institution, field=params.get("field", "")[:50], year=year)
        page = self.paginate_queryset(mous)
        return self.get_paginated_response(MouSerializer(page, many=True, context={"request": request}).data)
