from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications import registry
from notifications.registry import Channel


class ChannelChoice(models.TextChoices):
    IMMEDIATE = Channel.IMMEDIATE, _("E-mail me (if still unread after a few minutes)")
    DIGEST = Channel.DIGEST, _("Daily digest")
    OFF = Channel.OFF, _("No e-mail")


class Notification(models.Model):
    """Something a person should know about; its text is rendered in the reader's language when shown."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=64)
    context = models.JSONField(_("context"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # Notifications about the same thing (one conversation) are read together: "conversation:42".
    group = models.CharField(_("group"), max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The navbar badge counts these on every page.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            # The e-mail jobs look for these.
            models.Index(
                fields=["created_at"],
                condition=Q(read_at__isnull=True, emailed_at__isnull=True),
                name="notification_to_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def title(self) -> str:
        return registry.fill(registry.get(self.kind).title, self.context)

    @property
    def body(self) -> str:
        template = registry.get(self.kind).body
        return registry.fill(template, self.context) if template else ""


class NotificationPreference(models.Model):
    """A person's e-mail choice for one kind of notification; absent = the kind's default."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=64)
    channel = models.CharField(_("e-mail"), max_length=16, choices=ChannelChoice.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.channel}"
