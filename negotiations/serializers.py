"""API shapes of conversations and messages. Input serializers only check shapes; services decide the rules."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.models import Currency
from marketplace.serializers import InputSerializer
from negotiations.models import CloseReason, Conversation, ConversationState, Meeting, Purpose, SubjectType
from negotiations.selectors import display_for, reader_language, translations_for


class ConversationFilterSerializer(serializers.Serializer):
    """The query parameters of my conversations: a malformed value is a 400, not a filter silently left out."""

    unread = serializers.BooleanField(required=False, help_text=_("Only conversations with unread messages."))
    state = serializers.ChoiceField(choices=ConversationState.choices, required=False)
    subject_type = serializers.ChoiceField(choices=SubjectType.choices, required=False)
    subject_id = serializers.IntegerField(
        required=False, min_value=1, help_text=_("The subject's id (applies together with subject_type).")
    )


class ConversationCreateSerializer(InputSerializer):
    subject_type = serializers.ChoiceField(choices=SubjectType.choices)
    subject_id = serializers.IntegerField(min_value=1)
    purpose = serializers.ChoiceField(choices=Purpose.choices, required=False, default=Purpose.INFORMATION)
    body = serializers.CharField(max_length=20_000, trim_whitespace=False)
    language = serializers.CharField(max_length=10, required=False, allow_blank=True)
    offered_achievements = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=20
    )


class MessageCreateSerializer(InputSerializer):
    body = serializers.CharField(max_length=20_000, trim_whitespace=False, allow_blank=True, required=False)
    language = serializers.CharField(max_length=10, required=False, allow_blank=True)
    confidential = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("The files are confidential: the requester's side opens them after accepting the listing's NDA."),
    )


def _files_field() -> serializers.ListField:
    # Only the shape: the service checks every file by its content (marketplace.uploads).
    return serializers.ListField(child=serializers.FileField(allow_empty_file=True), required=False)


class ConversationUploadSerializer(ConversationCreateSerializer):
    """A first message as a multipart body: the same fields, and its files."""

    files = _files_field()


class MessageUploadSerializer(MessageCreateSerializer):
    """A message as a multipart body: the same fields, and its files."""

    files = _files_field()


class MeetingCreateSerializer(InputSerializer):
    slots = serializers.ListField(child=serializers.CharField(max_length=64), min_length=1, max_length=3)
    duration_minutes = serializers.IntegerField(required=False, default=60)
    link = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class MeetingDecisionSerializer(InputSerializer):
    accept = serializers.BooleanField()
    slot = serializers.IntegerField(required=False, default=0, min_value=0, max_value=2)


class OutcomeSerializer(InputSerializer):
    state = serializers.ChoiceField(
        choices=[ConversationState.NEGOTIATING, ConversationState.AGREED, ConversationState.CLOSED]
    )
    reason = serializers.ChoiceField(choices=CloseReason.choices, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    price = serializers.DecimalField(max_digits=15, decimal_places=2, required=False, min_value=0)
    currency = serializers.ChoiceField(choices=Currency.choices, required=False, default="")
    achievement = serializers.IntegerField(required=False, min_value=1)


class ReadSerializer(InputSerializer):
    up_to = serializers.IntegerField(required=False, min_value=0)


class DisplaySerializer(serializers.Serializer):
    language = serializers.CharField()
    text = serializers.CharField()
    machine_translated = serializers.BooleanField()


class AttachmentOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    confidential = serializers.BooleanField(source="is_confidential")
    locked = serializers.SerializerMethodField(
        help_text=_("Confidential and not open to you yet: accept the listing's NDA (POST …/nda/accept/) to download.")
    )

    def get_url(self, obj) -> str:
        return reverse("negotiations:attachment", args=[obj.pk])

    def get_locked(self, obj) -> bool:
        return obj.is_confidential and not self.context.get("files_open", False)


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.SerializerMethodField()
    language = serializers.CharField()
    body = serializers.CharField()
    display = serializers.SerializerMethodField()
    event = serializers.CharField()
    event_data = serializers.JSONField()
    created_at = serializers.DateTimeField()
    attachments = serializers.SerializerMethodField()

    def get_author(self, obj) -> dict:
        return {"id": obj.author_id, "name": str(obj.author) if obj.author_id else ""}

    @staticmethod
    def _display(obj, context) -> dict:
        shown = display_for(obj, context["reader_language"], context["translations"].get(obj.pk))
        return {key: shown[key] for key in ("language", "text", "machine_translated")}

    @extend_schema_field(AttachmentOutSerializer(many=True))
    def get_attachments(self, obj) -> list[dict]:
        # A message just sent carries the attachments it created: no query back for them.
        files = getattr(obj, "_new_attachments", None)
        return AttachmentOutSerializer(
            obj.attachments.all() if files is None else files, many=True, context=self.context
        ).data

    @extend_schema_field(DisplaySerializer)
    def get_display(self, obj) -> dict:
        return self._display(obj, self.context)


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "proposed_by", "slots", "duration_minutes", "link", "state", "starts_at", "created_at"]


class NdaAcceptanceOutSerializer(serializers.Serializer):
    user = serializers.CharField()
    accepted_at = serializers.DateTimeField()


class ConversationNdaSerializer(serializers.Serializer):
    """The listing's NDA as the conversation shows it (only conversations about an achievement with an NDA)."""

    text = serializers.CharField()
    files_open = serializers.BooleanField(help_text=_("You may open the conversation's confidential files."))
    must_accept = serializers.BooleanField(help_text=_("You are on the requester's side and have not accepted it."))
    accepted_at = serializers.DateTimeField(allow_null=True)
    acceptances = NdaAcceptanceOutSerializer(many=True, help_text=_("Who of the requester's side accepted, when."))


