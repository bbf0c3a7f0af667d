"""Member institutions, the technology-field taxonomy and the pieces every listing shares."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.audit import audit_trail
from marketplace.fields import CountryField
from marketplace.i18n import LocalizedTextMixin


class Currency(models.TextChoices):
    CNY = "CNY", _("Chinese yuan (CNY)")
    USD = "USD", _("US dollar (USD)")
    EUR = "EUR", _("Euro (EUR)")
    RUB = "RUB", _("Russian rouble (RUB)")
    INR = "INR", _("Indian rupee (INR)")
    BRL = "BRL", _("Brazilian real (BRL)")
    ZAR = "ZAR", _("South African rand (ZAR)")
    IRR = "IRR", _("Iranian rial (IRR)")
    EGP = "EGP", _("Egyptian pound (EGP)")
    ETB = "ETB", _("Ethiopian birr (ETB)")
    AED = "AED", _("UAE dirham (AED)")
    IDR = "IDR", _("Indonesian rupiah (IDR)")
    MYR = "MYR", _("Malaysian ringgit (MYR)")
    THB = "THB", _("Thai baht (THB)")
    VND = "VND", _("Vietnamese dong (VND)")
    KZT = "KZT", _("Kazakhstani tenge (KZT)")
    UZS = "UZS", _("Uzbekistani som (UZS)")


class TransferModeCode(models.TextChoices):
    LICENSING = "licensing", _("Licensing")
    ASSIGNMENT = "assignment", _("Assignment (sale)")
    JOINT_DEVELOPMENT = "joint_development", _("Joint development")
    TECHNICAL_SERVICE = "technical_service", _("Technical service")
    EQUITY = "equity", _("Equity / investment")


class TransferMode(models.Model):
    """A way to transfer a technology; rows are fixed (data migration), labels come from the code's catalogue."""

    code = models.CharField(max_length=32, unique=True, choices=TransferModeCode.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("transfer mode")
        verbose_name_plural = _("transfer modes")

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return TransferModeCode(self.code).label


class TechnologyField(LocalizedTextMixin, models.Model):
    """A node of the technology-field taxonomy (biomedicine, renewable energy, ...)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=120)
    icon = models.CharField(_("icon"), max_length=40, blank=True, help_text=_("Bootstrap icon name, e.g. 'cpu'."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    source_language = "en"

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("technology field")
        verbose_name_plural = _("technology fields")

    def __str__(self) -> str:
        return self.text("name")


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    ENTERPRISE = "enterprise", _("Enterprise")
    TT_CENTER = "tt_center", _("Technology transfer center / office")
    GOVERNMENT = "government", _("Government body")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    INVESTOR = "investor", _("Investor")


class Institution(LocalizedTextMixin, models.Model):
    """A member of the network: a university, institute, enterprise, TT office, agency or service provider."""

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source_language = models.CharField(_("source language"), max_length=10, choices=settings.LANGUAGES, default="en")
    kind = models.CharField(_("type"), max_length=32, choices=InstitutionKind.choices)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    is_official_tt = models.BooleanField(
        _("official TT institution"),
        default=False,
        help_text=_("Recommended by a national science, technology and innovation authority."),
    )
    is_verified = models.BooleanField(_("verified"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="institutions")

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        indexes = [models.Index(fields=["country", "kind"])]

    def __str__(self) -> str:
        return self.text("name")

    def get_absolute_url(self) -> str:
        return reverse("marketplace:institution_detail", kwargs={"slug": self.slug})


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    ADMIN = "admin", _("Administrator")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    ACTIVE = "active", _("Active")


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    status = models.CharField(
        _("status"), max_length=16, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "institution"], name="membership_unique_user_institution")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.institution}"


def _invitation_token() -> str:
    return uuid.uuid4().hex


class Invitation(models.Model):
    """An institution admin's invitation, sent by e-mail, accepted by whoever signs in with that address."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.institution}"


class ModerationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    REJECTED = "rejected", _("Rejected")
    ARCHIVED = "archived", _("Archived")
    TRANSFERRED = "transferred", _("Transferred")


class ModerationAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted for review")
    APPROVE = "approve", _("Approved and published")
    REQUEST_CHANGES = "request_changes", _("Changes requested")
    REJECT = "reject", _("Rejected")
    ARCHIVE = "archive", _("Archived")


@audit_trail
class ModerationEvent(models.Model):
    """One entry of the moderation audit trail of a listing: who did what, when and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    listing = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=32, choices=ModerationAction.choices)
    from_state = models.CharField(_("from"), max_length=32, choices=ModerationState.choices)
    to_state = models.CharField(_("to"), max_length=32, choices=ModerationState.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation events")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class Listing(LocalizedTextMixin, models.Model):
    """Fields shared by achievements and demands: ownership, field, country, moderation state, times."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="%(class)ss")
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("institution"),
    )
    field = models.ForeignKey(
        TechnologyField, on_delete=models.PROTECT, related_name="%(class)ss", verbose_name=_("field")
    )
    country = CountryField(_("country"), db_index=True)
    source_language = models.CharField(
        _("language written in"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    state = models.CharField(
        _("status"), max_length=32, choices=ModerationState.choices, default=ModerationState.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.text("title")

    @property
    def is_published(self) -> bool:
        return self.state == ModerationState.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


def listing_indexes(prefix: str) -> list[models.Index]:
    """The indexes every listing table needs at the center's size (``make bench-pages``): the public order and its
    deep pages (read ids first from the index), the public filters' counts, institution pages, "My listings" and the
    staff's review queue (oldest submission first)."""
    return [
        models.Index(fields=["state", "-published_at", "-id"], name=f"{prefix}_public_order"),
        models.Index(fields=["state", "field"], name=f"{prefix}_state_field"),
        models.Index(fields=["state", "country"], name=f"{prefix}_state_country"),
        models.Index(fields=["institution", "state", "-published_at"], name=f"{prefix}_institution"),
        models.Index(fields=["owner", "-updated_at"], name=f"{prefix}_owner_updated"),
        models.Index(fields=["state", "submitted_at", "id"], name=f"{prefix}_review_queue"),
    ]


# An institution's own reference for a listing (its portfolio system's id): bulk imports update by it.
EXTERNAL_ID_MAX_LENGTH = 100


def external_id_field() -> models.CharField:
    return models.CharField(
        _("external id"),
        max_length=EXTERNAL_ID_MAX_LENGTH,
        blank=True,
        default="",
        help_text=_("The institution's own reference for this listing; a bulk import updates the listing by it."),
    )


def external_id_constraint(prefix: str) -> models.UniqueConstraint:
    """One listing per external id within an institution (listings without one are not constrained)."""
    return models.UniqueConstraint(
        fields=["institution", "external_id"],
        condition=~models.Q(external_id=""),
        name=f"{prefix}_institution_external_id",
    )


EDITABLE_STATES = frozenset({ModerationState.DRAFT, ModerationState.CHANGES_REQUESTED})
SUBMITTABLE_STATES = EDITABLE_STATES


def attachment_path(instance: models.Model, filename: str) -> str:
    # The stored name never contains the user's file name: it cannot collide, traverse or reveal anything.
    return f"attachments/{instance._meta.app_label}/{uuid.uuid4().hex}"


class AttachmentBase(models.Model):
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    # Pictures only: a small WebP made when the file was attached (marketplace/images.py), for cards and galleries.
    thumbnail = models.FileField(_("thumbnail"), upload_to=attachment_path, max_length=255, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class IdempotencyRecord(models.Model):
    """The answer to an API create made with an ``Idempotency-Key`` (marketplace/idempotency.py).

    Written in the same transaction as what the create wrote, so a create that committed always has its answer here
    and a client that lost the connection gets that answer again instead of creating twice.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    # Which create answered ("achievements.create"): the same key sent to another endpoint is a conflict.
    scope = models.CharField(max_length=100)
    # SHA-256 of the request body: the same key with another body is a conflict, not a replay.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField(encoder=DjangoJSONEncoder)
    location = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_record_user_key_unique")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"


class HeldUpload(AttachmentBase):
    """A file chosen in a listing form that another field's error sent back (marketplace/held_uploads.py).

    Browsers never send a chosen file twice, so the form keeps it here for its uploader, offers it ticked on the
    re-rendered page, and attaches it when the form is saved. Only its uploader can use it; nothing serves it; beat
    deletes what was never used (``HELD_UPLOAD_HOURS``).
    """

    form_field = models.CharField(max_length=64)

    class Meta(AttachmentBase.Meta):
        verbose_name = _("held upload")
        verbose_name_plural = _("held uploads")
        indexes = [models.Index(fields=["created_at"])]
