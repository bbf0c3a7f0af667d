"""Reads of the events app, with who may see what: participant lists only to confirmed participants (and staff),
agendas only to their owner (and staff)."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from achievements.models import Achievement
from demands.models import Demand
from events.models import (
    Event,
    Meeting,
    MeetingStatus,
    Mou,
    Registration,
    RegistrationStatus,
    ShowcaseItem,
)
from events.scheduling import Grid
from marketplace.models import ModerationState
from marketplace.permissions import PUBLIC_STATES

PHASES = ("upcoming", "past")
FEATURED_CACHE_KEY = "events:featured-achievements:v1"


def event_list(*, phase: str | None = None, kind: str = "", country: str = "", field: str = "") -> QuerySet[Event]:
    """Published events; ``upcoming`` (not yet ended, soonest first) or ``past`` (latest first)."""
    events = Event.objects.filter(is_published=True).select_related("organiser")
    now = timezone.now()
    if phase == "upcoming":
        events = events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    elif phase == "past":
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    if kind:
        events = events.filter(kind=kind)
    if country:
        events = events.filter(country=country)
    if field:
        events = events.filter(fields__slug=field)
    return events.prefetch_related("fields")


def event_get(*, pk: int) -> Event | None:
    return Event.objects.filter(pk=pk, is_published=True).select_related("organiser").first()


def registration_of(*, event: Event, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user).first()


def can_see_participants(*, event: Event, user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return Registration.objects.filter(event=event, user=user, status=RegistrationStatus.CONFIRMED).exists()


def participant_list(*, event: Event, q: str = "", interest: str = "") -> QuerySet[Registration]:
    """Confirmed participants who show their profile; call only after ``can_see_participants``."""
    rows = (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED, profile_public=True)
        .select_related("user")
        .prefetch_related("achievements", "demands")
        .order_by("organisation", "pk")
    )
    if q:
        rows = rows.filter(
            Q(user__display_name__icontains=q)
            | Q(organisation__icontains=q)
            | Q(offers__icontains=q)
            | Q(seeks__icontains=q)
            | Q(interests__icontains=q)
        )
    if interest:
        rows = rows.filter(interests__icontains=interest)
    return rows


def meetings_of(*, registration: Registration) -> QuerySet[Meeting]:
    """The registration's meetings (both directions), every state, scheduled ones in time order."""
    return (
        Meeting.objects.filter(Q(requester=registration) | Q(invitee=registration))
        .select_related("requester__user", "invitee__user", "slot")
        .order_by("slot__starts_at", "created_at", "pk")
    )


def agenda_items(*, registration: Registration) -> list[dict]:
    """The personal agenda: accepted meetings with a slot and the event's pitches, in time order."""
    event = registration.event
    items = []
    # The other side's published offers and demands: after the meeting, the page offers to continue about them in a
    # conversation (negotiations/), the platform's one contact path.
    published = {"state": ModerationState.PUBLISHED}
    follow_ups = [
        Prefetch(f"{side}__{name}", queryset=model.objects.filter(**published).order_by("-published_at"))
        for side in ("requester", "invitee")
        for name, model in (("achievements", Achievement), ("demands", Demand))
    ]
    accepted = meetings_of(registration=registration).filter(status=MeetingStatus.ACCEPTED, slot__isnull=False)
    for meeting in accepted.prefetch_related(*follow_ups):
        other = meeting.invitee if meeting.requester_id == registration.pk else meeting.requester
        items.append(
            {
                "kind": "meeting",
                "starts_at": meeting.slot.starts_at,
                "ends_at": meeting.slot.ends_at,
                "meeting": meeting,
                "with": other,
                "table": meeting.table,
            }
        )
    for item in showcase_of(event=event).filter(pitch_starts_at__isnull=False):
        items.append(
            {
                "kind": "pitch",
                "starts_at": item.pitch_starts_at,
                "ends_at": item.pitch_starts_at + timezone.timedelta(minutes=item.pitch_minutes),
                "showcase": item,
            }
        )
    return sorted(items, key=lambda item: (item["starts_at"], item["kind"]))


def can_see_agenda(*, registration: Registration, user) -> bool:
    return user.is_authenticated and (user.is_staff or registration.user_id == user.pk)


def showcase_of(*, event: Event) -> QuerySet[ShowcaseItem]:
    """The event's featured technologies that are public (a later-archived achievement drops out)."""
    return (
        ShowcaseItem.objects.filter(event=event, achievement__state__in=PUBLIC_STATES)
        .select_related("achievement__field", "achievement__institution")
        .order_by("position", "pk")
    )


def featured_achievement_ids() -> dict[int, int]:
    """Achievement id → the latest event that featured it (cached; ``showcase_changed`` clears it)."""
    found = cache.get(FEATURED_CACHE_KEY)
    if found is None:
        found = {}
        rows = ShowcaseItem.objects.filter(event__is_published=True).order_by("event__starts_at")
        for achievement_id, event_id in rows.values_list("achievement_id", "event_id"):
            found[achievement_id] = event_id
        cache.set(FEATURED_CACHE_KEY, found, 600)
    return found


def mou_list(*, institution_id: int | None = None, field: str = "", year: int | None = None) -> QuerySet[Mou]:
    mous = Mou.objects.filter(is_public=True).select_related("event").prefetch_related("parties", "fields")
    if institution_id is not None:
        mous = mous.filter(parties=institution_id)
    if field:
        mous = mous.filter(fields__slug=field)
    if year:
        mous = mous.filter(signed_on__year=year)
    return mous.distinct()


def registrations_awaiting_approval() -> QuerySet[Registration]:
    """Pending registrations of events that have not ended (the staff's queue)."""
    return Registration.objects.filter(status=RegistrationStatus.PENDING, event__ends_at__gte=timezone.now())


def event_counts(*, event: Event) -> dict[str, int]:
    """Registrations per status and check-ins, for staff and the event page's seat count."""
    counts = dict(event.registrations.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    counts["checked_in"] = event.registrations.filter(checked_in_at__isnull=False).count()
    return counts


def meeting_grid(*, event: Event) -> Grid:
    """The event's grid as it stands: slots, tables, everyone's unavailable and taken slots."""
    grid = Grid(slots=list(event.slots.values_list("pk", flat=True)), tables=event.meeting_tables)
    through = Registration.unavailable_slots.through
    for registration_id, slot_id in through.objects.filter(registration__event=event).values_list(
        "registration_id", "meetingslot_id"
    ):
        grid.unavailable.setdefault(registration_id, set()).add(slot_id)
    for meeting_id, a, b, slot, table in Meeting.objects.filter(event=event, slot__isnull=False).values_list(
        "pk", "requester_id", "invitee_id", "slot_id", "table"
    ):
        grid.book(meeting_id, a, b, slot, table)
    return grid
