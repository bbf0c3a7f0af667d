"""Registrations: seats under the capacity, the waiting list, staff approval, check-in.

Every decision that counts seats runs in one transaction holding the event row's lock (``_locked_event``), so
concurrent registrations and cancellations are counted one after the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from achievements.models import Achievement
from brics_ttc.tasks import enqueue_on_commit
from demands.models import Demand
from events.errors import EventsError
from events.models import (
    ACTIVE_REGISTRATION,
    Event,
    Meeting,
    MeetingSeat,
    MeetingSlot,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)

S = RegistrationStatus
PROFILE_FIELDS = ("organisation", "position", "interests", "offers", "seeks", "profile_public")


@dataclass(frozen=True)
class RegistrationOutcome:
    registration: Registration
    created: bool


def _locked_event(event_id: int) -> Event:
    # The race: two members registering for the last seat at once would each count the confirmed seats before the
    # other's insert and both be confirmed (overbooking); a cancellation promoting the next person could promote
    # two. Holding the event row's lock makes every seat decision of the event wait for the previous one to commit.
    event = Event.objects.select_for_update().filter(pk=event_id, is_published=True).first()
    if event is None:
        raise EventsError(_("This event does not exist."), code="not_found", status=404)
    return event


def _seat_free(event: Event) -> bool:
    if event.capacity is None:
        return True
    return event.registrations.filter(status=S.CONFIRMED).count() < event.capacity


def _notify(registration_id: int, kind: str) -> None:
    enqueue_on_commit("events.tasks.registration_notify", registration_id, kind, robust=True)


def _set_status(registration: Registration, status: str) -> None:
    registration.status = status
    registration.status_changed_at = timezone.now()


def registration_register(*, event_id: int, user, profile: dict | None = None) -> RegistrationOutcome:
    """Register ``user`` (confirmed, waitlisted, or pending staff approval); again while registered: update the
    profile and return the same registration (idempotent)."""
    if not user.is_authenticated or not user.is_active:
        raise EventsError(_("Sign in to register."), code="not_authenticated", status=401)
    profile = {key: value for key, value in (profile or {}).items() if key in PROFILE_FIELDS}
    with transaction.atomic():
        event = _locked_event(event_id)
        registration = Registration.objects.filter(event=event, user=user).first()
        if registration is not None and registration.status in ACTIVE_REGISTRATION:
            if profile:
                for key, value in profile.items():
                    setattr(registration, key, value)
                registration.save(update_fields=list(profile))
            return RegistrationOutcome(registration, created=False)
        now = timezone.now()
        if not event.registration_open or event.ends_at < now:
            raise EventsError(_("Registration for this event is closed."), code="registration_closed", status=409)
        if event.registration_deadline is not None and event.registration_deadline < now:
            raise EventsError(_("The registration deadline has passed."), code="registration_closed", status=409)
        if registration is not None and registration.status == S.DECLINED:
            raise EventsError(_("The organisers declined your registration."), code="registration_declined", status=403)
        status = S.PENDING if event.requires_approval else (S.CONFIRMED if _seat_free(event) else S.WAITLISTED)
        if registration is None:
            registration = Registration(event=event, user=user)
        for key, value in profile.items():
            setattr(registration, key, value)
        if not registration.organisation:
            registration.organisation = ", ".join(
                str(m.institution) for m in user.memberships.select_related("institution")
            )[:200]
        _set_status(registration, status)
        registration.full_clean(exclude=["event", "user"])
        registration.save()
        _notify(registration.pk, status)
        return RegistrationOutcome(registration, created=True)


def _promote(event: Event) -> list[int]:
    """Fill free seats from the waiting list, first come first served; call with the event locked."""
    promoted = []
    while _seat_free(event):
        nxt = event.registrations.filter(status=S.WAITLISTED).order_by("status_changed_at", "pk").first()
        if nxt is None:
            break
        _set_status(nxt, S.CONFIRMED)
        nxt.save(update_fields=["status", "status_changed_at"])
        promoted.append(nxt.pk)
        _notify(nxt.pk, "promoted")
    return promoted


def _free_meetings(registration: Registration) -> None:
    """A person who leaves the event leaves their meetings: the other side gets the slot back."""
    meetings = Meeting.objects.filter(requester=registration) | Meeting.objects.filter(invitee=registration)
    meetings = meetings.filter(status__in=[MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED])
    MeetingSeat.objects.filter(meeting__in=meetings).delete()
    meetings.update(status=MeetingStatus.CANCELLED, slot=None, table=None)


def _locked_registration(registration_id: int, user=None) -> tuple[Registration, Event]:
    """The registration, re-read after its event's lock (``user``: only their own, unless staff)."""
    registration = Registration.objects.filter(pk=registration_id).first()
    if registration is None or (user is not None and not (user.is_staff or registration.user_id == user.pk)):
        raise EventsError(_("Registration not found."), code="not_found", status=404)
    event = _locked_event(registration.event_id)
    registration.refresh_from_db()
    return registration, event


