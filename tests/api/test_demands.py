from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demands.models import Demand, DemandAttachment
from marketplace.models import InstitutionKind, MembershipRole, ModerationState
from tests.api.conftest import client_for, pdf
from tests.factories import (
    DemandFactory,
    EnterpriseFactory,
    InstitutionFactory,
    MembershipFactory,
    ResearcherFactory,
    StaffFactory,
    tech_field,
    transfer_mode,
)

LIST_URL = "/api/v1/demands/"
pytestmark = pytest.mark.django_db


def detail_url(pk) -> str:
    return f"/api/v1/demands/{pk}/"


def ids(response) -> set[int]:
    return {item["id"] for item in response.json()["results"]}


def valid_payload(**changes) -> dict:
    payload = {
        "title": "Dust-resistant coating for solar panels",
        "description": "Panels in the Karoo lose 15% output to dust; we need a coating that lasts five years.",
        "field": "renewable-energy",
        "budget_min": "20000.00",
        "budget_max": "80000.00",
        "budget_currency": "ZAR",
        "deadline": "2031-06-30",
        "cooperation_modes": ["joint_development", "technical_service"],
        "source_language": "en",
    }
    payload.update(changes)
    return payload


# --- read ------------------------------------------------------------------------------------------------------


def test_list_shows_only_published_unexpired_demands(api_client, enterprise):
    published = DemandFactory(published=True)
    DemandFactory(published=True, expires_at=timezone.localdate() - dt.timedelta(days=1))
    for state in (ModerationState.DRAFT, ModerationState.SUBMITTED, ModerationState.REJECTED, ModerationState.ARCHIVED):
        DemandFactory(owner=enterprise, state=state)

    for client in (api_client, client_for(enterprise)):
        assert ids(client.get(LIST_URL)) == {published.pk}


def test_list_items_have_the_public_fields(api_client):
    demand = DemandFactory(published=True, deadline=dt.date(2031, 1, 31))

    item = api_client.get(LIST_URL).json()["results"][0]

    assert item["id"] == demand.pk
    assert item["url"] == f"http://testserver/en/demands/{demand.pk}/"
    assert item["title"] == demand.title_en
    assert item["language"] == "en"
    assert item["field"]["slug"] == "renewable-energy"
    assert item["budget"] == {"min": "10000.00", "max": "50000.00", "currency": "USD"}
    assert item["deadline"] == "2031-01-31"
    assert item["cooperation_modes"] == ["joint_development"]
    assert "description" not in item


@pytest.mark.parametrize(
    "query",
    [
        "field=advanced-manufacturing-rail",
        "country=RU",
        "cooperation_mode=assignment",
        "institution_type=enterprise",
        "institution=ural-works",
    ],
)
def test_list_filters_like_the_pages(api_client, query):
    institution = InstitutionFactory(slug="ural-works", kind=InstitutionKind.ENTERPRISE, country="RU")
    match = DemandFactory(
        published=True,
        field=tech_field("advanced-manufacturing-rail"),
        country="RU",
        institution=institution,
        cooperation_modes=[transfer_mode("assignment")],
    )
    DemandFactory(published=True)

    response = api_client.get(f"{LIST_URL}?{query}")

    assert response.status_code == 200
    assert ids(response) == {match.pk}


@pytest.mark.parametrize("query", ["field=nope", "country=ZZ", "cooperation_mode=barter", "institution_type=club"])
def test_unknown_filter_values_are_400(api_client, query):
    response = api_client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["errors"]


def _count_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_list_query_count_does_not_grow_with_items(api_client):
    DemandFactory.create_batch(3, published=True, institution=InstitutionFactory())
    few = _count_queries(api_client, LIST_URL)
    DemandFactory.create_batch(17, published=True, institution=InstitutionFactory())
    many = _count_queries(api_client, LIST_URL)
    assert few == many


def test_someone_elses_draft_demand_is_404(api_client, enterprise):
    draft = DemandFactory(owner=enterprise)

    for client in (api_client, client_for(ResearcherFactory()), client_for(EnterpriseFactory())):
        response = client.get(detail_url(draft.pk))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_owner_reads_their_draft_demand(enterprise):
    draft = DemandFactory(owner=enterprise)
    body = client_for(enterprise).get(detail_url(draft.pk)).json()
    assert body["state"] == "draft"
    assert body["description"] == draft.description_en
    assert body["moderation"] == []


def test_lang_picks_the_translated_column(api_client):
    demand = DemandFactory(published=True, title_pt_br="Resfriamento de inversores")

    translated = api_client.get(f"{detail_url(demand.pk)}?lang=pt-br").json()
    fallback = api_client.get(f"{detail_url(demand.pk)}?lang=zh-hans").json()

    assert (translated["title"], translated["language"]) == ("Resfriamento de inversores", "pt-br")
    assert (fallback["title"], fallback["language"]) == (demand.title_en, "en")


