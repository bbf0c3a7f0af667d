"""Pages: list and filters, the event page with times in the event's and the reader's zone (named), .ics, the QR
ticket, participants and agenda permissions, the register → request → accept flow by form posts, staff pages."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Meeting, Mou, Registration, ShowcaseItem
from tests.factories import (
    AchievementFactory,
    DemandFactory,
    EnterpriseFactory,
    EventFactory,
    InstitutionFactory,
    RegistrationFactory,
    ResearcherFactory,
    StaffFactory,
    meeting_slots,
)

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_list_shows_upcoming_by_default_and_past_on_its_tab(client, django_assert_max_num_queries):
    EventFactory(title_en="Coming soon")
    EventFactory(title_en="Long ago", past=True)
    for _ in range(5):
        EventFactory()
    with django_assert_max_num_queries(12):
        page = client.get("/en/events/").content.decode()
    assert "Coming soon" in page and "Long ago" not in page
    assert "Long ago" in client.get("/en/events/?phase=past").content.decode()


def test_list_filters_ignore_bad_values(client):
    EventFactory(title_en="Roadshow here", kind="roadshow")
    page = client.get("/en/events/?kind=<script>&country=ZZZ&page=abc")
    assert page.status_code == 200
    assert "<script>" not in page.content.decode()


def test_an_event_in_kunming_read_from_sao_paulo_names_both_zones(client):
    start = datetime(2027, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    event = EventFactory(time_zone="Asia/Shanghai", starts_at=start, ends_at=start.replace(hour=17))
    client.cookies["tz"] = "America%2FSao_Paulo"
    page = client.get(f"/en/events/{event.pk}/").content.decode()
    assert "Asia/Shanghai (UTC+08:00)" in page
    assert "America/Sao_Paulo (UTC-03:00)" in page
    assert "March 9, 2027, 10 p.m." in page  # 09:00 in Kunming is 22:00 the evening before in São Paulo
    assert "March 10, 2027, 9 a.m." in page


def test_an_unknown_reader_zone_is_ignored(client):
    event = EventFactory()
    client.cookies["tz"] = "Mars/Olympus_Mons"
    page = client.get(f"/en/events/{event.pk}/?tz=../../etc/passwd")
    assert page.status_code == 200
    assert "Your time" not in page.content.decode()


def test_ics_file_holds_the_event_in_utc(client):
    start = datetime(2027, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    event = EventFactory(title_en="Kunming; meeting, 2027", starts_at=start, ends_at=start.replace(hour=17))
    response = client.get(f"/en/events/{event.pk}/event.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "DTSTART:20270310T010000Z" in body and "DTEND:20270310T090000Z" in body
    assert "SUMMARY:Kunming\\; meeting\\, 2027" in body
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")


def test_register_by_form_then_see_the_qr_ticket():
    event = EventFactory()
    user = ResearcherFactory()
    client = _client(user)
    response = client.post(f"/en/events/{event.pk}/register/", {"organisation": "Lab", "profile_public": "on"})
    assert response.status_code == 302
    registration = Registration.objects.get(event=event, user=user)
    ticket = client.get(f"/en/events/{event.pk}/ticket/").content.decode()
    assert "<svg" in ticket and registration.checkin_code in ticket
    assert _client(ResearcherFactory()).get(f"/en/events/{event.pk}/ticket/").status_code == 404


def test_the_register_request_accept_flow_by_forms_ends_on_both_agendas():
    event = EventFactory()
    meeting_slots(event, 3)
    a, b = ResearcherFactory(display_name="Ana Requester"), ResearcherFactory(display_name="Bo Invitee")
    for user in (a, b):
        _client(user).post(f"/en/events/{event.pk}/register/", {"organisation": "Org", "profile_public": "on"})
    invitee = Registration.objects.get(event=event, user=b)
    participants = _client(a).get(f"/en/events/{event.pk}/participants/").content.decode()
    assert "Bo Invitee" in participants
    _client(a).post(f"/en/events/{event.pk}/participants/", {"invitee": invitee.pk, "message": "Let us talk"})
    meeting = Meeting.objects.get(event=event)
    agenda_b = _client(b).get(f"/en/events/{event.pk}/agenda/").content.decode()
    assert "Let us talk" in agenda_b
    _client(b).post(f"/en/events/{event.pk}/meetings/{meeting.pk}/accept/")
    meeting.refresh_from_db()
    assert meeting.status == "accepted" and meeting.table == 1
    assert "Meeting with Bo Invitee" in _client(a).get(f"/en/events/{event.pk}/agenda/").content.decode()
    calendar = _client(a).get(f"/en/events/{event.pk}/agenda.ics").content.decode()
    assert "Meeting with Bo Invitee" in calendar and "Table 1" in calendar


@pytest.mark.parametrize("who,status", [("stranger", 403), ("waitlisted", 403), ("confirmed", 200), ("staff", 200)])
def test_participants_page_permission_matrix(who, status):
    event = EventFactory()
    RegistrationFactory(event=event, organisation="Secret Org")
    users = {
        "stranger": ResearcherFactory(),
        "waitlisted": RegistrationFactory(event=event, status="waitlisted").user,
        "confirmed": RegistrationFactory(event=event).user,
        "staff": StaffFactory(),
    }
    response = _client(users[who]).get(f"/en/events/{event.pk}/participants/")
    assert response.status_code == status
    assert ("Secret Org" in response.content.decode()) == (status == 200)


def test_participants_page_sends_anonymous_readers_to_sign_in(client):
    event = EventFactory()
    assert client.get(f"/en/events/{event.pk}/participants/").status_code == 302


@pytest.mark.parametrize("who,status", [("owner", 200), ("other participant", 404), ("stranger", 404), ("staff", 200)])
def test_an_agenda_is_seen_by_its_owner_and_staff_only(who, status):
    event = EventFactory()
    owner = RegistrationFactory(event=event)
    users = {
        "owner": owner.user,
        "other participant": RegistrationFactory(event=event).user,
        "stranger": ResearcherFactory(),
        "staff": StaffFactory(),
    }
    response = _client(users[who]).get(f"/en/events/{event.pk}/agenda/?registration={owner.pk}")
    if who == "other participant":
        # Their own agenda, never the owner's: ?registration= is for staff only.
        assert response.status_code == 200
        assert response.context["registration"].pk != owner.pk
    else:
        assert response.status_code == status


def test_checkin_page_is_staff_only_and_checks_in(staff):
    registration = RegistrationFactory()
    url = f"/en/events/{registration.event_id}/checkin/"
    assert _client(registration.user).get(url).status_code == 302
    response = _client(staff).post(url, {"code": registration.checkin_code}, follow=True)
    assert "is checked in" in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_showcase_page_and_featured_badge_on_the_achievement():
    event = EventFactory(past=True)
    achievement = AchievementFactory(published=True, title_en="Bamboo composite")
    ShowcaseItem.objects.create(event=event, achievement=achievement, position=1)
    cache.clear()
    client = Client()
    assert "Bamboo composite" in client.get(f"/en/events/{event.pk}/showcase/").content.decode()
    page = client.get(achievement.get_absolute_url()).content.decode()
    assert "Featured at an event" in page
    assert "Featured at an event" in client.get("/en/achievements/").content.decode()


def test_mous_on_the_register_and_on_the_institution_page(client):
    institution = InstitutionFactory()
    mou = Mou.objects.create(title="Memorandum on joint labs", signed_on="2026-05-01")
    mou.parties.set([institution])
    assert "Memorandum on joint labs" in client.get("/en/events/mous/").content.decode()
    assert "Memorandum on joint labs" in client.get(institution.get_absolute_url()).content.decode()


def test_admin_grid_and_csv_export(staff):
    event = EventFactory()
    meeting_slots(event, 2)
    a, b = RegistrationFactory(event=event, organisation="=HYPERLINK(1)"), RegistrationFactory(event=event)
    Meeting.objects.create(event=event, requester=a, invitee=b, status="accepted", slot=event.slots.first(), table=1)
    client = _client(staff)
    grid = client.get(f"/admin/events/event/{event.pk}/grid/")
    assert grid.status_code == 200 and a.user.display_name in grid.content.decode()
    export = client.post("/admin/events/registration/", {"action": "export_csv", "_selected_action": [a.pk, b.pk]})
    body = export.content.decode()
    assert export["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1)" in body  # no formula injection into spreadsheets


def test_after_a_meeting_the_agenda_offers_to_continue_in_a_conversation_about_the_other_sides_listings():
    event = EventFactory()
    slot = meeting_slots(event, 1)[0]
    a, b = ResearcherFactory(), EnterpriseFactory()
    mine, theirs = RegistrationFactory(event=event, user=a), RegistrationFactory(event=event, user=b)
    wanted = DemandFactory(owner=b, published=True, title_en="Cold-chain sensors for vaccines")
    draft = DemandFactory(owner=b, title_en="Unpublished idea")
    theirs.demands.set([wanted, draft])
    Meeting.objects.create(event=event, requester=mine, invitee=theirs, status="accepted", slot=slot, table=1)
    start = reverse("negotiations:start", args=["demand", wanted.pk])

    past = timezone.now() - timedelta(hours=2)
    type(slot).objects.filter(pk=slot.pk).update(starts_at=past, ends_at=past + timedelta(minutes=20))
    agenda = _client(a).get(f"/en/events/{event.pk}/agenda/").content.decode()

    assert "Continue in a conversation about:" in agenda
    assert f'href="{start}"' in agenda and "Cold-chain sensors for vaccines" in agenda
    assert "Unpublished idea" not in agenda
