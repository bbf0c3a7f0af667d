"""Research achievements: technology offers with a public summary and an NDA-protected dossier."""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.models import (
    AttachmentBase,
    Currency,
    Listing,
    TransferMode,
    external_id_constraint,
    external_id_field,
    listing_indexes,
)
from marketplace.money import PRICE_DECIMALS, PRICE_MAX_DIGITS
from marketplace.readiness import TRL_CHOICES


class IpStatus(models.TextChoices):
    GRANTED_PATENT = "granted_patent", _("Granted patent")
    PENDING_APPLICATION = "pending_application", _("Pending patent application")
    PCT = "pct", _("PCT application")
    UTILITY_MODEL = "utility_model", _("Utility model")
    SOFTWARE_COPYRIGHT = "software_copyright", _("Software copyright")
    KNOW_HOW = "know_how", _("Know-how / trade secret")
    NONE = "none", _("No formal protection")


# Latin, Arabic/Persian, CJK ideographic and full-width commas, and semicolons: authors type the one of their script.
KEYWORD_SEPARATORS = re.compile("[,،、，;؛]")


class Achievement(Listing):
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("public summary"), max_length=2000, help_text=_("Non-confidential; shown to everyone.")
    )
    description = models.TextField(_("description"), blank=True, max_length=20000)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True, help_text=_("Comma-separated."))
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        choices=TRL_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    ip_status = models.CharField(_("IP status"), max_length=32, choices=IpStatus.choices, default=IpStatus.NONE)
    patent_numbers = models.CharField(
        _("patent numbers"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated, e.g. CN114xxxxxxA, WO2023/xxxxxx."),
    )
    transfer_modes = models.ManyToManyField(TransferMode, related_name="achievements", verbose_name=_("transfer modes"))
    price_negotiable = models.BooleanField(_("price negotiable"), default=True)
    price_amount = models.DecimalField(
        _("asking price"),
        max_digits=PRICE_MAX_DIGITS,
        decimal_places=PRICE_DECIMALS,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    price_currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    confidential_dossier = models.TextField(
        _("confidential dossier"),
        blank=True,
        max_length=50000,
        help_text=_("Shown only to signed-in users who accepted the NDA below."),
    )
    nda_text = models.TextField(_("NDA text"), blank=True, max_length=20000)
    # Set when an auction sells it or staff record a deal (trading/): readers see it is being transferred.
    under_transfer = models.BooleanField(_("under transfer"), default=False)
    external_id = external_id_field()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        indexes = listing_indexes("achievement")
        constraints = [
            external_id_constraint("achievement"),
            models.CheckConstraint(condition=Q(trl__gte=1, trl__lte=9), name="achievement_trl_1_to_9"),
            models.CheckConstraint(
                condition=Q(price_amount__isnull=True) | Q(price_amount__gte=0), name="achievement_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(price_negotiable=True) | (Q(price_amount__isnull=False) & ~Q(price_currency="")),
                name="achievement_price_or_negotiable",
            ),
        ]

    def clean(self) -> None:
        errors = {}
        if not self.price_negotiable:
            if self.price_amount is None:
                errors["price_amount"] = _("Give an asking price, or mark the price as negotiable.")
            if not self.price_currency:
                errors["price_currency"] = _("Choose the currency of the asking price.")
        if self.price_amount is not None and not self.price_currency:
            errors.setdefault("price_currency", _("Choose the currency of the asking price."))
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("achievements:detail", kwargs={"pk": self.pk})

    @property
    def has_dossier(self) -> bool:
        return bool(self.confidential_dossier or self.nda_text)

    @property
    def nda_hash(self) -> str:
        return hashlib.sha256(self.nda_text.encode()).hexdigest()

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in KEYWORD_SEPARATORS.split(self.text("keywords")) if k.strip()]


class AchievementAttachment(AttachmentBase):
    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="attachments")
    is_confidential = models.BooleanField(
        _("part of the confidential dossier"), default=False, help_text=_("Only readers who accepted the NDA see it.")
    )

    class Meta(AttachmentBase.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class NdaAcceptance(models.Model):
    """Proof that a user accepted one version of an achievement's NDA (the text is kept as accepted)."""

    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="nda_acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nda_acceptances")
    nda_text = models.TextField(_("NDA text accepted"))
    nda_hash = models.CharField(max_length=64)
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("NDA acceptance")
        verbose_name_plural = _("NDA acceptances")
        constraints = [
            models.UniqueConstraint(fields=["achievement", "user", "nda_hash"], name="nda_acceptance_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.achievement_id} ({self.accepted_at:%Y-%m-%d})"
