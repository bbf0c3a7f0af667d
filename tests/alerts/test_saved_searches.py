"""Saved searches: saved from the search page or the API, private to their owner, and run by beat so that each newly
published match is notified once (never what was there before saving, never a draft, never twice)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from alerts.models import SavedSearch
from alerts.services import saved_search_create, saved_searches_run
from notifications.models import Notification
from search.forms import SIDEBAR_FACETS
from search.services import search_reindex
from tests.factories import AchievementFactory, DemandFactory, EnterpriseFactory, ResearcherFactory, tech_field

pytestmark = pytest.mark.django_db


def test_a_search_saved_from_the_page_is_kept_once_and_leads_back_to_its_results(client):
    user = EnterpriseFactory()
    client.force_login(user)
    page = client.get(reverse("search:results"), {"q": "perovskite", "country": "CN"}).content.decode()
    assert "Save this search" in page

    first = client.post(reverse("alerts:create"), {"params": "q=perovskite&country=CN&page=3&sort=date"})
    again = client.post(reverse("alerts:create"), {"params": "country=CN&q=perovskite"})

    saved = SavedSearch.objects.get()
    assert (saved.user, saved.name, saved.params) == (user, "perovskite", "q=perovskite&country=CN")
    assert first["Location"] == again["Location"] == reverse("search:results") + "?q=perovskite&country=CN"
    listing = client.get(reverse("alerts:list")).content.decode()
    assert "perovskite" in listing


def test_the_search_page_asks_visitors_to_sign_in_to_save():
    from django.test import Client

    page = Client().get(reverse("search:results"), {"q": "battery"}).content.decode()
    assert "Sign in to save this search" in page


def test_a_search_that_cannot_run_is_not_saved(client):
    client.force_login(EnterpriseFactory())
    response = client.post(reverse("alerts:create"), {"params": "trl=12"}, follow=True)
    assert not SavedSearch.objects.exists()
    assert "This search cannot be saved" in response.content.decode()


def test_only_newly_published_matches_are_notified_once(embedded_search):
    user = EnterpriseFactory(preferred_language="en")
    old = AchievementFactory(published=True, title_en="Perovskite solar film", summary_en="Thin perovskite layers.")
    type(old).objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=3))
    search_reindex()
    saved, created = saved_search_create(user=user, params={"q": "perovskite"})
    assert created

    new = AchievementFactory(
        published=True, title_en="Perovskite tandem cell", summary_en="A perovskite on silicon tandem."
    )
    AchievementFactory(title_en="Perovskite draft", summary_en="Not public yet.")  # a draft: never told
    AchievementFactory(published=True, title_en="Drought-tolerant wheat", summary_en="Seeds.")
    search_reindex()

    assert saved_searches_run() == 1  # not the wheat, which only a loose meaning match would bring
    told = Notification.objects.get(recipient=user)
    assert told.kind == "alerts.saved_search"
    assert told.url == new.get_absolute_url()
    assert told.context == {"search": "perovskite", "title": "Perovskite tandem cell"}

    search_reindex()  # a re-index (or the next run) does not tell it again
    assert saved_searches_run() == 0
    assert Notification.objects.filter(recipient=user).count() == 1
    saved.refresh_from_db()
    assert saved.last_run_at is not None


def test_filters_only_searches_are_told_about_new_listings_of_that_kind(embedded_search):
    user = ResearcherFactory()
    saved_search_create(user=user, params={"type": "demand", "field": [tech_field("biomedicine").slug]})
    DemandFactory(published=True, title_en="Rapid test for dengue", field=tech_field("biomedicine"))
    DemandFactory(published=True, title_en="Irrigation pumps", field=tech_field("water-resources"))
    AchievementFactory(published=True, title_en="Biomedicine offer", field=tech_field("biomedicine"))
    search_reindex()

    assert saved_searches_run() == 1
    assert Notification.objects.get(recipient=user).context["title"] == "Rapid test for dengue"


# --- API --------------------------------------------------------------------------------------------------------


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_api_lists_creates_and_deletes_ones_own_saved_searches():
    user, other = EnterpriseFactory(), EnterpriseFactory()
    created = _api(user).post(
        "/api/v1/saved-searches/", {"q": "hydrogen", "filters": {"country": ["BR", "IN"]}}, format="json"
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["q"], body["filters"], body["type"]) == ("hydrogen", {"country": ["BR", "IN"]}, "")
    assert body["search_url"].endswith("?q=hydrogen&country=BR&country=IN")
    again = _api(user).post(
        "/api/v1/saved-searches/", {"q": "hydrogen", "filters": {"country": ["IN", "BR"]}}, format="json"
    )
    assert again.status_code == 200 and again.json()["id"] == body["id"]

    assert [row["id"] for row in _api(user).get("/api/v1/saved-searches/").json()] == [body["id"]]
    assert _api(other).get("/api/v1/saved-searches/").json() == []
    assert _api(other).delete(f"/api/v1/saved-searches/{body['id']}/").status_code == 404
    assert _api(user).delete(f"/api/v1/saved-searches/{body['id']}/").status_code == 204
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({}, "empty_search"),
        ({"filters": {"colour": ["red"]}}, "unknown_field"),
        ({"type": "spaceship"}, "invalid"),
        ({"filters": {"trl": ["12"]}}, "invalid"),
        ({"filters": {"ip_status": ["stolen"]}}, "invalid"),
        ({"filters": {"field": ["no-such-field"]}}, "invalid"),
        ({"filters": {"country": ["ZZ"]}}, "invalid"),
        ({"filters": {"language": ["xx"]}}, "invalid"),
        ({"filters": {"country": ["BR"] * 21}}, "invalid"),
        ({"filters": None}, "invalid"),
    ],
)
def test_api_refuses_a_search_that_cannot_be_saved(payload, code):
    response = _api(EnterpriseFactory()).post("/api/v1/saved-searches/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not SavedSearch.objects.exists()


def test_api_filters_take_each_facet_with_its_values_and_give_them_back_as_documented():
    payload = {
        "type": "achievement",
        "filters": {
            "field": ["biomedicine"],
            "trl": [7, "3"],
            "ip_status": ["granted_patent"],
            "transfer_mode": ["licensing"],
            "institution_type": ["university"],
            "language": ["pt-br"],
            "category": ["valuation"],
            "country": ["IN"],
        },
    }
    response = _api(EnterpriseFactory()).post("/api/v1/saved-searches/", payload, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["filters"] == {
        "category": ["valuation"],
        "field": ["biomedicine"],
        "country": ["IN"],
        "language": ["pt-br"],
        "trl": [3, 7],
        "ip_status": ["granted_patent"],
        "transfer_mode": ["licensing"],
        "institution_type": ["university"],
    }


def test_api_schema_lists_the_facets_a_saved_search_takes_with_their_values():
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json").json()["components"]["schemas"]
    filters = schema["SavedSearchCreateFiltersRequest"]

    assert set(filters["properties"]) == set(SIDEBAR_FACETS)
    assert filters["additionalProperties"] is False
    items = {name: prop["items"] for name, prop in filters["properties"].items()}
    assert "biomedicine" in items["field"]["enum"]
    assert (items["trl"]["type"], items["trl"]["minimum"], items["trl"]["maximum"]) == ("integer", 1, 9)
    for name in ("category", "country", "language", "ip_status", "transfer_mode", "institution_type"):
        assert "enum" in items[name] or "$ref" in items[name], name
    assert set(schema["SavedSearchFilters"]["properties"]) == set(SIDEBAR_FACETS)


def test_api_caps_the_number_of_saved_searches(settings):
    settings.SAVED_SEARCHES_MAX = 1
    api = _api(EnterpriseFactory())
    assert api.post("/api/v1/saved-searches/", {"q": "one"}, format="json").status_code == 201
    response = api.post("/api/v1/saved-searches/", {"q": "two"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "too_many_saved_searches"


def test_api_needs_a_signed_in_member():
    assert APIClient().get("/api/v1/saved-searches/").status_code == 401
