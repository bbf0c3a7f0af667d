"""The one-stop service hub: services that providers publish, and the requests members send them (quote, delivery,
rating), including requests to "the center" that staff route to a provider."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from experts.models import LANGUAGE_CODES_HELP, Expert
from marketplace.audit import audit_trail
from marketplace.codes import codes
from marketplace.fields import CountryField
from marketplace.i18n import LocalizedTextMixin
from marketplace.models import AttachmentBase, Currency, Institution, ModerationState

AMOUNT_MAX_DIGITS = 14
AMOUNT_DECIMALS = 2


class ServiceCategory(models.TextChoices):
    IP_REGISTRATION = "ip_registration", _("IP registration and patent search")
    IP_MANAGEMENT = "ip_management", _("IP management")
    LEGAL = "legal", _("Legal advice and contracts")
    VALUATION = "valuation", _("Asset valuation")
    TESTING = "testing", _("Technical evaluation and testing")
    PILOT = "pilot_production", _("Pilot production")
    TRANSLATION = "translation", _("Translation and localisation")
    MARKET_RESEARCH = "market_research", _("Market research")
    FINANCING = "financing", _("Financing and investment matching")
    DATA = "data", _("Data and information services")
    TRAINING = "training", _("Training")


CATEGORY_ICONS = {
    ServiceCategory.IP_REGISTRATION: "file-earmark-lock",
    ServiceCategory.IP_MANAGEMENT: "briefcase",
    ServiceCategory.LEGAL: "bank",
    ServiceCategory.VALUATION: "graph-up-arrow",
    ServiceCategory.TESTING: "clipboard2-check",
    ServiceCategory.PILOT: "gear-wide-connected",
    ServiceCategory.TRANSLATION: "translate",
    ServiceCategory.MARKET_RESEARCH: "bar-chart",
    ServiceCategory.FINANCING: "cash-coin",
    ServiceCategory.DATA: "database",
    ServiceCategory.TRAINING: "mortarboard",
}


class PriceKind(models.TextChoices):
    FIXED = "fixed", _("Fixed price")
    FROM = "from", _("Starting from")
    ON_QUOTE = "on_quote", _("On quote")


class Service(LocalizedTextMixin, models.Model):
    """A service a provider institution offers; moderated by staff like a listing (the same states and audit)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="services")
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="services", verbose_name=_("provider")
    )
    category = models.CharField(_("category"), max_length=32, choices=ServiceCategory.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10000)
    source_language = models.CharField(
        _("language written in"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    country = CountryField(_("provider's country"), db_index=True)
    countries_served = CountryField(_("countries served"), multiple=True, blank=True)
    languages = models.CharField(_("languages served"), max_length=200, help_text=LANGUAGE_CODES_HELP)
    delivery_days = models.PositiveSmallIntegerField(
        _("typical delivery time (days)"), validators=[MinValueValidator(1), MaxValueValidator(730)]
    )
    price_kind = models.CharField(_("price"), max_length=16, choices=PriceKind.choices, default=PriceKind.ON_QUOTE)
    price_amount = models.DecimalField(
        _("amount"),
        max_digits=AMOUNT_MAX_DIGITS,
        decimal_places=AMOUNT_DECIMALS,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    price_currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    state = models.CharField(
        _("status"), max_length=32, choices=ModerationState.choices, default=ModerationState.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.CheckConstraint(
                condition=Q(price_kind="on_quote") | (Q(price_amount__isnull=False) & ~Q(price_currency="")),
                name="service_price_or_on_quote",
            ),
            models.CheckConstraint(
                condition=Q(price_amount__isnull=True) | Q(price_amount__gte=0), name="service_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.text("title")

    def get_absolute_url(self) -> str:
        return reverse("services:detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.state == ModerationState.PUBLISHED

    @property
    def language_list(self) -> list[str]:
        return codes(self.languages)

    @property
    def icon(self) -> str:
        return CATEGORY_ICONS.get(self.category, "briefcase")


class RequestState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    QUOTED = "quoted", _("Quoted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DELIVERED = "delivered", _("Delivered")
    CONFIRMED = "confirmed", _("Confirmed")
    RATED = "rated", _("Rated")
    CANCELLED = "cancelled", _("Cancelled")


class RatingState(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class ServiceRequest(models.Model):
    """A member's request to a provider (for one of its services, or to an expert), or to the center for routing.

    The provider side is the provider institution's active members, or the expert's own account. The state moves only
    through ``services.services.requests`` under a row lock.
    """

    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="service_requests")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, null=True, blank=True, related_name="requests")
    provider = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="service_requests"
    )
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, null=True, blank=True, related_name="requests")
    category = models.CharField(_("category"), max_length=32, choices=ServiceCategory.choices)
    message = models.TextField(_("message"), max_length=5000)
    achievement = models.ForeignKey(
        "achievements.Achievement", on_delete=models.SET_NULL, null=True, blank=True, related_name="service_requests"
    )
    deal = models.ForeignKey(
        "trading.Deal", on_delete=models.SET_NULL, null=True, blank=True, related_name="service_requests"
    )
    state = models.CharField(
        _("status"), max_length=16, choices=RequestState.choices, default=RequestState.REQUESTED, db_index=True
    )
    quote_amount = models.DecimalField(
        _("quoted price"), max_digits=AMOUNT_MAX_DIGITS, decimal_places=AMOUNT_DECIMALS, null=True, blank=True
    )
    quote_currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    quote_delivery_date = models.DateField(_("delivery date"), null=True, blank=True)
    quote_terms = models.TextField(_("terms"), max_length=5000, blank=True)
    delivery_note = models.TextField(_("delivery note"), max_length=5000, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField(_("comment"), max_length=2000, blank=True)
    rating_state = models.CharField(_("rating status"), max_length=16, choices=RatingState.choices, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)
    routed_at = models.DateTimeField(_("routed"), null=True, blank=True)
    quoted_at = models.DateTimeField(_("quoted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="service_request_rating_1_5"
            ),
            models.CheckConstraint(
                condition=Q(quote_amount__isnull=True) | Q(quote_amount__gte=0), name="service_request_quote_positive"
            ),
        ]
        indexes = [models.Index(fields=["provider", "state"]), models.Index(fields=["requester", "state"])]

    def __str__(self) -> str:
        return _("Request #%(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("services:request_detail", kwargs={"pk": self.pk})

    @property
    def to_center(self) -> bool:
        """Sent to the center and not routed yet: staff choose a provider."""
        return self.provider_id is None and self.expert_id is None


@audit_trail
class ServiceRequestEvent(models.Model):
    """The audit trail of a request: every state change, who made it, when (the indicators read these times too)."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    from_state = models.CharField(_("from"), max_length=16, choices=RequestState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=RequestState.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("request event")
        verbose_name_plural = _("request history")

    def __str__(self) -> str:
        return f"{self.from_state or '∅'} → {self.to_state}"


class DeliveryFile(AttachmentBase):
    """A file the provider delivered: private to the two parties (and staff), served by a permission-checked view."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="files")

    class Meta(AttachmentBase.Meta):
        verbose_name = _("delivered file")
        verbose_name_plural = _("delivered files")
