"""Conversations between the two sides of a listing: inquiries on achievements, proposals to demands, investors'
interest in projects, negotiation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.models import AttachmentBase

BODY_MAX_CHARS = 10_000


class SubjectType(models.TextChoices):
    ACHIEVEMENT = "achievement", _("Achievement")
    DEMAND = "demand", _("Demand")
    PROJECT = "project", _("Project")


class Purpose(models.TextChoices):
    LICENCE = "licence", _("Licence")
    PURCHASE = "purchase", _("Purchase")
    JOINT_DEVELOPMENT = "joint_development", _("Joint development")
    INVESTMENT = "investment", _("Investment")
    INFORMATION = "information", _("More information")
    SOLUTION = "solution", _("Proposed solution")


INTEREST_PURPOSES = (
    Purpose.LICENCE,
    Purpose.PURCHASE,
    Purpose.JOINT_DEVELOPMENT,
    Purpose.INVESTMENT,
    Purpose.INFORMATION,
)


class ConversationState(models.TextChoices):
    OPEN = "open", _("Open")
    NEGOTIATING = "negotiating", _("In negotiation")
    AGREED = "agreed", _("Agreement reached")
    CLOSED = "closed", _("Closed without agreement")


ACTIVE_STATES = (ConversationState.OPEN, ConversationState.NEGOTIATING)


class CloseReason(models.TextChoices):
    PRICE = "price", _("Price")
    IP_TERMS = "ip_terms", _("IP terms")
    TECHNICAL_FIT = "technical_fit", _("Technical fit")
    TIMING = "timing", _("Timing")
    NO_ANSWER = "no_answer", _("No answer")
    OTHER = "other", _("Other")


class Side(models.TextChoices):
    OWNER = "owner", _("Listing owner")
    REQUESTER = "requester", _("Requester")
    STAFF = "staff", _("Center staff")


class Conversation(models.Model):
    """One thread between a listing's side and a requester's side; its messages are private to its participants."""

    subject_type = models.CharField(_("about"), max_length=16, choices=SubjectType.choices)
    achievement = models.ForeignKey(
        "achievements.Achievement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name=_("achievement"),
    )
    demand = models.ForeignKey(
        "demands.Demand",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name=_("demand"),
    )
    # An investor's interest in a project (projects.InterestExpression) opens a conversation about the project.
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name=_("project"),
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=Purpose.choices)
    # A proposal to a demand may offer some of the proposer's own published achievements.
    offered_achievements = models.ManyToManyField(
        "achievements.Achievement", blank=True, related_name="offered_in", verbose_name=_("offered achievements")
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requester")
    )
    state = models.CharField(
        _("status"), max_length=16, choices=ConversationState.choices, default=ConversationState.OPEN, db_index=True
    )
    close_reason = models.CharField(_("reason"), max_length=16, choices=CloseReason.choices, blank=True)
    close_note = models.TextField(_("note"), blank=True, max_length=2000)
    deal = models.OneToOneField(
        "trading.Deal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conversation",
        verbose_name=_("deal"),
    )
    mediation_requested_at = models.DateTimeField(_("mediation requested"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(subject_type="achievement", achievement__isnull=False, demand__isnull=True, project__isnull=True)
                )
                | (Q(subject_type="demand", demand__isnull=False, achievement__isnull=True, project__isnull=True))
                | (Q(subject_type="project", project__isnull=False, achievement__isnull=True, demand__isnull=True)),
                name="conversation_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return _("Conversation #%(id)s") % {"id": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("negotiations:detail", args=[self.pk])

    @property
    def subject(self):
        return {
            SubjectType.ACHIEVEMENT: self.achievement,
            SubjectType.DEMAND: self.demand,
            SubjectType.PROJECT: self.project,
        }.get(self.subject_type)

    @property
    def subject_id(self) -> int | None:
        return self.achievement_id or self.demand_id or self.project_id

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def staff_may_read(self) -> bool:
        return self.mediation_requested_at is not None or self.reported_at is not None


class Participant(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_seats")
    side = models.CharField(_("side"), max_length=16, choices=Side.choices)
    # The id of the last message this person has seen: every later message by someone else is unread.
    last_read_id = models.BigIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="participant_once")]
        indexes = [models.Index(fields=["user", "conversation"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_side_display()})"


class Message(models.Model):
    """A message as its author wrote it; readers in other languages get a MessageTranslation."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("message"), max_length=BODY_MAX_CHARS, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # Events of the conversation shown in the thread (a meeting accepted, an agreement): a code + facts, rendered in
    # each reader's language; ``body`` stays empty.
    event = models.CharField(max_length=32, blank=True)
    event_data = models.JSONField(default=dict, blank=True)
    # What a client sent as Idempotency-Key: a retried send returns the message it already created.
    idempotency_key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="message_idempotency_key_once",
            )
        ]
        # The per-author rate limit counts an author's messages of the last minute on every send.
        indexes = [models.Index(fields=["author", "created_at"], name="message_author_recent")]

    def __str__(self) -> str:
        return _("Message #%(id)s") % {"id": self.pk}


class TranslationState(models.TextChoices):
    DONE = "done", _("Translated")
    UNAVAILABLE = "unavailable", _("No engine for this language pair")


class MessageTranslation(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    text = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=TranslationState.choices)
    provider = models.CharField(max_length=100, blank=True)
    source_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message translation")
        verbose_name_plural = _("message translations")
        constraints = [models.UniqueConstraint(fields=["message", "language"], name="message_translation_once")]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.language}"


class MessageAttachment(AttachmentBase):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    # Marked by the listing's side: the requester's side opens it only after accepting the achievement's current NDA
    # (achievements.NdaAcceptance, the same acceptance that opens the achievement's confidential dossier).
    is_confidential = models.BooleanField(
        _("confidential"), default=False, help_text=_("Opens for the requester's side only after they accept the NDA.")
    )
    confidential_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confidential_marked_at = models.DateTimeField(null=True, blank=True)

    class Meta(AttachmentBase.Meta):
        verbose_name = _("message attachment")
        verbose_name_plural = _("message attachments")


class MeetingState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Meeting(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="meetings")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    slots = models.JSONField(_("proposed times"), default=list)  # 1–3 ISO 8601 instants in UTC
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    link = models.URLField(_("online meeting link"), blank=True, max_length=500)
    state = models.CharField(_("status"), max_length=16, choices=MeetingState.choices, default=MeetingState.PROPOSED)
    starts_at = models.DateTimeField(_("agreed time"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")

    def __str__(self) -> str:
        return _("Meeting request #%(id)s") % {"id": self.pk}


class MessageReport(models.Model):
    """A participant's report of a message: the staff's queue (and the conversation opens to staff)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports", verbose_name=_("message"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("reported by")
    )
    reason = models.TextField(_("reason"), max_length=2000)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reported message")
        verbose_name_plural = _("reported messages")
        constraints = [models.UniqueConstraint(fields=["message", "reporter"], name="message_report_once")]

    def __str__(self) -> str:
        return _("Report of message #%(id)s") % {"id": self.message_id}


class Block(models.Model):
    """``blocker`` no longer receives conversations or messages from ``blocked``."""

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("blocked person")
        verbose_name_plural = _("blocked people")
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once")]

    def __str__(self) -> str:
        return f"{self.blocker_id} ⊘ {self.blocked_id}"
