"""Reads of expert profiles, courses and certificates, with their visibility rules."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from experts.certificates import certificate_code_is_signed
from experts.models import Certificate, Course, Enrolment, EnrolmentStatus, Expert
from marketplace.codes import codes_q
from marketplace.errors import NotFound
from trading.models import Deal, DealStatus

CLOSED_DEALS = (DealStatus.SIGNED, DealStatus.COMPLETED)


def expert_list(*, filters: dict | None = None) -> QuerySet[Expert]:
    """Public profiles, verified first; ``filters``: field (slug), country, language, certification, verified, q."""
    filters = filters or {}
    qs = (
        Expert.objects.filter(is_public=True, user__is_active=True)
        .select_related("user", "institution")
        .prefetch_related("fields")
        .annotate(
            deals_closed=Count("assignments", filter=Q(assignments__deal__status__in=CLOSED_DEALS), distinct=True)
        )
    )
    if filters.get("field"):
        qs = qs.filter(fields__slug=filters["field"])
    if filters.get("country"):
        qs = qs.filter(countries__contains=str(filters["country"]))
    if filters.get("language"):
        qs = qs.filter(codes_q("languages", filters["language"]))
    if filters.get("certification"):
        qs = qs.filter(codes_q("certifications", filters["certification"]))
    if filters.get("verified"):
        qs = qs.filter(is_verified=True)
    if filters.get("institution"):
        qs = qs.filter(institution=filters["institution"])
    if filters.get("q"):
        term = filters["q"]
        qs = qs.filter(Q(user__display_name__icontains=term) | Q(headline__icontains=term))
    return qs.distinct()


def expert_get(*, pk: int, user=None) -> Expert:
    expert = expert_list().filter(pk=pk).first()
    if expert is None:
        raise NotFound()
    return expert


def expert_deals(*, expert: Expert) -> QuerySet[Deal]:
    """Signed or completed deals the expert was assigned to: "deals helped close" on the profile."""
    return (
        Deal.objects.filter(expert_assignments__expert=expert, status__in=CLOSED_DEALS)
        .select_related("achievement")
        .order_by("-agreed_on")
    )


def course_list(*, filters: dict | None = None) -> QuerySet[Course]:
    """Published courses, soonest first; ``filters``: language, format, organiser (institution)."""
    filters = filters or {}
    qs = (
        Course.objects.filter(is_published=True)
        .select_related("organiser")
        .annotate(
            enrolled=Count("enrolments", filter=~Q(enrolments__status=EnrolmentStatus.CANCELLED), distinct=True),
            module_count=Count("modules", distinct=True),
        )
    )
    if filters.get("language"):
        qs = qs.filter(language=filters["language"])
    if filters.get("format"):
        qs = qs.filter(format=filters["format"])
    if filters.get("organiser"):
        qs = qs.filter(organiser=filters["organiser"])
    return qs


def course_get(*, pk: int) -> Course:
    course = course_list().filter(pk=pk).first()
    if course is None:
        raise NotFound()
    return course


def enrolment_of(*, course: Course, user) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(course=course, user=user).select_related("certificate").first()


def course_enrolments(*, course: Course) -> QuerySet[Enrolment]:
    """The participants of a course, for its organiser (callers check ``can_organise``)."""
    return course.enrolments.select_related("user").order_by("status", "enrolled_at")


def certificate_check(*, code: str) -> Certificate | None:
    """The certificate behind ``code``; None for a code that is unsigned (forged, mistyped) or unknown."""
    if not certificate_code_is_signed(code):
        return None
    return Certificate.objects.select_related("enrolment__course__organiser").filter(code=code).first()


def certificates_of(*, user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(enrolment__user=user).select_related("enrolment__course")
