"""The service hub in the staff's workplace: the services' moderation queue (the listings' queue, panel, actions and
audit trail), requests to route, and ratings to moderate."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from marketplace.admin import (
    MODERATION_FIELDS,
    SOURCE_TEXTS,
    ListingAdmin,
    ModerationEventInline,
    ModerationStatusFilter,
)
from marketplace.admin_base import ReadOnlyAdminMixin, ask, country_column
from marketplace.errors import MarketplaceError
from marketplace.models import Institution
from services.models import DeliveryFile, RatingState, Service, ServiceRequest, ServiceRequestEvent
from services.services.catalogue import rating_moderate
from services.services.requests import service_request_route


@admin.register(Service)
class ServiceAdmin(ListingAdmin):
    list_display = (
        "title_column",
        "institution",
        "category",
        country_column,
        "state_badge",
        "submitted_at",
        "published_at",
    )
    list_select_related = ("owner", "institution")
    list_filter = (ModerationStatusFilter, "category", "price_kind")
    search_fields = ("title_en", "owner__email", "institution__name_en")
    changelist_defer = ("description",)
    inlines = (ModerationEventInline,)
    base_fieldsets = [
        (None, {"fields": ("owner", "institution", "category", "source_language")}),
        (_("Status and dates"), {"fields": MODERATION_FIELDS}),
        (SOURCE_TEXTS, {"fields": ("title", "description")}),
        (_("Reach"), {"fields": ("country", "countries_served", "languages", "delivery_days")}),
        (_("Price"), {"fields": ("price_kind", "price_amount", "price_currency")}),
    ]

    def get_urls(self):
        # Services have no attachments: only the moderation panel's URL of the listing admin applies.
        return [url for url in super().get_urls() if not str(url.pattern).endswith("attachments/<int:attachment_id>/")]


class RequestEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ServiceRequestEvent
    fields = ("created_at", "actor", "from_state", "to_state", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class DeliveryFileInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DeliveryFile
    fields = ("original_name", "content_type", "size", "uploaded_by", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


class RouteForm(forms.Form):
    provider = forms.ModelChoiceField(
        queryset=Institution.objects.order_by("name"),
        label=_("Provider"),
        help_text=_("The provider that will answer the request with a quote."),
    )


class ToCenterFilter(admin.SimpleListFilter):
    """Opens on what waits for staff: requests to the center not routed yet, and ratings to moderate."""

    title = _("waiting for staff")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("route", _("Requests to route")), ("ratings", _("Ratings to moderate")), ("all", _("All"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "all":
            return queryset
        if value == "ratings":
            return queryset.filter(rating_state=RatingState.PENDING)
        if value == "route":
            return queryset.filter(provider__isnull=True, expert__isnull=True, state="requested")
        return queryset


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    """Staff see every request (mediation, abuse reports), route requests to the center, and moderate ratings; the
    state itself moves only through the parties' actions."""

    list_display = (
        "__str__",
        "requester",
        "provider",
        "expert",
        "category",
        "state",
        "rating",
        "rating_state",
        "created_at",
    )
    list_select_related = ("requester", "provider", "expert__user")
    list_filter = (ToCenterFilter, "state", "category", "rating_state")
    search_fields = ("requester__email", "provider__name_en", "message")
    date_hierarchy = "created_at"
    raw_id_fields = ("requester", "service", "provider", "expert", "achievement", "deal")
    readonly_fields = [f.name for f in ServiceRequest._meta.fields]
    inlines = (DeliveryFileInline, RequestEventInline)
    actions = ("publish_ratings", "reject_ratings", "route_to_provider")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.action(description=_("Publish the selected ratings"), permissions=["change"])
    def publish_ratings(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._ratings(request, queryset, publish=True)

    @admin.action(description=_("Reject the selected ratings"), permissions=["change"])
    def reject_ratings(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._ratings(request, queryset, publish=False)

    def _ratings(self, request: HttpRequest, queryset: QuerySet, *, publish: bool) -> None:
        done = 0
        for item in queryset.exclude(rating__isnull=True):
            rating_moderate(request=item, actor=request.user, publish=publish)
            done += 1
        self.message_user(request, _("%(count)d ratings updated.") % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Route to a provider…"), permissions=["change"])
    def route_to_provider(self, request: HttpRequest, queryset: QuerySet):
        form, page = ask(
            self, request, queryset, action="route_to_provider", title=_("Route to a provider"), form_class=RouteForm
        )
        if page is not None:
            return page
        done = 0
        for item in queryset:
            try:
                service_request_route(request=item, actor=request.user, provider=form.cleaned_data["provider"])
            except MarketplaceError as exc:
                self.message_user(request, f"#{item.pk}: {exc.message}", messages.WARNING)
            else:
                done += 1
        self.message_user(request, _("%(count)d requests routed.") % {"count": done}, messages.SUCCESS)
        return None
