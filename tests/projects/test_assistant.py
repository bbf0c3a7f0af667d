"""The aggregation assistant: from a demand or a theme, published achievements that complement each other (other
fields, institutions, countries; never the demand's own organisation, drafts or more than two of one institution);
its page for staff and institution administrators only; one action turns the checked ones into a draft project."""

from __future__ import annotations

import pytest
from django.urls import reverse

from projects.models import Project
from projects.selectors import PER_INSTITUTION, aggregation_proposal
from projects.services import project_from_proposal
from search.services import search_reindex
from tests.factories import AchievementFactory, DemandFactory, InstitutionFactory, tech_field
from tests.search.conftest import embedded_search  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

URL = reverse("projects:assistant")


@pytest.fixture
def market(embedded_search, lead):  # noqa: F811
    """A demand for smart irrigation of mountain farms and achievements around it, across institutions."""
    sensors_lab = InstitutionFactory(country="IN")
    drones_lab = InstitutionFactory(country="RU")
    buyer = InstitutionFactory(country="BR")
    electronics = tech_field("information-technology")
    aviation = tech_field("low-altitude-economy")
    demand = DemandFactory(
        published=True,
        institution=buyer,
        title_en="Smart irrigation for mountain farms",
        description_en="Sensors, drones and valves to irrigate terraced mountain farms with little water.",
    )
    sensors = AchievementFactory(
        published=True,
        institution=sensors_lab,
        country="IN",
        field=electronics,
        title_en="Soil moisture sensors for mountain farms irrigation",
        summary_en="Cheap wireless sensors that tell when terraced farms need irrigation.",
    )
    sensors_bis = AchievementFactory(
        published=True,
        institution=sensors_lab,
        country="IN",
        field=electronics,
        title_en="Irrigation sensors for mountain farms, second generation",
        summary_en="Smart irrigation sensors for mountain farms.",
    )
    sensors_ter = AchievementFactory(
        published=True,
        institution=sensors_lab,
        country="IN",
        field=electronics,
        title_en="Smart irrigation sensors for mountain farms, third generation",
        summary_en="Smart irrigation sensors for mountain farms.",
    )
    drones = AchievementFactory(
        published=True,
        institution=drones_lab,
        country="RU",
        field=aviation,
        title_en="Irrigation drones for mountain terraces",
        summary_en="Drones that spray water on terraced mountain farms.",
    )
    own = AchievementFactory(published=True, institution=buyer, title_en="Smart irrigation for mountain farms at home")
    draft = AchievementFactory(institution=drones_lab, title_en="Smart irrigation for mountain farms (draft)")
    search_reindex()
    return {
        "demand": demand,
        "sensors": sensors,
        "sensors_bis": sensors_bis,
        "sensors_ter": sensors_ter,
        "drones": drones,
        "own": own,
        "draft": draft,
        "sensors_lab": sensors_lab,
    }


def test_a_demand_gets_complementary_achievements_across_institutions_and_countries(market):
    proposal = aggregation_proposal(lang="en", demand=market["demand"])
    ids = [pick.achievement.pk for pick in proposal.picks]
    assert market["drones"].pk in ids
    assert market["own"].pk not in ids and market["draft"].pk not in ids
    same_lab = [pick for pick in proposal.picks if pick.achievement.institution_id == market["sensors_lab"].pk]
    assert len(same_lab) == PER_INSTITUTION
    # The second pick brings what the first lacks: another field, institution and country.
    first, second = proposal.picks[0].achievement, proposal.picks[1].achievement
    assert first.field_id != second.field_id and first.institution_id != second.institution_id
    assert "Another institution" in proposal.picks[1].reasons
    assert {str(group["country"]) for group in proposal.groups} == {"IN", "RU"}
    assert proposal.field_count == 2 and proposal.country_count == 2 and proposal.institution_count == 2


def test_a_theme_alone_works_and_a_theme_with_no_match_proposes_nothing(market):
    proposal = aggregation_proposal(lang="en", query="irrigation drones")
    assert market["drones"].pk in [pick.achievement.pk for pick in proposal.picks]
    assert market["draft"].pk not in [pick.achievement.pk for pick in proposal.picks]
    assert aggregation_proposal(lang="en", query="").picks == []


def test_only_staff_and_institution_administrators_open_the_page(client, market, lead, researcher, staff):
    assert client.get(URL).status_code == 302  # sign in first
    client.force_login(researcher)
    assert client.get(URL, {"q": "irrigation"}).status_code == 403
    for user in (lead, staff):
        client.force_login(user)
        page = client.get(URL, {"demand": market["demand"].pk})
        assert page.status_code == 200
        html = page.content.decode()
        assert f'name="achievements" value="{market["drones"].pk}"' in html
        assert "Create a draft project" in html
        assert market["own"].title_en not in html


def test_hostile_query_input_is_a_form_error_not_a_500(client, lead, market):
    client.force_login(lead)
    assert client.get(URL, {"demand": "nope", "q": "x" * 1000}).status_code == 200
    page = client.get(URL, {"q": "<script>alert(1)</script> OR 1=1"})
    assert page.status_code == 200 and "<script>alert(1)" not in page.content.decode()
    assert client.get(URL, {"q": "irrigation \x00"}).status_code < 500


def test_create_a_draft_project_from_the_checked_achievements(client, lead, market):
    client.force_login(lead)
    response = client.post(
        URL,
        {
            "demand": market["demand"].pk,
            "title": "Smart irrigation consortium",
            "institution": lead.lead_institution.pk,
            "achievements": [market["sensors"].pk, market["sensors_bis"].pk, market["drones"].pk],
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.state == "draft" and project.institution == lead.lead_institution
    assert project.title_en == "Smart irrigation consortium"
    assert project.field_id == market["sensors"].field_id  # the most frequent field leads
    assert list(project.other_fields.values_list("pk", flat=True)) == [market["drones"].field_id]
    assert list(project.demands.all()) == [market["demand"]]
    assert "Irrigation drones for mountain terraces" in project.summary_en
    # The owners still confirm: nothing is confirmed for achievements the lead does not own.
    assert set(project.bundle.values_list("achievement_id", "confirmed_at")) == {
        (market["sensors"].pk, None),
        (market["sensors_bis"].pk, None),
        (market["drones"].pk, None),
    }


@pytest.mark.parametrize(
    "change",
    [
        {"achievements": []},
        {"title": ""},
        {"achievements": ["draft"]},
        {"achievements": ["abc"]},
        {"institution": "other"},
    ],
)
def test_bad_creations_are_form_errors_and_create_nothing(client, lead, market, change):
    client.force_login(lead)
    data = {
        "q": "irrigation",
        "title": "Smart irrigation consortium",
        "institution": lead.lead_institution.pk,
        "achievements": [market["drones"].pk],
    }
    data.update(change)
    if data["achievements"] == ["draft"]:
        data["achievements"] = [market["draft"].pk]
    if data["institution"] == "other":
        data["institution"] = market["sensors_lab"].pk  # not one the lead administers
    response = client.post(URL, data)
    assert response.status_code == 200
    assert not Project.objects.exists()


def test_the_service_refuses_users_who_do_not_put_projects_together(researcher, market):
    from marketplace.errors import NotAllowed

    with pytest.raises(NotAllowed):
        project_from_proposal(
            user=researcher,
            institution=market["sensors_lab"],
            title="Mine",
            achievements=[market["drones"]],
            language="en",
        )
    assert not Project.objects.exists()
