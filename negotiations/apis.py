"""The conversations API (``/api/v1/conversations/``): participants only, everyone else gets 404.

Creates answer 201 only after the service's transaction committed; an ``Idempotency-Key`` header makes a retried create
return the original (200, ``Idempotent-Replayed: true``).
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from achievements.serializers import NdaAcceptedSerializer
from marketplace.api import LanguageMixin, given_query_params
from marketplace.apis import ERROR_RESPONSE, parse_pk
from marketplace.parsers import JSONParser
from negotiations.models import Conversation, Meeting, MessageAttachment
from negotiations.selectors import (
    confidential_files_open,
    conversation_get,
    conversation_list,
    conversation_nda,
    messages_after,
    participants_of,
)
from negotiations.serializers import (
    AttachmentConfidentialSerializer,
    AttachmentOutSerializer,
    ConversationCreateSerializer,
    ConversationDetailSerializer,
    ConversationFilterSerializer,
    ConversationListSerializer,
    ConversationUploadSerializer,
    MeetingCreateSerializer,
    MeetingDecisionSerializer,
    MeetingSerializer,
    MessageCreateSerializer,
    MessageSerializer,
    MessageUploadSerializer,
    OutcomeSerializer,
    ReadSerializer,
    message_rows,
    sent_message,
)
from negotiations.services import (
    attachment_confidential_set,
    conversation_mark_read,
    conversation_nda_accept,
    conversation_start,
    meeting_decide,
    meeting_propose,
    message_post,
    outcome_set,
)

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description=_("Repeat a create safely: the same key returns what the first request created."),
)
AFTER_PARAMETER = OpenApiParameter(
    "after", int, description=_("Only messages with a larger id (the cursor a reconnecting client sends).")
)


def _given_body(request, serializer_class: type, upload_class: type) -> dict:
    """The request's body validated by ``serializer_class``, or by ``upload_class`` (with files) if it is multipart."""
    multipart = request.content_type.startswith("multipart/")
    given = (upload_class if multipart else serializer_class)(data=request.data)
    given.is_valid(raise_exception=True)
    return given.validated_data


def _replayed(data: dict, created: bool) -> Response:
    if created:
        return Response(data, status=status.HTTP_201_CREATED)
    return Response(data, status=status.HTTP_200_OK, headers={"Idempotent-Replayed": "true"})