class ConversationListSerializer(serializers.Serializer):
    """One row of the inbox: a seat (the user's place in a conversation) with its unread count."""

    id = serializers.IntegerField(source="conversation.id")
    subject_type = serializers.CharField(source="conversation.subject_type")
    subject_id = serializers.SerializerMethodField()
    subject_title = serializers.SerializerMethodField()
    purpose = serializers.CharField(source="conversation.purpose")
    state = serializers.CharField(source="conversation.state")
    side = serializers.CharField()
    unread = serializers.IntegerField()
    last_message_at = serializers.DateTimeField(source="conversation.last_message_at")
    created_at = serializers.DateTimeField(source="conversation.created_at")

    def get_subject_id(self, obj) -> int:
        return obj.conversation.subject_id

    def get_subject_title(self, obj) -> str:
        return str(obj.conversation.subject)


class ConversationDetailSerializer(serializers.ModelSerializer):
    subject_id = serializers.SerializerMethodField()
    subject_title = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField()
    offered_achievements = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    meetings = MeetingSerializer(many=True, read_only=True)
    unread = serializers.SerializerMethodField()
    nda = serializers.SerializerMethodField()

    class Meta:
        model = Conversation
        fields = [
            "id",
            "subject_type",
            "subject_id",
            "subject_title",
            "purpose",
            "state",
            "close_reason",
            "deal",
            "offered_achievements",
            "participants",
            "meetings",
            "unread",
            "mediation_requested_at",
            "last_message_at",
            "created_at",
            "nda",
        ]

    def get_subject_id(self, obj) -> int:
        return obj.subject_id

    def get_subject_title(self, obj) -> str:
        return str(obj.subject)

    def get_participants(self, obj) -> list[dict]:
        return [{"id": p.user_id, "name": str(p.user), "side": p.side} for p in self.context["participants"]]

    def get_unread(self, obj) -> int:
        return self.context.get("unread", 0)

    @extend_schema_field(ConversationNdaSerializer(allow_null=True))
    def get_nda(self, obj) -> dict | None:
        nda = self.context.get("nda")
        return None if nda is None else ConversationNdaSerializer(nda).data


def message_rows(messages, *, user, conversation_language: str, files_open: bool) -> list[dict]:
    """Messages as the API and the websocket send them, ``display`` in ``user``'s reading language; ``files_open``:
    the reader may open the conversation's confidential files (else they show as locked)."""
    language = reader_language(user, conversation_language)
    context = {
        "reader_language": language,
        "translations": translations_for(messages=messages, language=language),
        "files_open": files_open,
    }
    return MessageSerializer(messages, many=True, context=context).data


def sent_message(message) -> dict:
    """A message its author just sent, in the API's shape: shown in its original (no translation exists yet); only
    the listing's side sends confidential files, and they are open to it."""
    context = {"reader_language": message.language, "translations": {}, "files_open": True}
    return MessageSerializer(message, context=context).data


class AttachmentConfidentialSerializer(InputSerializer):
    confidential = serializers.BooleanField()
