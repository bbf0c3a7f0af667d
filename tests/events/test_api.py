"""The events API: contract, permission matrix (participants to confirmed participants, agendas to their owner),
idempotent registration, meeting request and accept, hostile input, errors as {code, detail}, bounded queries."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from events.models import Meeting, Mou, Registration
from tests.factories import (
    EnterpriseFactory,
    EventFactory,
    InstitutionFactory,
    RegistrationFactory,
    ResearcherFactory,
    StaffFactory,
    meeting_slots,
)

pytestmark = pytest.mark.django_db


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_event_list_is_paginated_and_filters_by_phase_kind_and_country(django_assert_max_num_queries):
    upcoming = EventFactory(kind="roadshow", country="ZA")
    past = EventFactory(past=True, kind="annual_meeting")
    for _ in range(5):
        EventFactory()
    with django_assert_max_num_queries(4):
        body = _client().get("/api/v1/events/?phase=upcoming").json()
    assert body["count"] == 6
    assert past.pk not in [item["id"] for item in body["results"]]
    assert [e["id"] for e in _client().get("/api/v1/events/?phase=past").json()["results"]] == [past.pk]
    assert [e["id"] for e in _client().get("/api/v1/events/?kind=roadshow").json()["results"]] == [upcoming.pk]
    assert [e["id"] for e in _client().get("/api/v1/events/?country=za").json()["results"]] == [upcoming.pk]
    item = body["results"][0]
    assert {"starts_at", "ends_at", "time_zone", "kind", "utc_offset", "local_starts_at"} <= set(item)


def test_event_detail_is_in_the_requested_language_with_the_zone_named():
    event = EventFactory(title_en="Brokerage", title_zh_hans="对接会", time_zone="Asia/Shanghai")
    body = _client().get(f"/api/v1/events/{event.pk}/?lang=zh-hans").json()
    assert (body["title"], body["language"]) == ("对接会", "zh-hans")
    assert body["time_zone"] == "Asia/Shanghai" and body["utc_offset"] == "UTC+08:00"
    assert body["local_starts_at"].endswith("+08:00")
    assert body["me"] is None


def test_registration_is_201_then_200_with_the_status():
    event = EventFactory(capacity=1)
    first, second = ResearcherFactory(), ResearcherFactory()
    created = _client(first).post(f"/api/v1/events/{event.pk}/registration/", {}, format="json")
    assert (created.status_code, created.json()["status"]) == (201, "confirmed")
    again = _client(first).post(f"/api/v1/events/{event.pk}/registration/", {"organisation": "X"}, format="json")
    assert (again.status_code, again.json()["status"], again.json()["organisation"]) == (200, "confirmed", "X")
    waiting = _client(second).post(f"/api/v1/events/{event.pk}/registration/", {}, format="json")
    assert (waiting.status_code, waiting.json()["status"]) == (201, "waitlisted")


def test_registration_needs_sign_in():
    event = EventFactory()
    response = _client().post(f"/api/v1/events/{event.pk}/registration/", {}, format="json")
    assert response.status_code in (401, 403)
    assert set(response.json()) >= {"code", "detail"}


@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 401), ("stranger", 403), ("waitlisted", 403), ("confirmed", 200), ("staff", 200)],
)
def test_participants_list_only_to_confirmed_participants_and_staff(who, expected):
    event = EventFactory()
    RegistrationFactory(event=event, organisation="Visible Org")
    RegistrationFactory(event=event, organisation="Hidden Org", profile_public=False)
    users = {
        "anonymous": None,
        "stranger": ResearcherFactory(),
        "waitlisted": RegistrationFactory(event=event, status="waitlisted").user,
        "confirmed": RegistrationFactory(event=event).user,
        "staff": StaffFactory(),
    }
    response = _client(users[who]).get(f"/api/v1/events/{event.pk}/participants/")
    expected_codes = {401: (401, 403)}.get(expected, (expected,))
    assert response.status_code in expected_codes
    if expected == 200:
        names = [row["organisation"] for row in response.json()["results"]]
        assert "Visible Org" in names and "Hidden Org" not in names
        assert "email" not in response.content.decode()  # contact goes through the platform
    else:
        assert "Visible Org" not in response.content.decode()
        assert set(response.json()) >= {"code", "detail"}


def test_request_and_accept_a_meeting_through_the_api_then_see_it_on_the_agenda():
    event = EventFactory()
    meeting_slots(event, 4)
    a = RegistrationFactory(event=event, user=EnterpriseFactory())
    b = RegistrationFactory(event=event)
    asked = _client(a.user).post(
        f"/api/v1/events/{event.pk}/meetings/", {"invitee": b.pk, "message": "Hi"}, format="json"
    )
    assert asked.status_code == 201, asked.json()
    mid = asked.json()["id"]
    refused = _client(a.user).post(f"/api/v1/events/{event.pk}/meetings/{mid}/accept/")
    assert (refused.status_code, refused.json()["code"]) == (404, "not_found")
    accepted = _client(b.user).post(f"/api/v1/events/{event.pk}/meetings/{mid}/accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted.json()["table"] == 1 and accepted.json()["starts_at"]
    agenda = _client(a.user).get(f"/api/v1/events/{event.pk}/agenda/").json()
    assert [item["meeting"] for item in agenda["items"]] == [mid]
    assert agenda["time_zone"] == "Asia/Shanghai"
    again = _client(a.user).post(f"/api/v1/events/{event.pk}/meetings/", {"invitee": b.pk}, format="json")
    assert (again.status_code, again.json()["code"], again.json()["meeting"]) == (409, "already_requested", mid)


def test_agenda_is_only_ones_own():
    event = EventFactory()
    RegistrationFactory(event=event)
    stranger = ResearcherFactory()
    response = _client(stranger).get(f"/api/v1/events/{event.pk}/agenda/")
    assert (response.status_code, response.json()["code"]) == (403, "not_registered")
    assert _client().get(f"/api/v1/events/{event.pk}/agenda/").status_code in (401, 403)


@pytest.mark.parametrize(
    "path,body",
    [
        ("/api/v1/events/abc/", None),
        ("/api/v1/events/99999999999999999999/", None),
        ("/api/v1/events/-1/registration/", {}),
        ("/api/v1/events/{pk}/meetings/x/accept/", None),
        ("/api/v1/events/{pk}/meetings/", {"invitee": "'; DROP TABLE events_event; --"}),
        ("/api/v1/events/{pk}/meetings/", {"invitee": 10**30}),
        ("/api/v1/events/{pk}/meetings/", {"invitee": [1, 2]}),
        ("/api/v1/events/{pk}/meetings/", {"invitee": 1, "message": "x" * 5000}),
        ("/api/v1/events/{pk}/registration/", {"organisation": "x" * 5000}),
        ("/api/v1/events/{pk}/registration/", {"profile_public": "perhaps"}),
        ("/api/v1/events/?phase=tomorrow", None),
        ("/api/v1/events/?kind=party", None),
        ("/api/v1/events/?lang=xx", None),
        ("/api/v1/events/?page=999", None),
        ("/api/v1/mous/?institution=abc", None),
        ("/api/v1/mous/?year=%00", None),
    ],
)
def test_hostile_input_is_a_4xx_in_the_error_shape_and_writes_nothing(path, body):
    event = EventFactory()
    user = RegistrationFactory(event=event).user
    count = Registration.objects.count()
    url = path.format(pk=event.pk)
    client = _client(user)
    response = client.get(url) if body is None else client.post(url, body, format="json")
    assert 400 <= response.status_code < 500, (url, response.status_code)
    assert {"code", "detail"} <= set(response.json())
    assert Registration.objects.count() == count
    assert not Meeting.objects.exists()


def test_mou_register_lists_public_mous_with_their_parties():
    institution = InstitutionFactory()
    mou = Mou.objects.create(title="Joint lab", signed_on="2026-05-01")
    mou.parties.set([institution])
    Mou.objects.create(title="Secret draft", signed_on="2026-05-02", is_public=False)
    body = _client().get(f"/api/v1/mous/?institution={institution.pk}").json()
    assert [(row["title"], row["parties"]) for row in body["results"]] == [("Joint lab", [institution.pk])]
    assert "Secret draft" not in str(_client().get("/api/v1/mous/").json())
