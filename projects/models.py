"""Projects: bundles of published achievements, a consortium of institutions and a funding need, moderated like
listings; plus the investors' side (investment profiles, expressions of interest)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from achievements.models import Achievement
from demands.models import Demand
from marketplace.fields import CountryField
from marketplace.models import Currency, Institution, Listing, TechnologyField

AMOUNT_DIGITS = 16


class ProjectStage(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    PROTOTYPE = "prototype", _("Prototype")
    PILOT = "pilot", _("Pilot")
    SCALE_UP = "scale_up", _("Scale-up")
    MARKET = "market", _("On the market")


class Sought(models.TextChoices):
    INVESTORS = "investors", _("Investors")
    MANUFACTURING = "manufacturing", _("Manufacturing partner")
    PILOT_SITE = "pilot_site", _("Pilot site")
    LICENSEE = "licensee", _("Licensee")
    JOINT_RND = "joint_rnd", _("Joint R&D")


class MemberRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    TECHNOLOGY_PROVIDER = "technology_provider", _("Technology provider")
    MANUFACTURER = "manufacturer", _("Manufacturer")
    INVESTOR = "investor", _("Investor")
    PILOT_SITE = "pilot_site", _("Pilot site")


class Project(Listing):
    """``institution`` is the lead; ``field`` the main field, ``other_fields`` the rest; ``country`` the lead's."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("public summary"), max_length=2000)
    description = models.TextField(_("description"), blank=True, max_length=20000)
    use_of_funds = models.TextField(_("use of funds"), blank=True, max_length=5000)
    other_fields = models.ManyToManyField(TechnologyField, blank=True, related_name="+", verbose_name=_("other fields"))
    target_countries = CountryField(_("target countries"), multiple=True, blank=True)
    stage = models.CharField(_("stage"), max_length=16, choices=ProjectStage.choices, default=ProjectStage.CONCEPT)
    funding_sought = models.DecimalField(
        _("funding sought"),
        max_digits=AMOUNT_DIGITS,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_committed = models.DecimalField(
        _("funding committed"),
        max_digits=AMOUNT_DIGITS,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    funding_currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    sought = models.JSONField(_("what is sought"), default=list, blank=True)
    demands = models.ManyToManyField(Demand, blank=True, related_name="projects", verbose_name=_("demands answered"))

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(funding_sought__isnull=True) | Q(funding_sought__gte=0), name="project_funding_not_negative"
            ),
            models.CheckConstraint(condition=Q(funding_committed__gte=0), name="project_committed_not_negative"),
        ]
        indexes = [models.Index(fields=["state", "-published_at"])]

    def clean(self) -> None:
        errors = {}
        if not isinstance(self.sought, list) or any(value not in Sought.values for value in self.sought):
            errors["sought"] = _("Choose what the project seeks from the list.")
        if self.funding_sought is not None and not self.funding_currency:
            errors["funding_currency"] = _("Choose the currency of the funding sought.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", kwargs={"pk": self.pk})

    @property
    def sought_labels(self) -> list[str]:
        return [Sought(value).label for value in self.sought if value in Sought.values]

    @property
    def funding_percent(self) -> int:
        if not self.funding_sought:
            return 0
        return min(100, int(self.funding_committed * 100 / self.funding_sought))


class ProjectAchievement(models.Model):
    """An achievement bundled in a project; public only once its owner confirmed, flagged when later withdrawn."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="bundle")
    achievement = models.ForeignKey(Achievement, on_delete=models.PROTECT, related_name="project_inclusions")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn by its owner"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("bundled achievement")
        verbose_name_plural = _("bundled achievements")
        constraints = [
            models.UniqueConstraint(fields=["project", "achievement"], name="project_achievement_once"),
        ]

    def __str__(self) -> str:
        return str(self.achievement)


class ProjectMember(models.Model):
    """An institution of the consortium, with its role; public only once one of its administrators confirmed."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="project_memberships")
    role = models.CharField(_("role"), max_length=24, choices=MemberRole.choices)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("consortium member")
        verbose_name_plural = _("consortium")
        constraints = [
            models.UniqueConstraint(fields=["project", "institution"], name="project_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.institution} ({self.get_role_display()})"


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    due_date = models.DateField(_("date"))
    deliverable = models.CharField(_("deliverable"), max_length=300)
    budget = models.DecimalField(
        _("budget"),
        max_digits=AMOUNT_DIGITS,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return f"{self.due_date}: {self.deliverable}"


class InvestorProfile(models.Model):
    """What an investor institution invests in: fields, stages, ticket size, countries."""

    institution = models.OneToOneField(Institution, on_delete=models.CASCADE, related_name="investor_profile")
    fields = models.ManyToManyField(TechnologyField, blank=True, related_name="+", verbose_name=_("fields"))
    stages = models.JSONField(_("stages"), default=list, blank=True)
    ticket_min = models.DecimalField(
        _("smallest ticket"),
        max_digits=AMOUNT_DIGITS,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    ticket_max = models.DecimalField(
        _("largest ticket"),
        max_digits=AMOUNT_DIGITS,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    countries = CountryField(_("countries"), multiple=True, blank=True)

    class Meta:
        verbose_name = _("investment profile")
        verbose_name_plural = _("investment profiles")

    def __str__(self) -> str:
        return str(self.institution)

    def clean(self) -> None:
        if not isinstance(self.stages, list) or any(value not in ProjectStage.values for value in self.stages):
            raise ValidationError({"stages": _("Choose stages from the list.")})
        if self.ticket_min is not None and self.ticket_max is not None and self.ticket_min > self.ticket_max:
            raise ValidationError({"ticket_max": _("The largest ticket cannot be smaller than the smallest.")})


class InterestExpression(models.Model):
    """An investor institution follows a project; the project's editors see who and the message."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="interests")
    investor = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="project_interests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    message = models.TextField(_("message"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        constraints = [models.UniqueConstraint(fields=["project", "investor"], name="project_interest_once")]

    def __str__(self) -> str:
        return f"{self.investor} → {self.project_id}"
