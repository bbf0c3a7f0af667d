"""Events: cooperation meetings, roadshows, trade fairs, B2B brokerage and trainings; registrations with a waiting
list, the showcase of featured achievements, 1:1 meetings scheduled into slots and tables, and the MOU register.

Its own app: nothing below it depends on events. It reads achievements, demands and institutions; listing pages learn
about featured achievements and institution pages about MOUs through the floor's small registries
(``marketplace.extensions``), which this app fills in its ``ready()``.
"""

from __future__ import annotations

import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.fields import CountryField
from marketplace.i18n import LocalizedTextMixin
from marketplace.models import Institution, TechnologyField


class EventKind(models.TextChoices):
    ANNUAL_MEETING = "annual_meeting", _("Annual cooperation meeting")
    ROADSHOW = "roadshow", _("Technology roadshow")
    TRADE_FAIR = "trade_fair", _("Trade fair")
    BROKERAGE = "brokerage", _("B2B brokerage event")
    ONLINE_SESSION = "online_session", _("Online matchmaking session")
    TRAINING = "training", _("Training")


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: use an IANA name such as Asia/Shanghai."), code="invalid_tz")


class Event(LocalizedTextMixin, models.Model):
    kind = models.CharField(_("type"), max_length=32, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("The programme, one item per line."))
    source_language = models.CharField(_("source language"), max_length=10, choices=settings.LANGUAGES, default="en")
    organiser = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_events",
        verbose_name=_("organiser"),
        help_text=_("Empty: the BRICS Technology Transfer Center itself."),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_time_zone])
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True, help_text=_("Empty: no limit."))
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    registration_open = models.BooleanField(_("registration open"), default=True)
    requires_approval = models.BooleanField(_("staff approve registrations"), default=False)
    languages = models.JSONField(
        _("languages spoken or interpreted"),
        default=list,
        blank=True,
        help_text=_('Language codes, e.g. ["en", "zh-hans"].'),
    )
    fields = models.ManyToManyField(TechnologyField, blank=True, related_name="events", verbose_name=_("fields"))
    meeting_tables = models.PositiveSmallIntegerField(
        _("meeting tables"), default=0, help_text=_("Tables (or online rooms) for 1:1 meetings; 0: no B2B meetings.")
    )
    meetings_online = models.BooleanField(_("meetings in online rooms"), default=False)
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("starts_at", "pk")
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.text("title")

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The event cannot end before it starts.")})
        unknown = [code for code in self.languages or [] if code not in dict(settings.LANGUAGES)]
        if not isinstance(self.languages, list) or unknown:
            raise ValidationError({"languages": _("Give a list of interface language codes.")})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def has_meetings(self) -> bool:
        return self.meeting_tables > 0


