"""The listing queues page through marketplace.admin.pagination: the total and the page's ids in one query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from achievements.admin import AchievementAdmin
from achievements.models import Achievement
from demands.admin import DemandAdmin
from demands.models import Demand
from tests.factories import AchievementFactory, DemandFactory, InstitutionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = {Achievement: "admin:achievements_achievement_changelist", Demand: "admin:demands_demand_changelist"}


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr(AchievementAdmin, "list_per_page", 2)
    monkeypatch.setattr(DemandAdmin, "list_per_page", 2)


def counts(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]


@pytest.mark.parametrize(("model", "factory"), [(Achievement, AchievementFactory), (Demand, DemandFactory)])
def test_a_later_page_of_the_queue_shows_its_rows_in_order_and_the_total_without_a_count_query(
    staff_client, two_per_page, model, factory
):
    listings = factory.create_batch(5, submitted=True)
    oldest_first = sorted(listings, key=lambda listing: (listing.submitted_at, listing.pk))

    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(reverse(CHANGELIST[model]), {"p": 2})

    changelist = response.context["cl"]
    assert [row.pk for row in changelist.result_list] == [listing.pk for listing in oldest_first[2:4]]
    assert changelist.result_count == 5
    assert changelist.paginator.num_pages == 3
    assert counts(queries) == []


def test_a_search_spanning_pages_counts_its_matches_and_shows_the_asked_page(staff_client, two_per_page):
    matching = [AchievementFactory(submitted=True, title_en=f"Solar dryer {n}") for n in range(3)]
    AchievementFactory(submitted=True, title_en="Vaccine adjuvant")
    newest_first = sorted(matching, key=lambda listing: (listing.submitted_at, listing.pk), reverse=True)

    response = staff_client.get(reverse(CHANGELIST[Achievement]), {"state": "all", "q": "solar", "p": 2})

    changelist = response.context["cl"]
    assert changelist.result_count == 3
    assert [row.pk for row in changelist.result_list] == [newest_first[2].pk]


def test_the_rows_of_a_page_keep_what_the_queue_loads_with_them(staff_client, two_per_page):
    institution = InstitutionFactory()
    AchievementFactory.create_batch(3, submitted=True, institution=institution)

    response = staff_client.get(reverse(CHANGELIST[Achievement]))

    row = response.context["cl"].result_list[0]
    assert "description_en" in row.get_deferred_fields()
    with CaptureQueriesContext(connection) as queries:
        assert (row.owner.email, row.institution, row.field.pk) == (row.owner.email, institution, row.field_id)
    assert len(queries) == 0


def test_a_page_past_the_end_goes_back_to_the_queue_with_an_error_flag(staff_client, two_per_page):
    AchievementFactory.create_batch(3, submitted=True)

    response = staff_client.get(reverse(CHANGELIST[Achievement]), {"p": 9})

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_a_queue_that_fits_one_page_shows_every_row(staff_client, two_per_page):
    listing = AchievementFactory(submitted=True)

    response = staff_client.get(reverse(CHANGELIST[Achievement]))

    assert [row.pk for row in response.context["cl"].result_list] == [listing.pk]
    assert response.context["cl"].result_count == 1
