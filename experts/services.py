"""Writes of expert profiles (verification, assignments) and of capacity building (enrolment, completion,
certificates)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.certificates import certificate_code_new
from experts.errors import ExpertsError
from experts.models import Certificate, Course, Enrolment, EnrolmentStatus, Expert, ExpertAssignment
from marketplace.errors import NotAllowed, NotFound
from marketplace.permissions import is_institution_admin


def _require_staff(user) -> None:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        raise NotAllowed(_("Only center staff can do this."))


def expert_verify(*, expert: Expert, actor, verified: bool = True) -> Expert:
    """Staff give (or withdraw) the center's "verified" badge on an expert's profile."""
    _require_staff(actor)
    with transaction.atomic():
        locked = Expert.objects.select_for_update().get(pk=expert.pk)
        locked.is_verified = verified
        locked.verified_at = timezone.now() if verified else None
        locked.verified_by = actor if verified else None
        locked.save(update_fields=["is_verified", "verified_at", "verified_by", "updated_at"])
    return locked


def expert_assign(
    *, expert: Expert, actor, demand=None, deal=None, achievement=None, note: str = ""
) -> ExpertAssignment:
    """Staff assign an expert to exactly one demand, match (``achievement`` with ``demand``) or deal; assigning twice
    to the same subject is refused."""
    _require_staff(actor)
    if (demand is None) == (deal is None) or (achievement is not None and demand is None):
        raise ExpertsError(_("Assign the expert to one demand, one match or one deal."), code="invalid_subject")
    try:
        with transaction.atomic():
            return ExpertAssignment.objects.create(
                expert=expert,
                demand=demand,
                deal=deal,
                achievement=achievement,
                note=note.strip()[:300],
                assigned_by=actor,
            )
    except IntegrityError as exc:
        raise ExpertsError(_("This expert is already assigned there."), code="already_assigned") from exc


# --- courses -------------------------------------------------------------------------------------------------


def can_organise(user, course: Course) -> bool:
    """Staff, the course's author and the organising institution's administrators record attendance."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_staff or course.created_by_id == user.pk or is_institution_admin(user, course.organiser_id)


def course_enrol(*, course: Course, user) -> Enrolment:
    """Enrol ``user`` in a published course while places remain; enrolling again returns the same enrolment."""
    if not (user.is_authenticated and user.is_active):
        raise NotAllowed(_("Sign in to enrol."), code="not_authenticated")
    if not course.is_published:
        raise NotFound()
    with transaction.atomic():
        # Lock the course row: two people taking the last place at once must not both get it.
        locked = Course.objects.select_for_update().get(pk=course.pk)
        existing = Enrolment.objects.filter(course=locked, user=user).first()
        if existing is not None and existing.status != EnrolmentStatus.CANCELLED:
            return existing
        if locked.ends_on and locked.ends_on < timezone.localdate():
            raise ExpertsError(_("This course has ended."), code="course_ended", status=409)
        taken = locked.enrolments.exclude(status=EnrolmentStatus.CANCELLED).count()
        if taken >= locked.capacity:
            raise ExpertsError(_("This course is full."), code="course_full", status=409)
        if existing is not None:
            existing.status = EnrolmentStatus.ENROLLED
            existing.save(update_fields=["status"])
            return existing
        return Enrolment.objects.create(course=locked, user=user)


def enrolment_cancel(*, enrolment: Enrolment, user) -> Enrolment:
    """The participant gives up their place (not after completion)."""
    if enrolment.user_id != user.pk:
        raise NotFound()
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if locked.status == EnrolmentStatus.COMPLETED:
            raise ExpertsError(_("A completed course cannot be cancelled."), code="already_completed", status=409)
        locked.status = EnrolmentStatus.CANCELLED
        locked.save(update_fields=["status"])
    return locked


def enrolment_record(*, enrolment: Enrolment, actor, sessions_attended: int, completed: bool) -> Enrolment:
    """The organiser records attendance and, on completion, issues the signed certificate (once)."""
    course = enrolment.course
    if not can_organise(actor, course):
        raise NotFound()
    if sessions_attended < 0 or sessions_attended > max(course.modules.count(), 1) * 10:
        raise ExpertsError(_("The number of sessions attended is not plausible."), code="invalid_attendance")
    with transaction.atomic():
        # Lock the enrolment: two organisers marking completion at once must not issue two certificates.
        locked = Enrolment.objects.select_for_update(of=("self",)).select_related("user", "course").get(pk=enrolment.pk)
        if locked.status == EnrolmentStatus.CANCELLED:
            raise ExpertsError(_("This participant cancelled."), code="enrolment_cancelled", status=409)
        locked.sessions_attended = sessions_attended
        fields = ["sessions_attended"]
        if completed and locked.status != EnrolmentStatus.COMPLETED:
            locked.status = EnrolmentStatus.COMPLETED
            locked.completed_at = timezone.now()
            fields += ["status", "completed_at"]
        locked.save(update_fields=fields)
        if locked.status == EnrolmentStatus.COMPLETED and not Certificate.objects.filter(enrolment=locked).exists():
            Certificate.objects.create(
                enrolment=locked,
                code=certificate_code_new(),
                holder_name=str(locked.user),
                course_title=locked.course.text("title", locked.course.source_language),
                issued_by=actor,
            )
    return locked


def certificate_revoke(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """Staff (or the organiser) revoke a certificate; the public page then says so, with the date and reason."""
    if not (actor.is_authenticated and (actor.is_staff or can_organise(actor, certificate.enrolment.course))):
        raise NotFound()
    if not reason.strip():
        raise ExpertsError(_("Give a reason for the revocation."), code="reason_required")
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.revoked_reason = reason.strip()[:300]
            locked.save(update_fields=["revoked_at", "revoked_reason"])
    return locked
