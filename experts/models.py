"""Experts and technology managers (public profiles, staff verification, assignments) and capacity building
(courses, enrolments, completion certificates)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.codes import codes
from marketplace.fields import CountryField
from marketplace.i18n import LocalizedTextMixin
from marketplace.models import Institution, TechnologyField

LANGUAGE_CODES_HELP = _("Language codes separated by commas, e.g. en,zh-hans,ru.")


class Certification(models.TextChoices):
    TECHNOLOGY_MANAGER = "technology_manager", _("Registered technology manager")
    PATENT_ATTORNEY = "patent_attorney", _("Patent attorney")
    PATENT_AGENT = "patent_agent", _("Patent agent")
    ASSET_VALUER = "asset_valuer", _("Certified asset valuer")
    LAWYER = "lawyer", _("Lawyer (IP and contracts)")
    RTTP = "rttp", _("Registered Technology Transfer Professional (RTTP)")


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Available for new assignments")
    LIMITED = "limited", _("Limited availability")
    UNAVAILABLE = "unavailable", _("Not taking new assignments")


class Expert(LocalizedTextMixin, models.Model):
    """A person who brokers transfers: a public profile that readers filter and consult through the platform."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile")
    headline = models.CharField(_("headline"), max_length=200)
    bio = models.TextField(_("biography"), max_length=5000, blank=True)
    source_language = models.CharField(
        _("language written in"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.SET_NULL, null=True, blank=True, related_name="experts"
    )
    fields = models.ManyToManyField(TechnologyField, related_name="experts", blank=True, verbose_name=_("fields"))
    languages = models.CharField(_("languages spoken"), max_length=200, help_text=LANGUAGE_CODES_HELP)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    certifications = models.CharField(_("certifications"), max_length=300, blank=True)
    availability = models.CharField(
        _("availability"), max_length=16, choices=Availability.choices, default=Availability.AVAILABLE
    )
    is_public = models.BooleanField(_("public profile"), default=True)
    is_verified = models.BooleanField(_("verified by the center"), default=False)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_verified", "user__display_name", "id"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts and technology managers")

    def __str__(self) -> str:
        return self.user.display_name or self.user.email

    def get_absolute_url(self) -> str:
        return reverse("experts:detail", kwargs={"pk": self.pk})

    @property
    def language_list(self) -> list[str]:
        return codes(self.languages)

    @property
    def certification_labels(self) -> list[str]:
        known = dict(Certification.choices)
        return [str(known[code]) for code in codes(self.certifications) if code in known]


class AssignmentSubject(models.TextChoices):
    DEMAND = "demand", _("Demand")
    DEAL = "deal", _("Deal")


class ExpertAssignment(models.Model):
    """Staff assign an expert to a demand, a match (an achievement proposed for a demand) or a deal; closed deals an
    expert worked on appear on the profile."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="assignments")
    demand = models.ForeignKey(
        "demands.Demand", on_delete=models.CASCADE, null=True, blank=True, related_name="expert_assignments"
    )
    deal = models.ForeignKey(
        "trading.Deal", on_delete=models.CASCADE, null=True, blank=True, related_name="expert_assignments"
    )
    # With ``demand``: the assignment is to the match of this achievement with that demand.
    achievement = models.ForeignKey(
        "achievements.Achievement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="expert_assignments",
        verbose_name=_("matched achievement"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        constraints = [
            # One subject: a demand, a match (achievement and demand) or a deal.
            models.CheckConstraint(
                condition=(Q(demand__isnull=False) & Q(deal__isnull=True))
                | (Q(demand__isnull=True) & Q(deal__isnull=False) & Q(achievement__isnull=True)),
                name="expert_assignment_one_subject",
            ),
            models.UniqueConstraint(
                fields=["expert", "demand"],
                condition=Q(achievement__isnull=True),
                name="expert_assignment_unique_demand",
            ),
            models.UniqueConstraint(
                fields=["expert", "achievement", "demand"],
                condition=Q(achievement__isnull=False),
                name="expert_assignment_unique_match",
            ),
            models.UniqueConstraint(fields=["expert", "deal"], name="expert_assignment_unique_deal"),
        ]

    def __str__(self) -> str:
        if self.achievement_id is not None:
            return f"{self.expert} → {self.achievement} ↔ {self.demand}"
        return f"{self.expert} → {self.demand or self.deal}"


# --- capacity building ------------------------------------------------------------------------------------------


class CourseFormat(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled sessions")
    SELF_PACED = "self_paced", _("Self-paced")


class Course(LocalizedTextMixin, models.Model):
    """A training course for technology managers and researchers, run by an organising institution."""

    organiser = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="courses")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000)
    source_language = models.CharField(
        _("language written in"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    language = models.CharField(_("language of instruction"), max_length=10, choices=settings.LANGUAGES)
    format = models.CharField(_("format"), max_length=16, choices=CourseFormat.choices)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    hours = models.PositiveSmallIntegerField(_("hours of study"), default=0)
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="course_capacity_positive"),
            models.CheckConstraint(
                condition=Q(format="self_paced") | Q(starts_on__isnull=False), name="course_scheduled_has_start"
            ),
        ]

    def __str__(self) -> str:
        return self.text("title")

    def get_absolute_url(self) -> str:
        return reverse("experts:course_detail", kwargs={"pk": self.pk})


class CourseModule(models.Model):
    """One unit of a course, in the course's language of instruction."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    session_at = models.DateTimeField(_("session"), null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.title


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Enrolment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(
        _("status"), max_length=16, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    sessions_attended = models.PositiveSmallIntegerField(_("sessions attended"), default=0)
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["enrolled_at", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["course", "user"], name="enrolment_once_per_course")]

    def __str__(self) -> str:
        return f"{self.user} – {self.course}"


class Certificate(models.Model):
    """Proof that a participant completed a course; its code carries a signature, so it cannot be made up."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(_("code"), max_length=40, unique=True)
    holder_name = models.CharField(_("holder"), max_length=120)
    course_title = models.CharField(_("course"), max_length=200)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify", kwargs={"code": self.code})

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
