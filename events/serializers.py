"""API serializers of events, registrations, participants, meetings, agendas and MOUs. Nothing here decides a rule:
the services do. Times go out in UTC (ISO 8601) beside the event's ``time_zone`` and its local offset."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from events.models import (
    Event,
    EventKind,
    MeetingOutcome,
    MeetingStatus,
    Mou,
    Registration,
    RegistrationStatus,
)
from events.timezones import utc_offset
from marketplace.serializers import InputSerializer, PageUrlField, TranslatedField


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = PageUrlField()
    kind = serializers.ChoiceField(choices=EventKind.choices, read_only=True)
    title = TranslatedField("title")
    language = serializers.SerializerMethodField(help_text=_("Language of the returned title."))
    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    time_zone = serializers.CharField(read_only=True, help_text=_("The event's IANA time zone, e.g. Asia/Shanghai."))
    utc_offset = serializers.SerializerMethodField(help_text=_("The event zone's offset at the start, e.g. UTC+08:00."))
    local_starts_at = serializers.SerializerMethodField(help_text=_("The start in the event's own time zone."))
    venue = serializers.CharField(read_only=True)
    city = serializers.CharField(read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    online = serializers.SerializerMethodField()
    organiser = serializers.SerializerMethodField(help_text=_("Institution id; null: the center itself."))
    capacity = serializers.IntegerField(read_only=True, allow_null=True)
    registration_deadline = serializers.DateTimeField(read_only=True, allow_null=True)
    registration_open = serializers.BooleanField(read_only=True)
    requires_approval = serializers.BooleanField(read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    technology_fields = serializers.SerializerMethodField(help_text=_("Technology field slugs."))
    b2b_meetings = serializers.BooleanField(source="has_meetings", read_only=True)

    def get_language(self, obj: Event) -> str:
        return obj.text_with_language("title")[1]

    def get_utc_offset(self, obj: Event) -> str:
        return utc_offset(obj.starts_at, obj.zone)

    def get_local_starts_at(self, obj: Event) -> str:
        return timezone.localtime(obj.starts_at, obj.zone).isoformat()

    def get_online(self, obj: Event) -> bool:
        return bool(obj.online_url)

    def get_organiser(self, obj: Event) -> int | None:
        return obj.organiser_id

    def get_technology_fields(self, obj: Event) -> list[str]:
        return [field.slug for field in obj.fields.all()]


class EventDetailSerializer(EventSerializer):
    description = TranslatedField("description")
    agenda = TranslatedField("agenda")
    showcase = serializers.SerializerMethodField(help_text=_("Ids of the featured achievements, in order."))
    me = serializers.SerializerMethodField(help_text=_("Your registration's status, or null."))

    def get_showcase(self, obj: Event) -> list[int]:
        return [item.achievement_id for item in self.context.get("showcase", [])]

    def get_me(self, obj: Event) -> str | None:
        registration = self.context.get("registration")
        return registration.status if registration is not None else None


class RegistrationRequestSerializer(InputSerializer):
    organisation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    position = serializers.CharField(max_length=120, required=False, allow_blank=True)
    interests = serializers.CharField(max_length=300, required=False, allow_blank=True)
    offers = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    seeks = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    profile_public = serializers.BooleanField(required=False)


class RegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    event = serializers.IntegerField(source="event_id", read_only=True)
    status = serializers.ChoiceField(choices=RegistrationStatus.choices, read_only=True)
    organisation = serializers.CharField(read_only=True)
    position = serializers.CharField(read_only=True)
    interests = serializers.CharField(read_only=True)
    offers = serializers.CharField(read_only=True)
    seeks = serializers.CharField(read_only=True)
    profile_public = serializers.BooleanField(read_only=True)


class ParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text=_("The registration id: send it as a meeting's invitee."))
    name = serializers.CharField(source="user.display_name", read_only=True)
    country = serializers.CharField(source="user.country.code", read_only=True)
    organisation = serializers.CharField(read_only=True)
    position = serializers.CharField(read_only=True)
    interests = serializers.CharField(read_only=True)
    offers = serializers.CharField(read_only=True)
    seeks = serializers.CharField(read_only=True)
    achievements = serializers.SerializerMethodField()
    demands = serializers.SerializerMethodField()

    def get_achievements(self, obj: Registration) -> list[int]:
        return [item.pk for item in obj.achievements.all() if item.is_published]

    def get_demands(self, obj: Registration) -> list[int]:
        return [item.pk for item in obj.demands.all() if item.is_published]


class MeetingRequestSerializer(InputSerializer):
    invitee = serializers.IntegerField(min_value=1, help_text=_("The participant's id (from participants/)."))
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True)


@extend_schema_serializer(component_name="EventMeeting")  # "Meeting" is a conversation's meeting request
class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    requester = serializers.IntegerField(source="requester_id", read_only=True)
    invitee = serializers.IntegerField(source="invitee_id", read_only=True)
    status = serializers.ChoiceField(choices=MeetingStatus.choices, read_only=True)
    message = serializers.CharField(read_only=True)
    starts_at = serializers.DateTimeField(source="slot.starts_at", read_only=True, allow_null=True, default=None)
    ends_at = serializers.DateTimeField(source="slot.ends_at", read_only=True, allow_null=True, default=None)
    table = serializers.IntegerField(read_only=True, allow_null=True)
    requester_outcome = serializers.ChoiceField(choices=MeetingOutcome.choices, read_only=True, allow_blank=True)
    invitee_outcome = serializers.ChoiceField(choices=MeetingOutcome.choices, read_only=True, allow_blank=True)


class AgendaItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("meeting", "meeting"), ("pitch", "pitch")])
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    title = serializers.CharField()
    table = serializers.IntegerField(allow_null=True)
    meeting = serializers.IntegerField(allow_null=True)


class AgendaSerializer(serializers.Serializer):
    event = serializers.IntegerField()
    time_zone = serializers.CharField()
    registration = RegistrationSerializer()
    items = AgendaItemSerializer(many=True)
    meetings = MeetingSerializer(many=True, help_text=_("All your meeting requests, sent and received, every state."))


class MouSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    scope = serializers.CharField(read_only=True)
    signed_on = serializers.DateField(read_only=True)
    with_center = serializers.BooleanField(read_only=True)
    parties = serializers.SerializerMethodField(help_text=_("Institution ids."))
    technology_fields = serializers.SerializerMethodField(help_text=_("Technology field slugs."))
    event = serializers.IntegerField(source="event_id", read_only=True, allow_null=True)
    document = serializers.SerializerMethodField()

    def get_parties(self, obj: Mou) -> list[int]:
        return [party.pk for party in obj.parties.all()]

    def get_technology_fields(self, obj: Mou) -> list[str]:
        return [field.slug for field in obj.fields.all()]

    def get_document(self, obj: Mou) -> str | None:
        request = self.context.get("request")
        if not obj.document:
            return None
        path = reverse("events:mou-document", args=[obj.pk])
        return request.build_absolute_uri(path) if request is not None else path
