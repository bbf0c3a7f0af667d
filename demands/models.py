"""Technical demands: problems enterprises want solved or technologies they want to acquire."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.fields import CountryField
from marketplace.models import (
    AttachmentBase,
    Currency,
    Listing,
    TransferMode,
    external_id_constraint,
    external_id_field,
    listing_indexes,
)
from marketplace.readiness import TRL_CHOICES, TRL_MAX, TRL_MIN

BUDGET_MAX_DIGITS = 16
BUDGET_DECIMALS = 2


class Demand(Listing):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=20000)
    budget_min = models.DecimalField(
        _("budget from"),
        max_digits=BUDGET_MAX_DIGITS,
        decimal_places=BUDGET_DECIMALS,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_max = models.DecimalField(
        _("budget up to"),
        max_digits=BUDGET_MAX_DIGITS,
        decimal_places=BUDGET_DECIMALS,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    deadline = models.DateField(_("solution wanted by"), null=True, blank=True)
    cooperation_modes = models.ManyToManyField(
        TransferMode, related_name="demands", verbose_name=_("desired cooperation modes")
    )
    expires_at = models.DateField(_("listing expires on"), null=True, blank=True, db_index=True)
    external_id = external_id_field()
    # The readiness a solution must have reached (either end open) and where the enterprise would rather find it:
    # matchmaking weighs achievements by both (matchmaking/selectors.py).
    trl_min = models.PositiveSmallIntegerField(
        _("lowest readiness required"),
        choices=TRL_CHOICES,
        null=True,
        blank=True,
        validators=[MinValueValidator(TRL_MIN), MaxValueValidator(TRL_MAX)],
    )
    trl_max = models.PositiveSmallIntegerField(
        _("highest readiness wanted"),
        choices=TRL_CHOICES,
        null=True,
        blank=True,
        validators=[MinValueValidator(TRL_MIN), MaxValueValidator(TRL_MAX)],
    )
    preferred_countries = CountryField(_("preferred countries"), multiple=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("demand")
        verbose_name_plural = _("demands")
        # Public lists hide expired demands: (state, expires_at) answers that condition without reading every row.
        indexes = [
            *listing_indexes("demand"),
            models.Index(fields=["state", "expires_at"], name="demand_state_expires"),
        ]
        constraints = [
            external_id_constraint("demand"),
            models.CheckConstraint(
                condition=(Q(budget_min__isnull=True) | Q(budget_min__gte=0))
                & (Q(budget_max__isnull=True) | Q(budget_max__gte=0)),
                name="demand_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True) | Q(budget_max__isnull=True) | Q(budget_max__gte=F("budget_min")),
                name="demand_budget_range_ordered",
            ),
            models.CheckConstraint(
                condition=(Q(trl_min__isnull=True) | Q(trl_min__gte=TRL_MIN, trl_min__lte=TRL_MAX))
                & (Q(trl_max__isnull=True) | Q(trl_max__gte=TRL_MIN, trl_max__lte=TRL_MAX)),
                name="demand_trl_range_valid",
            ),
            models.CheckConstraint(
                condition=Q(trl_min__isnull=True) | Q(trl_max__isnull=True) | Q(trl_max__gte=F("trl_min")),
                name="demand_trl_range_ordered",
            ),
        ]

    def clean(self) -> None:
        errors = {}
        if self.budget_min is not None and self.budget_max is not None and self.budget_max < self.budget_min:
            errors["budget_max"] = _("The upper end of the budget must not be below the lower end.")
        if (self.budget_min is not None or self.budget_max is not None) and not self.budget_currency:
            errors["budget_currency"] = _("Choose the currency of the budget.")
        if self.trl_min is not None and self.trl_max is not None and self.trl_max < self.trl_min:
            errors["trl_max"] = _("The highest readiness level must not be below the lowest.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("demands:detail", kwargs={"pk": self.pk})

    @property
    def has_budget(self) -> bool:
        return self.budget_min is not None or self.budget_max is not None

    @property
    def has_trl_range(self) -> bool:
        return self.trl_min is not None or self.trl_max is not None


class DemandAttachment(AttachmentBase):
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="attachments")

    class Meta(AttachmentBase.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
