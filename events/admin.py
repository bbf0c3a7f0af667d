"""The staff's workplace for events: events with their meeting slots and showcase, registrations (approve, decline,
CSV export), the meeting grid per slot, check-in counts, and the MOU register. Actions call services."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from events.models import Event, Meeting, MeetingSlot, Mou, Registration, RegistrationStatus, ShowcaseItem
from events.selectors import event_counts
from events.services import (
    event_save_texts,
    meetings_schedule,
    registration_approve,
    registration_decline,
    showcase_changed,
    waitlist_promote,
)
from marketplace.admin import SOURCE_TEXTS, SourceLanguageSearchMixin, TextEditsAdminMixin, TranslatedFieldsetsMixin
from marketplace.errors import MarketplaceError
from marketplace.uploads import ATTACHMENT_TYPES, check_upload


class MeetingSlotInline(admin.TabularInline):
    model = MeetingSlot
    extra = 0
    fields = ("starts_at", "ends_at")


class ShowcaseItemForm(forms.ModelForm):
    class Meta:
        model = ShowcaseItem
        fields = ("achievement", "position", "pitch_starts_at", "pitch_minutes")

    def clean_achievement(self):
        achievement = self.cleaned_data["achievement"]
        if achievement is not None and not achievement.is_published:
            raise forms.ValidationError(gettext("Only published achievements can be featured."))
        return achievement


class ShowcaseItemInline(admin.TabularInline):
    model = ShowcaseItem
    form = ShowcaseItemForm
    extra = 0
    raw_id_fields = ("achievement",)
    fields = ("position", "achievement", "pitch_starts_at", "pitch_minutes")


@admin.register(Event)
class EventAdmin(TextEditsAdminMixin, SourceLanguageSearchMixin, TranslatedFieldsetsMixin, TranslationAdmin):
    list_display = ("title_column", "kind", "starts_at", "city", "confirmed", "waitlisted", "checked_in", "links")
    list_filter = ("kind", "is_published", "country")
    search_fields = ("title_en", "city", "venue")
    source_search_fields = ("title",)
    date_hierarchy = "starts_at"
    raw_id_fields = ("organiser",)
    filter_horizontal = ("fields",)
    inlines = (MeetingSlotInline, ShowcaseItemInline)
    actions = ("schedule_meetings",)
    base_fieldsets = [
        (SOURCE_TEXTS, {"fields": ("title", "description", "agenda")}),
        (None, {"fields": ("kind", "source_language", "organiser", "is_published", "fields", "languages")}),
        (
            _("Place and time"),
            {"fields": ("venue", "city", "country", "online_url", "time_zone", "starts_at", "ends_at")},
        ),
        (
            _("Registration"),
            {"fields": ("registration_open", "registration_deadline", "capacity", "requires_approval")},
        ),
        (_("B2B meetings"), {"fields": ("meeting_tables", "meetings_online")}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_confirmed=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
                n_waitlisted=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
                n_checked_in=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
            )
        )

    @admin.display(description=_("title"), ordering="title_en")
    def title_column(self, obj: Event) -> str:
        return str(obj)

    @admin.display(description=_("confirmed"), ordering="n_confirmed")
    def confirmed(self, obj: Event) -> str:
        return f"{obj.n_confirmed}/{obj.capacity}" if obj.capacity else str(obj.n_confirmed)

    @admin.display(description=_("waiting list"), ordering="n_waitlisted")
    def waitlisted(self, obj: Event) -> int:
        return obj.n_waitlisted

    @admin.display(description=_("checked in"), ordering="n_checked_in")
    def checked_in(self, obj: Event) -> int:
        return obj.n_checked_in

    @admin.display(description=_("staff pages"))
    def links(self, obj: Event) -> str:
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:events_event_grid", args=[obj.pk]),
            gettext("Meeting grid"),
            reverse("events:checkin", args=[obj.pk]),
            gettext("Check-in"),
            reverse("admin:events_registration_changelist") + f"?event__id__exact={obj.pk}",
            gettext("Registrations"),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            event_save_texts(event=obj)
        elif "capacity" in form.changed_data:
            promoted = waitlist_promote(event_id=obj.pk)
            if promoted:
                self.message_user(
                    request, gettext("%(count)d person(s) moved from the waiting list.") % {"count": len(promoted)}
                )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        showcase_changed()

    @admin.action(description=_("Schedule the accepted meetings that have no slot yet"), permissions=["change"])
    def schedule_meetings(self, request: HttpRequest, queryset: QuerySet) -> None:
        for event in queryset:
            report = meetings_schedule(event_id=event.pk)
            level = messages.SUCCESS if not report.unplaced else messages.WARNING
            self.message_user(
                request,
                gettext("%(event)s: %(placed)d of %(accepted)d waiting meetings scheduled.")
                % {"event": event, "placed": report.placed, "accepted": report.accepted},
                level,
            )

    def get_urls(self):
        extra = [path("<int:pk>/grid/", self.admin_site.admin_view(self.grid_view), name="events_event_grid")]
        return extra + super().get_urls()

    def grid_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The meeting grid: one row per slot, one column per table, who meets whom."""
        event = get_object_or_404(Event, pk=pk)
        if not self.has_view_permission(request, event):
            raise PermissionDenied
        meetings = Meeting.objects.filter(event=event, slot__isnull=False).select_related(
            "requester__user", "invitee__user"
        )
        cells = {(m.slot_id, m.table): m for m in meetings}
        tables = list(range(1, event.meeting_tables + 1))
        rows = [
            {"slot": slot, "cells": [cells.get((slot.pk, table)) for table in tables]} for slot in event.slots.all()
        ]
        unscheduled = Meeting.objects.filter(event=event, status="accepted", slot__isnull=True).count()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Meeting grid: %(event)s") % {"event": event},
            "event": event,
            "tables": tables,
            "rows": rows,
            "unscheduled": unscheduled,
            "counts": event_counts(event=event),
            "zone": event.zone,
            "opts": self.model._meta,
        }
        return render(request, "admin/events/grid.html", context)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("user", "event", "status", "organisation", "created_at", "checked_in_at")
    list_filter = ("status", ("checked_in_at", admin.EmptyFieldListFilter), "event")
    list_select_related = ("user", "event")
    search_fields = ("user__email", "user__display_name", "organisation")
    raw_id_fields = ("user", "event", "achievements", "demands")
    readonly_fields = ("status", "checkin_code", "checked_in_at", "created_at", "status_changed_at")
    filter_horizontal = ("unavailable_slots",)
    actions = ("approve", "decline", "export_csv")

    def has_add_permission(self, request) -> bool:
        return False  # members register themselves; the seat count is the service's

    @admin.action(description=_("Approve the selected registrations"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        for pk in queryset.values_list("pk", flat=True):
            registration_approve(registration_id=pk, actor=request.user)
        self.message_user(request, gettext("Registrations approved (confirmed, or waitlisted when full)."))

    @admin.action(description=_("Decline the selected registrations"), permissions=["change"])
    def decline(self, request: HttpRequest, queryset: QuerySet) -> None:
        for pk in queryset.values_list("pk", flat=True):
            registration_decline(registration_id=pk, actor=request.user)
        self.message_user(request, gettext("Registrations declined."))

    @admin.action(description=_("Export the selected registrations as CSV"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="registrations-{timezone.now():%Y%m%d-%H%M}.csv"'
        writer = csv.writer(response)
        writer.writerow(
            ["event", "name", "e-mail", "country", "organisation", "role", "status", "registered", "checked in"]
        )
        for row in queryset.select_related("user", "event").order_by("event_id", "created_at"):
            writer.writerow(
                [
                    _cell(value)
                    for value in (
                        row.event,
                        row.user.display_name,
                        row.user.email,
                        row.user.country,
                        row.organisation,
                        row.position,
                        row.status,
                        row.created_at.isoformat(),
                        row.checked_in_at.isoformat() if row.checked_in_at else "",
                    )
                ]
            )
        return response


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "event",
        "requester",
        "invitee",
        "status",
        "slot",
        "table",
        "requester_outcome",
        "invitee_outcome",
    )
    list_filter = ("status", "event", "requester_outcome", "invitee_outcome")
    list_select_related = ("event", "requester__user", "invitee__user", "slot__event")
    raw_id_fields = ("event", "requester", "invitee", "slot")
    readonly_fields = ("event", "requester", "invitee", "status", "slot", "table", "created_at", "responded_at")

    def has_add_permission(self, request) -> bool:
        return False  # requests, answers and places are the services' (the grid's guarantees live there)


class MouForm(forms.ModelForm):
    class Meta:
        model = Mou
        fields = ("title", "scope", "with_center", "parties", "signed_on", "fields", "document", "event", "is_public")

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and hasattr(document, "content_type"):  # a new upload, not the stored file
            try:
                check_upload(document, allowed={".pdf": ATTACHMENT_TYPES[".pdf"]})
            except MarketplaceError as exc:
                raise forms.ValidationError(str(exc.message), code=exc.code) from exc
        return document


@admin.register(Mou)
class MouAdmin(admin.ModelAdmin):
    form = MouForm
    list_display = ("title", "signed_on", "with_center", "event", "is_public")
    list_filter = ("with_center", "is_public", "signed_on")
    search_fields = ("title", "scope", "parties__slug")
    date_hierarchy = "signed_on"
    filter_horizontal = ("parties", "fields")
    raw_id_fields = ("event",)