class MeetingSlot(models.Model):
    """A time window of the event's B2B grid; each table holds one meeting per slot."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ("starts_at", "pk")
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        constraints = [models.UniqueConstraint(fields=["event", "starts_at"], name="slot_unique_start")]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at, zoneinfo.ZoneInfo(self.event.time_zone))
        return local.strftime("%Y-%m-%d %H:%M")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_REGISTRATION = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


def _checkin_code() -> str:
    return secrets.token_urlsafe(12)


class Registration(models.Model):
    """One member at one event, with the event profile other participants browse for B2B meetings."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations")
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices, db_index=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.CharField(_("role"), max_length=120, blank=True)
    interests = models.CharField(_("interests"), max_length=300, blank=True)
    offers = models.TextField(_("what I offer"), blank=True, max_length=2000)
    seeks = models.TextField(_("what I seek"), blank=True, max_length=2000)
    profile_public = models.BooleanField(
        _("show my profile to other participants"), default=True, help_text=_("Needed to receive meeting requests.")
    )
    achievements = models.ManyToManyField(
        "achievements.Achievement", blank=True, related_name="+", verbose_name=_("my achievements")
    )
    demands = models.ManyToManyField("demands.Demand", blank=True, related_name="+", verbose_name=_("my demands"))
    unavailable_slots = models.ManyToManyField(
        MeetingSlot, blank=True, related_name="+", verbose_name=_("slots I am not available")
    )
    checkin_code = models.CharField(max_length=32, unique=True, default=_checkin_code, editable=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    # When the current status began: the waiting list is served in the order people joined it.
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="registration_once_per_event")]
        indexes = [models.Index(fields=["event", "status", "status_changed_at"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.event_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED


class MeetingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingOutcome(models.TextChoices):
    COOPERATION = "cooperation_intention", _("Cooperation intention")
    FOLLOW_UP = "follow_up", _("Follow-up meeting")
    NO_FIT = "no_fit", _("No fit")


class Meeting(models.Model):
    """A 1:1 meeting between two confirmed participants; once accepted, the scheduler gives it a slot and table."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    requester = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="meetings_requested")
    invitee = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="meetings_invited")
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.REQUESTED, db_index=True
    )
    slot = models.ForeignKey(MeetingSlot, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings")
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    requester_outcome = models.CharField(
        _("requester's outcome"), max_length=32, choices=MeetingOutcome.choices, blank=True
    )
    invitee_outcome = models.CharField(
        _("invitee's outcome"), max_length=32, choices=MeetingOutcome.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("B2B meeting")
        verbose_name_plural = _("B2B meetings")
        constraints = [
            # The database's own guarantee, beside the event lock: a table holds one meeting per slot.
            models.UniqueConstraint(fields=["slot", "table"], name="meeting_one_per_table_and_slot"),
            models.CheckConstraint(condition=~Q(requester=models.F("invitee")), name="meeting_not_with_oneself"),
            models.CheckConstraint(
                condition=Q(slot__isnull=True, table__isnull=True) | Q(slot__isnull=False, table__isnull=False),
                name="meeting_slot_and_table_together",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}: {self.requester_id} → {self.invitee_id}"

    def other(self, registration_id: int) -> int:
        return self.invitee_id if registration_id == self.requester_id else self.requester_id


class MeetingSeat(models.Model):
    """Who sits where when: one row per person and scheduled meeting, unique per slot, so the database itself refuses
    to put a person into two meetings at once."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="seats")
    slot = models.ForeignKey(MeetingSlot, on_delete=models.CASCADE, related_name="seats")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "slot"], name="seat_one_per_person_and_slot")]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.slot_id}"


class ShowcaseItem(models.Model):
    """A featured technology of an event ("15 outstanding innovations"), with its pitch on the agenda."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="showcase")
    achievement = models.ForeignKey(
        "achievements.Achievement", on_delete=models.CASCADE, related_name="showcased_at", verbose_name=_("achievement")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    pitch_starts_at = models.DateTimeField(_("pitch starts"), null=True, blank=True)
    pitch_minutes = models.PositiveSmallIntegerField(_("pitch length (minutes)"), default=10)

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("showcased technology")
        verbose_name_plural = _("showcase")
        constraints = [models.UniqueConstraint(fields=["event", "achievement"], name="showcase_once_per_event")]

    def __str__(self) -> str:
        return str(self.achievement)


def _mou_upload(instance: Mou, filename: str) -> str:
    return f"mous/{secrets.token_hex(8)}.pdf"


class Mou(models.Model):
    """A memorandum of understanding signed between the center and institutions, or between institutions."""

    title = models.CharField(_("title"), max_length=240)
    scope = models.TextField(_("scope"), blank=True)
    with_center = models.BooleanField(_("the center is a party"), default=True)
    parties = models.ManyToManyField(Institution, related_name="mous", verbose_name=_("parties"))
    signed_on = models.DateField(_("signed on"), db_index=True)
    fields = models.ManyToManyField(TechnologyField, blank=True, related_name="mous", verbose_name=_("fields"))
    document = models.FileField(_("document (PDF)"), upload_to=_mou_upload, blank=True)
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="mous", verbose_name=_("signed at")
    )
    is_public = models.BooleanField(_("public"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-signed_on", "-pk")
        verbose_name = _("MOU")
        verbose_name_plural = _("MOU register")

    def __str__(self) -> str:
        return self.title
