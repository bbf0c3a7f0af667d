"""The admin home opens on what waits for staff: each queue with its count and a link to the changelist showing it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from marketplace.staff_queues import staff_queues_for
from tests.factories import AchievementFactory, DemandFactory, UserFactory

pytestmark = pytest.mark.django_db


def queue_links(response) -> dict[str, tuple[int, str]]:
    return {row["key"]: (row["count"], row["url"]) for row in response.context["queues"]}


def test_staff_see_how_many_listings_wait_for_review_with_links_to_the_queues(staff_client):
    AchievementFactory.create_batch(2, submitted=True)
    AchievementFactory(published=True)
    DemandFactory(submitted=True)

    response = staff_client.get(reverse("admin:index"))

    assert response.status_code == 200
    queues = queue_links(response)
    assert queues["achievements"] == (2, reverse("admin:achievements_achievement_changelist"))
    assert queues["demands"] == (1, reverse("admin:demands_demand_changelist"))
    assert queues["translations"][0] == 0 and queues["deposits"][0] == 0
    content = response.content.decode()
    assert "Waiting for you" in content and "Achievements awaiting review" in content


def test_each_queue_shows_only_to_staff_who_may_open_it(client):
    moderator = UserFactory(is_staff=True)
    moderator.user_permissions.add(Permission.objects.get(codename="change_demand"))
    client.force_login(moderator)
    DemandFactory(submitted=True)

    response = client.get(reverse("admin:index"))

    assert list(queue_links(response)) == ["demands"]


def test_the_admin_home_counts_each_queue_in_one_query(staff, staff_client, django_assert_max_num_queries):
    AchievementFactory.create_batch(3, submitted=True)
    staff_client.get(reverse("admin:index"))  # warm caches (content types, permissions)

    # session, user, one count per registered queue, plus the admin's recent-actions sidebar
    with django_assert_max_num_queries(4 + len(staff_queues_for(user=staff))):
        staff_client.get(reverse("admin:index"))