def test_mine_lists_the_enterprises_demands_in_every_state(enterprise):
    own = [DemandFactory(owner=enterprise), DemandFactory(owner=enterprise, state=ModerationState.REJECTED)]
    DemandFactory(published=True)

    assert ids(client_for(enterprise).get(f"{LIST_URL}mine/")) == {item.pk for item in own}


# --- write -----------------------------------------------------------------------------------------------------


def test_enterprise_creates_a_demand(enterprise):
    response = client_for(enterprise).post(LIST_URL, valid_payload(), format="json")

    assert response.status_code == 201, response.json()
    demand = Demand.objects.get(pk=response.json()["id"])
    assert demand.owner == enterprise
    assert demand.state == ModerationState.DRAFT
    assert demand.budget_max == Decimal("80000.00")
    assert demand.deadline == dt.date(2031, 6, 30)
    assert demand.country == enterprise.country
    assert sorted(demand.cooperation_modes.values_list("code", flat=True)) == ["joint_development", "technical_service"]


def test_a_demand_states_the_readiness_it_needs_and_where_it_prefers_partners(enterprise, api_client):
    payload = valid_payload(trl_min=6, trl_max=8, preferred_countries=["BR", "CN"])
    response = client_for(enterprise).post(LIST_URL, payload, format="json")

    assert response.status_code == 201, response.json()
    demand = Demand.objects.get(pk=response.json()["id"])
    assert (demand.trl_min, demand.trl_max) == (6, 8)
    assert [country.code for country in demand.preferred_countries] == ["BR", "CN"]
    Demand.objects.filter(pk=demand.pk).update(state=ModerationState.PUBLISHED, published_at=timezone.now())
    item = api_client.get(detail_url(demand.pk)).json()
    assert (item["trl_min"], item["trl_max"], item["preferred_countries"]) == (6, 8, ["BR", "CN"])


def test_researcher_cannot_post_a_demand(researcher):
    response = client_for(researcher).post(LIST_URL, valid_payload(), format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "role_not_allowed"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"budget_min": "-1"}, "budget_min"),
        ({"budget_max": "plenty"}, "budget_max"),
        ({"budget_max": "NaN"}, "budget_max"),
        ({"budget_min": "1e309"}, "budget_min"),
        ({"budget_currency": "DOGE"}, "budget_currency"),
        ({"budget_min": "90000", "budget_max": "100"}, "budget_max"),
        ({"budget_currency": ""}, "budget_currency"),
        ({"deadline": "tomorrow"}, "deadline"),
        ({"cooperation_modes": ["barter"]}, "cooperation_modes"),
        ({"field": "alchemy"}, "field"),
        ({"description": ""}, "description"),
        ({"trl_min": 0}, "trl_min"),
        ({"trl_max": 10}, "trl_max"),
        ({"trl_min": 7, "trl_max": 5}, "trl_max"),
        ({"preferred_countries": ["XX"]}, "preferred_countries"),
    ],
)
def test_bad_demand_input_is_400_and_nothing_saved(enterprise, changes, field):
    response = client_for(enterprise).post(LIST_URL, valid_payload(**changes), format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Demand.objects.exists()


def test_researcher_cannot_edit_enterprises_published_demand(enterprise):
    published = DemandFactory(owner=enterprise, published=True)
    response = client_for(ResearcherFactory()).patch(detail_url(published.pk), {"title": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_patch_permission_matrix_on_a_draft(enterprise):
    institution = InstitutionFactory(kind=InstitutionKind.ENTERPRISE)
    admin = EnterpriseFactory()
    MembershipFactory(user=admin, institution=institution, role=MembershipRole.ADMIN)
    MembershipFactory(user=enterprise, institution=institution)
    draft = DemandFactory(owner=enterprise, institution=institution)

    def patch(user, title):
        return client_for(user).patch(detail_url(draft.pk), {"title": title}, format="json").status_code

    assert patch(EnterpriseFactory(), "stranger") == 404
    assert patch(enterprise, "owner") == 200
    assert patch(admin, "institution admin") == 200
    assert patch(StaffFactory(), "staff") == 200
    draft.refresh_from_db()
    assert draft.title_en == "staff"


def test_submit_twice_is_409(enterprise):
    draft = DemandFactory(owner=enterprise)
    client = client_for(enterprise)

    assert client.post(f"{detail_url(draft.pk)}submit/").json()["state"] == "submitted"
    second = client.post(f"{detail_url(draft.pk)}submit/")

    assert second.status_code == 409
    assert second.json()["code"] == "already_submitted"


def test_owner_uploads_a_pdf_to_a_demand(enterprise):
    draft = DemandFactory(owner=enterprise)

    response = client_for(enterprise).post(
        f"{detail_url(draft.pk)}attachments/", {"files": [pdf()]}, format="multipart"
    )

    assert response.status_code == 201
    stored = DemandAttachment.objects.get(demand=draft)
    assert response.json()["attachments"][0]["download_url"] == f"http://testserver/en/demands/files/{stored.pk}/"


def test_demands_have_no_dossier(enterprise):
    demand = DemandFactory(owner=enterprise, published=True)
    assert client_for(enterprise).get(f"{detail_url(demand.pk)}dossier/").status_code == 404