def _leave(registration: Registration, event: Event, status: str) -> None:
    """Cancelled or declined: the person's meetings end and a seat they held goes to the waiting list."""
    _set_status(registration, status)
    registration.save(update_fields=["status", "status_changed_at"])
    _free_meetings(registration)
    _promote(event)
    _notify(registration.pk, status)


def registration_cancel(*, registration_id: int, user) -> Registration:
    """Cancel a registration (its owner, or staff); a freed seat goes to the next person on the waiting list."""
    with transaction.atomic():
        registration, event = _locked_registration(registration_id, user)
        if registration.status in ACTIVE_REGISTRATION:  # else already over: nothing to do (a retried click)
            _leave(registration, event, S.CANCELLED)
        return registration


def registration_approve(*, registration_id: int, actor) -> Registration:
    """Staff approve a pending registration: confirmed if a seat is free, else on the waiting list."""
    with transaction.atomic():
        registration, event = _locked_registration(registration_id)
        if registration.status == S.PENDING:
            _set_status(registration, S.CONFIRMED if _seat_free(event) else S.WAITLISTED)
            registration.save(update_fields=["status", "status_changed_at"])
            _notify(registration.pk, registration.status)
        return registration


def registration_decline(*, registration_id: int, actor) -> Registration:
    """Staff decline a registration; a seat it held goes to the waiting list."""
    with transaction.atomic():
        registration, event = _locked_registration(registration_id)
        if registration.status in ACTIVE_REGISTRATION:
            _leave(registration, event, S.DECLINED)
        return registration


def waitlist_promote(*, event_id: int) -> list[int]:
    """Give seats freed by a larger capacity to the waiting list, in order; returns the registrations promoted."""
    with transaction.atomic():
        return _promote(_locked_event(event_id))


def registration_check_in(*, event_id: int, code: str, actor) -> tuple[Registration, bool]:
    """Check a confirmed participant in by the code of their QR ticket; returns (registration, already checked in)."""
    code = (code or "").strip()
    # A scanned ticket holds the whole check-in URL or "event:code"; keep the code after the last separator.
    for separator in ("/", ":", "="):
        code = code.rsplit(separator, 1)[-1]
    with transaction.atomic():
        # Locked: two scanners reading the same ticket at once must not both report a first check-in.
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(event_id=event_id, checkin_code=code[:32])
            .first()
        )
        if registration is None:
            raise EventsError(_("No registration for this event has this code."), code="unknown_code", status=404)
        if registration.status != S.CONFIRMED:
            raise EventsError(_("This registration is not confirmed."), code="not_confirmed", status=409)
        if registration.checked_in_at is not None:
            return registration, True
        registration.checked_in_at = timezone.now()
        registration.save(update_fields=["checked_in_at"])
        return registration, False


def registration_update_profile(
    *,
    registration: Registration,
    user,
    profile: dict,
    achievement_ids: Iterable[int] | None = None,
    demand_ids: Iterable[int] | None = None,
    unavailable_slot_ids: Iterable[int] | None = None,
) -> Registration:
    """Update one's event profile, linked listings and unavailable slots (not a slot that holds one's meeting)."""
    if registration.user_id != user.pk:
        raise EventsError(_("Registration not found."), code="not_found", status=404)
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        for key, value in profile.items():
            if key in PROFILE_FIELDS:
                setattr(locked, key, value)
        locked.full_clean(exclude=["event", "user"])
        locked.save()
        if achievement_ids is not None:
            locked.achievements.set(Achievement.objects.filter(pk__in=list(achievement_ids), owner=user))
        if demand_ids is not None:
            locked.demands.set(Demand.objects.filter(pk__in=list(demand_ids), owner=user))
        if unavailable_slot_ids is not None:
            slots = list(MeetingSlot.objects.filter(event_id=locked.event_id, pk__in=list(unavailable_slot_ids)))
            if MeetingSeat.objects.filter(registration=locked, slot__in=slots).exists():
                raise EventsError(
                    _("You have a meeting in one of these slots: cancel it first."), code="slot_has_meeting", status=409
                )
            locked.unavailable_slots.set(slots)
        return locked
