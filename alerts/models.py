"""Saved searches (run again by beat; each newly published match is told once) and the watchlist."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedSearch(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=120)
    # The search page's query string without page and sort (q, type, mode and the facet filters), normalised by the
    # service: the same search saved twice is one row.
    params = models.CharField(_("search"), max_length=2000)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    last_run_at = models.DateTimeField(_("last checked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        constraints = [models.UniqueConstraint(fields=["user", "params"], name="saved_search_user_params_unique")]

    def __str__(self) -> str:
        return self.name


class SavedSearchHit(models.Model):
    """A listing this saved search has seen (told or not): a re-index or the next run never tells it again."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="hits")
    key = models.CharField(max_length=64)  # the search key, "achievement:12"
    notified = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["saved_search", "key"], name="saved_search_hit_once")]

    def __str__(self) -> str:
        return self.key


class Watch(models.Model):
    """A member follows a listing or an auction: its updates, an auction's start, last hour and close are notified."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("watching since"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("watched item")
        verbose_name_plural = _("watchlist")
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="watch_once_per_user")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.content_type.model}:{self.object_id}"


class WatchNotice(models.Model):
    """What a watch has already told ("auction_started", "published:<event id>"...): each is told once."""

    watch = models.ForeignKey(Watch, on_delete=models.CASCADE, related_name="notices")
    event = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["watch", "event"], name="watch_notice_once")]

    def __str__(self) -> str:
        return self.event
