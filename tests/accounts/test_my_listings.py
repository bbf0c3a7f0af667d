from __future__ import annotations

from django.urls import reverse

from marketplace.models import MembershipRole, ModerationState
from marketplace.services import listing_moderate, listing_submit
from tests.factories import AchievementFactory, DemandFactory, MembershipFactory, ResearcherFactory

URL = "/en/my/listings/"


def test_my_listings_requires_sign_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_dashboard_redirects_to_my_listings(researcher_client):
    response = researcher_client.get("/en/my/")

    assert response.status_code == 302
    assert response["Location"] == URL


def test_my_listings_shows_own_items_with_the_latest_staff_reason(researcher, researcher_client, staff):
    mine = AchievementFactory(owner=researcher, title_en="My solar membrane")
    listing_submit(listing=mine, user=researcher)
    listing_moderate(listing=mine, actor=staff, action="request_changes", reason="Old reason")
    listing_submit(listing=mine, user=researcher)
    listing_moderate(listing=mine, actor=staff, action="request_changes", reason="Add the patent number, please")
    AchievementFactory(title_en="Someone else's secret draft")

    response = researcher_client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "My solar membrane" in html
    assert "Add the patent number, please" in html
    assert "Old reason" not in html
    assert "staff-reason-prominent" in html
    assert "state-badge state-changes_requested" in html
    assert "Someone else&#x27;s secret draft" not in html and "Someone else's secret draft" not in html


def test_editable_listing_offers_edit_and_submit_and_published_offers_archive(researcher, researcher_client):
    draft = AchievementFactory(owner=researcher)
    published = AchievementFactory(owner=researcher, published=True)
    submitted = AchievementFactory(owner=researcher, submitted=True)

    html = researcher_client.get(URL).content.decode()

    assert reverse("achievements:edit", kwargs={"pk": draft.pk}) in html
    assert reverse("achievements:submit", kwargs={"pk": draft.pk}) in html
    assert reverse("achievements:archive", kwargs={"pk": published.pk}) in html
    assert reverse("achievements:edit", kwargs={"pk": published.pk}) not in html
    assert reverse("achievements:edit", kwargs={"pk": submitted.pk}) not in html
    assert reverse("achievements:archive", kwargs={"pk": submitted.pk}) not in html


def test_enterprise_lands_on_demands_tab_with_post_a_demand_button(enterprise, enterprise_client):
    DemandFactory(owner=enterprise, title_en="Cooling for inverters")
    DemandFactory(title_en="A competitor's demand")

    html = enterprise_client.get(URL).content.decode()

    assert "Cooling for inverters" in html
    assert "A competitor" not in html
    assert reverse("demands:create") in html
    assert reverse("achievements:create") not in html


def test_researcher_sees_post_an_achievement_and_an_empty_state(researcher_client):
    html = researcher_client.get(URL).content.decode()

    assert reverse("achievements:create") in html
    assert reverse("demands:create") not in html
    assert "empty-state" in html


def test_demands_tab_lists_demands(enterprise, enterprise_client):
    DemandFactory(owner=enterprise, title_en="Water purification at scale", state=ModerationState.REJECTED)

    html = enterprise_client.get(URL + "?tab=demands").content.decode()

    assert "Water purification at scale" in html
    assert "state-rejected" in html


def test_institution_admin_sees_the_institutions_listings(institution, client):
    admin = ResearcherFactory(role="institution_admin")
    MembershipFactory(user=admin, institution=institution, role=MembershipRole.ADMIN)
    AchievementFactory(institution=institution, title_en="Colleague's achievement")
    client.force_login(admin)

    html = client.get(URL).content.decode()

    assert "Colleague&#x27;s achievement" in html
    assert reverse("demands:create") in html and reverse("achievements:create") in html


def test_my_listings_query_count_does_not_grow_with_rows(researcher, researcher_client, django_assert_max_num_queries):
    for _ in range(15):
        AchievementFactory(owner=researcher)

    with django_assert_max_num_queries(14):
        response = researcher_client.get(URL)

    assert response.status_code == 200