@extend_schema_view(
    list=extend_schema(
        tags=["conversations"],
        summary=_("My conversations, newest activity first, with unread counts"),
        parameters=[ConversationFilterSerializer],
        responses={200: ConversationListSerializer(many=True), 400: ERROR_RESPONSE},
    ),
    retrieve=extend_schema(tags=["conversations"], responses={200: ConversationDetailSerializer, 404: ERROR_RESPONSE}),
    create=extend_schema(
        tags=["conversations"],
        summary=_("Express interest in an achievement or propose a solution to a demand"),
        request={
            "application/json": ConversationCreateSerializer,
            "application/x-www-form-urlencoded": ConversationCreateSerializer,
            "multipart/form-data": ConversationUploadSerializer,
        },
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            201: ConversationDetailSerializer,
            200: ConversationDetailSerializer,
            400: ERROR_RESPONSE,
            403: ERROR_RESPONSE,
            404: ERROR_RESPONSE,
            409: ERROR_RESPONSE,
            429: ERROR_RESPONSE,
        },
    ),
)
class ConversationViewSet(LanguageMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    serializer_class = ConversationDetailSerializer

    def get_queryset(self):  # the schema generator asks; reads go through the selectors
        if getattr(self, "swagger_fake_view", False):
            return Conversation.objects.none()
        return conversation_list(user=self.request.user) if self.request else None

    def _detail(self, conversation, *, seat, unread: int = 0) -> dict:
        context = {
            "participants": participants_of(conversation=conversation),
            "unread": unread,
            "nda": conversation_nda(conversation=conversation, user=self.request.user, seat=seat),
        }
        return ConversationDetailSerializer(conversation, context=context).data

    def list(self, request):
        query = ConversationFilterSerializer(data=given_query_params(request.query_params))
        query.is_valid(raise_exception=True)
        filters = query.validated_data
        seats = conversation_list(
            user=request.user,
            unread_only=filters.get("unread", False),
            state=filters.get("state", ""),
            subject_type=filters.get("subject_type", ""),
            subject_id=filters.get("subject_id"),
        )
        page = self.paginate_queryset(seats)
        return self.get_paginated_response(ConversationListSerializer(page, many=True).data)

    def retrieve(self, request, pk: str):
        conversation, seat = conversation_get(pk=parse_pk(pk), user=request.user)
        return Response(self._detail(conversation, seat=seat))

    def create(self, request):
        data = _given_body(request, ConversationCreateSerializer, ConversationUploadSerializer)
        conversation, created = conversation_start(
            user=request.user,
            subject_type=data["subject_type"],
            subject_id=data["subject_id"],
            purpose=data["purpose"],
            body=data["body"],
            language=data.get("language"),
            offered_achievement_ids=data.get("offered_achievements", []),
            files=data.get("files", []),
            idempotency_key=request.headers.get("Idempotency-Key", ""),
        )
        seat = conversation.participants.filter(user=request.user).first()
        return _replayed(self._detail(conversation, seat=seat), created)

    @extend_schema(
        tags=["conversations"],
        methods=["GET"],
        summary=_("The thread, oldest first; each message in its original and as the reader sees it"),
        parameters=[AFTER_PARAMETER],
        responses={200: MessageSerializer(many=True), 404: ERROR_RESPONSE},
    )
    @extend_schema(
        tags=["conversations"],
        methods=["POST"],
        summary=_("Send a message"),
        request={
            "application/json": MessageCreateSerializer,
            "application/x-www-form-urlencoded": MessageCreateSerializer,
            "multipart/form-data": MessageUploadSerializer,
        },
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            201: MessageSerializer,
            200: MessageSerializer,
            400: ERROR_RESPONSE,
            404: ERROR_RESPONSE,
            409: ERROR_RESPONSE,
            429: ERROR_RESPONSE,
        },
    )
    @action(detail=True, methods=["get", "post"])
    def messages(self, request, pk: str):
        conversation, seat = conversation_get(pk=parse_pk(pk), user=request.user, lean=True)
        if request.method == "GET":
            after = request.query_params.get("after", "0")
            rows = messages_after(conversation=conversation, after=int(after) if after.isdigit() else 0)
            files_open = confidential_files_open(conversation=conversation, user=request.user, seat=seat)
            return Response(
                message_rows(rows, user=request.user, conversation_language=get_language(), files_open=files_open)
            )
        given = _given_body(request, MessageCreateSerializer, MessageUploadSerializer)
        message, created = message_post(
            conversation=conversation,
            user=request.user,
            body=given.get("body", ""),
            language=given.get("language"),
            files=given.get("files", []),
            idempotency_key=request.headers.get("Idempotency-Key", ""),
            confidential=given.get("confidential", False),
        )
        if created:
            # Just written: nothing to read back (no translation exists yet), the sender sees the original.
            return _replayed(sent_message(message), created)
        rows = message_rows(
            messages_after(conversation=conversation, after=message.pk - 1, limit=1),
            user=request.user,
            conversation_language=get_language(),
            files_open=confidential_files_open(conversation=conversation, user=request.user, seat=seat),
        )
        return _replayed(rows[0], created)

    @extend_schema(
        tags=["conversations"],
        summary=_("Propose a meeting at one to three times (ISO 8601 with their zone)"),
        request=MeetingCreateSerializer,
        responses={201: MeetingSerializer, 400: ERROR_RESPONSE, 404: ERROR_RESPONSE},
    )
    @action(detail=True, methods=["post"])
    def meetings(self, request, pk: str):
        conversation, _seat = conversation_get(pk=parse_pk(pk), user=request.user)
        given = MeetingCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        meeting = meeting_propose(conversation=conversation, user=request.user, **given.validated_data)
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=["conversations"],
        summary=_("Accept one proposed time of a meeting request, or decline it"),
        request=MeetingDecisionSerializer,
        responses={
            200: MeetingSerializer,
            400: ERROR_RESPONSE,
            403: ERROR_RESPONSE,
            404: ERROR_RESPONSE,
            409: ERROR_RESPONSE,
        },
    )
    @action(detail=True, methods=["post"], url_path=r"meetings/(?P<meeting_id>\d+)/decision")
    def meeting_decision(self, request, pk: str, meeting_id: str):
        conversation, _seat = conversation_get(pk=parse_pk(pk), user=request.user)
        meeting = Meeting.objects.filter(pk=int(meeting_id), conversation=conversation).first()
        if meeting is None:
            return Response({"code": "not_found", "detail": str(_("Not found."))}, status=status.HTTP_404_NOT_FOUND)
        given = MeetingDecisionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        decided = meeting_decide(meeting=meeting, user=request.user, **given.validated_data)
        return Response(MeetingSerializer(decided).data)

    @extend_schema(
        tags=["conversations"],
        summary=_("Set the outcome: negotiating, agreed (records a deal) or closed (with a reason)"),
        request=OutcomeSerializer,
        responses={200: ConversationDetailSerializer, 400: ERROR_RESPONSE, 404: ERROR_RESPONSE, 409: ERROR_RESPONSE},
    )
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk: str):
        conversation, seat = conversation_get(pk=parse_pk(pk), user=request.user)
        given = OutcomeSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        updated = outcome_set(
            conversation=conversation,
            user=request.user,
            state=data["state"],
            reason=data.get("reason", ""),
            note=data.get("note", ""),
            price=data.get("price"),
            currency=data.get("currency", ""),
            achievement_id=data.get("achievement"),
        )
        return Response(self._detail(updated, seat=seat))

    @extend_schema(
        tags=["conversations"],
        summary=_("Mark the thread read up to a message (default: all)"),
        request=ReadSerializer,
        responses={200: ReadSerializer, 404: ERROR_RESPONSE},
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk: str):
        conversation, seat = conversation_get(pk=parse_pk(pk), user=request.user)
        given = ReadSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        if seat is None:
            return Response({"up_to": 0})
        mark = conversation_mark_read(
            conversation=conversation, user=request.user, up_to=given.validated_data.get("up_to")
        )
        return Response({"up_to": mark})

    @extend_schema(
        tags=["conversations"],
        summary=_("Accept the listing's NDA (requester's side): opens the conversation's confidential files"),
        request=None,
        responses={
            200: NdaAcceptedSerializer,
            400: ERROR_RESPONSE,
            403: ERROR_RESPONSE,
            404: ERROR_RESPONSE,
            409: ERROR_RESPONSE,
        },
    )
    @action(detail=True, methods=["post"], url_path="nda/accept")
    def nda_accept(self, request, pk: str):
        conversation, _seat = conversation_get(pk=parse_pk(pk), user=request.user)
        acceptance = conversation_nda_accept(conversation=conversation, user=request.user)
        return Response(NdaAcceptedSerializer(acceptance).data)

    @extend_schema(
        tags=["conversations"],
        summary=_("Mark a file the listing's side sent as confidential (behind the NDA), or open it again"),
        request=AttachmentConfidentialSerializer,
        responses={
            200: AttachmentOutSerializer,
            400: ERROR_RESPONSE,
            403: ERROR_RESPONSE,
            404: ERROR_RESPONSE,
            409: ERROR_RESPONSE,
        },
    )
    @action(detail=True, methods=["post"], url_path=r"attachments/(?P<attachment_id>\d+)/confidential")
    def attachment_confidential(self, request, pk: str, attachment_id: str):
        conversation, _seat = conversation_get(pk=parse_pk(pk), user=request.user, lean=True)
        attachment = (
            MessageAttachment.objects.select_related("message")
            .filter(pk=int(attachment_id), message__conversation=conversation)
            .first()
        )
        if attachment is None:
            return Response({"code": "not_found", "detail": str(_("Not found."))}, status=status.HTTP_404_NOT_FOUND)
        given = AttachmentConfidentialSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        updated = attachment_confidential_set(
            attachment=attachment, user=request.user, confidential=given.validated_data["confidential"]
        )
        return Response(AttachmentOutSerializer(updated, context={"files_open": True}).data)
