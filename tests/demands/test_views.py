"""Browser pages of technical demands: list, detail, downloads, the form, transitions."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from demands.models import Demand, DemandAttachment
from marketplace.models import ModerationState
from tests.factories import DemandFactory, InstitutionFactory, tech_field, transfer_mode

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
LIST_URL = reverse("demands:list")
CREATE_URL = reverse("demands:create")


def pdf(name: str = "spec.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def form_data(**overrides) -> dict:
    data = {
        "source_language": "en",
        "title": "Desalination membrane for brackish water",
        "description": "We need a membrane that lasts 3 years.\nPilot in Q3.",
        "field": tech_field("water-resources").pk,
        "budget_min": "20000",
        "budget_max": "80000",
        "budget_currency": "USD",
        "deadline": "2030-01-31",
        "expires_at": "2030-06-30",
        "cooperation_modes": [transfer_mode("technical_service").pk],
        "institution": "",
        "country": "",
        "action": "draft",
    }
    data.update(overrides)
    return data


# --- list ------------------------------------------------------------------------------------------------------


def test_list_shows_only_published_unexpired_demands(client):
    DemandFactory(published=True, title_en="Open published need")
    DemandFactory(
        published=True, title_en="Hidden expired need", expires_at=timezone.localdate() - datetime.timedelta(1)
    )
    for state in ("draft", "submitted", "rejected", "archived"):
        DemandFactory(state=state, title_en=f"Hidden {state} need")

    response = client.get(LIST_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Open published need" in html
    assert "Hidden" not in html


def test_list_card_shows_budget_deadline_and_expiry(client):
    DemandFactory(
        published=True,
        deadline=datetime.date(2031, 3, 1),
        expires_at=datetime.date(2031, 6, 1),
    )

    html = client.get(LIST_URL).content.decode()

    assert "US$10,000.00 – US$50,000.00" in html
    assert "Wanted by March 1, 2031" in html
    assert "Open until June 1, 2031" in html
    assert "Joint development" in html


def test_list_filters_by_cooperation_mode_field_and_country(client):
    DemandFactory(
        published=True, cooperation_modes=[transfer_mode("assignment")], title_en="Buy a patent", country="EG"
    )
    DemandFactory(published=True, field=tech_field("biomedicine"), title_en="Vaccine cold chain", country="ET")

    by_mode = client.get(LIST_URL, {"cooperation_mode": "assignment"}).content.decode()
    by_field = client.get(LIST_URL, {"field": "biomedicine"}).content.decode()
    by_country = client.get(LIST_URL, {"country": "ET"}).content.decode()

    assert "Buy a patent" in by_mode and "Vaccine cold chain" not in by_mode
    assert "Vaccine cold chain" in by_field and "Buy a patent" not in by_field
    assert "Vaccine cold chain" in by_country and "Buy a patent" not in by_country


def test_list_filters_by_institution_type(client):
    DemandFactory(published=True, institution=InstitutionFactory(kind="enterprise"), title_en="Factory need")
    DemandFactory(published=True, institution=InstitutionFactory(kind="government"), title_en="Ministry need")

    html = client.get(LIST_URL, {"institution_type": "government"}).content.decode()

    assert "Ministry need" in html
    assert "Factory need" not in html


@pytest.mark.parametrize("params", [{"cooperation_mode": "nope"}, {"country": "123"}, {"institution_type": "x"}])
def test_invalid_filter_value_is_not_a_500(client, params):
    response = client.get(LIST_URL, params)

    assert response.status_code == 200
    assert response.context["filter_form"].errors


def test_list_paginates(client):
    DemandFactory.create_batch(21, published=True)

    assert len(client.get(LIST_URL).context["listings"]) == 20
    assert len(client.get(LIST_URL, {"page": 2}).context["listings"]) == 1


def _list_queries(client, count: int) -> int:
    DemandFactory.create_batch(count, published=True, institution=InstitutionFactory())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL).status_code == 200
    Demand.objects.all().delete()
    return len(queries)


def test_list_query_count_does_not_grow_with_the_number_of_listings(client):
    _list_queries(client, 1)  # warms per-process caches (content types) that a lone test run starts without
    assert _list_queries(client, 3) == _list_queries(client, 25)


# --- detail and downloads ----------------------------------------------------------------------------------------


def test_detail_of_someone_elses_draft_is_404(researcher_client):
    assert researcher_client.get(DemandFactory().get_absolute_url()).status_code == 404


def test_owner_sees_own_draft(client, enterprise):
    draft = DemandFactory(owner=enterprise)
    client.force_login(enterprise)

    html = client.get(draft.get_absolute_url()).content.decode()

    assert "state-draft" in html
    assert reverse("demands:submit", args=[draft.pk]) in html


def test_script_tags_in_title_and_description_are_escaped(client):
    demand = DemandFactory(published=True, title_en="<script>alert(1)</script>", description_en="<script>x</script>")

    for url in (LIST_URL, demand.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html
        assert "<script>x" not in html
        assert "&lt;script&gt;" in html


def test_attachment_downloads_only_when_the_demand_is_visible(client):
    published = DemandFactory(published=True)
    draft = DemandFactory()
    files = [
        DemandAttachment.objects.create(
            demand=demand, file=pdf(), original_name="spec.pdf", content_type="application/pdf", size=len(PDF)
        )
        for demand in (published, draft)
    ]

    ok = client.get(reverse("demands:attachment", args=[files[0].pk]))
    hidden = client.get(reverse("demands:attachment", args=[files[1].pk]))

    assert ok.status_code == 200
    assert ok["X-Content-Type-Options"] == "nosniff"
    assert 'filename="spec.pdf"' in ok["Content-Disposition"]
    assert hidden.status_code == 404
    assert (
        reverse("demands:attachment", args=[files[0].pk]) in client.get(published.get_absolute_url()).content.decode()
    )


# --- create and edit ------------------------------------------------------------------------------------------------


def test_create_with_a_real_pdf_stores_the_draft_and_attachment(enterprise_client, enterprise):
    response = enterprise_client.post(CREATE_URL, form_data(attachments=[pdf("requirements.pdf")]))

    demand = Demand.objects.get()
    assert response.status_code == 302
    assert demand.owner == enterprise
    assert demand.state == ModerationState.DRAFT
    assert demand.title_en == "Desalination membrane for brackish water"
    assert demand.deadline == datetime.date(2030, 1, 31)
    assert demand.country == "ZA"
    assert [m.code for m in demand.cooperation_modes.all()] == ["technical_service"]
    assert demand.attachments.get().original_name == "requirements.pdf"


def test_pdf_that_is_really_html_is_rejected_and_nothing_is_saved(enterprise_client):
    response = enterprise_client.post(CREATE_URL, form_data(attachments=[pdf("spec.pdf", HTML)]))

    assert response.status_code == 200
    assert "attachments" in response.context["form"].errors
    assert not Demand.objects.exists()


def test_budget_upper_end_below_lower_end_is_rejected(enterprise_client):
    response = enterprise_client.post(CREATE_URL, form_data(budget_min="90000", budget_max="1000"))

    assert response.status_code == 200
    assert "budget_max" in response.context["form"].errors
    assert not Demand.objects.exists()


def test_the_form_stores_the_readiness_range_and_preferred_countries(enterprise_client, client):
    response = enterprise_client.post(CREATE_URL, form_data(trl_min="5", trl_max="7", preferred_countries=["IN", "RU"]))

    assert response.status_code == 302
    demand = Demand.objects.get()
    assert (demand.trl_min, demand.trl_max) == (5, 7)
    assert [country.code for country in demand.preferred_countries] == ["IN", "RU"]
    Demand.objects.filter(pk=demand.pk).update(state=ModerationState.PUBLISHED, published_at=timezone.now())
    page = client.get(demand.get_absolute_url()).content.decode()
    assert "TRL 5 to 7" in page
    assert "India, Russia" in page


def test_readiness_range_upside_down_is_rejected(enterprise_client):
    response = enterprise_client.post(CREATE_URL, form_data(trl_min="8", trl_max="3"))

    assert response.status_code == 200
    assert "trl_max" in response.context["form"].errors
    assert not Demand.objects.exists()


@pytest.mark.parametrize(("value", "message"), [("-1", "cannot be negative"), ("a lot", "as a number")])
def test_bad_budget_is_rejected(enterprise_client, value, message):
    response = enterprise_client.post(CREATE_URL, form_data(budget_min=value))

    assert message in str(response.context["form"].errors["budget_min"])
    assert not Demand.objects.exists()


def test_researcher_cannot_open_the_demand_form(researcher_client):
    response = researcher_client.get(CREATE_URL)

    assert response.status_code == 403
    assert "Who posts what" in response.content.decode()


def test_researcher_cannot_edit_an_enterprises_demand(researcher_client):
    assert researcher_client.get(reverse("demands:edit", args=[DemandFactory().pk])).status_code == 404
    published = DemandFactory(published=True)
    assert researcher_client.post(reverse("demands:edit", args=[published.pk]), form_data()).status_code == 404


def test_owner_edits_a_draft(client, enterprise):
    demand = DemandFactory(owner=enterprise)
    client.force_login(enterprise)
    url = reverse("demands:edit", args=[demand.pk])

    assert client.get(url).context["form"]["title"].value() == demand.title_en
    response = client.post(url, form_data(title="Sharper need", budget_min="", budget_max="", budget_currency=""))

    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.title_en == "Sharper need"
    assert demand.budget_min is None


def test_editing_a_published_demand_explains_and_redirects(client, enterprise):
    demand = DemandFactory(owner=enterprise, published=True)
    client.force_login(enterprise)

    response = client.get(reverse("demands:edit", args=[demand.pk]), follow=True)

    assert response.redirect_chain[-1][0] == demand.get_absolute_url()
    assert "cannot be edited" in response.content.decode()


# --- submit and archive ----------------------------------------------------------------------------------------------


def test_submit_works_and_a_second_submit_shows_an_error(client, enterprise):
    demand = DemandFactory(owner=enterprise)
    client.force_login(enterprise)
    url = reverse("demands:submit", args=[demand.pk])

    client.post(url)
    second = client.post(url, follow=True)

    demand.refresh_from_db()
    assert demand.state == ModerationState.SUBMITTED
    assert "already submitted" in second.content.decode()


def test_save_and_submit_sends_the_new_demand_for_review(enterprise_client):
    enterprise_client.post(CREATE_URL, form_data(action="submit"))

    assert Demand.objects.get().state == ModerationState.SUBMITTED


def test_owner_archives_a_published_demand(client, enterprise):
    demand = DemandFactory(owner=enterprise, published=True)
    client.force_login(enterprise)

    client.post(reverse("demands:archive", args=[demand.pk]))

    demand.refresh_from_db()
    assert demand.state == ModerationState.ARCHIVED


def test_expiry_date_in_the_past_is_rejected(enterprise_client):
    response = enterprise_client.post(CREATE_URL, form_data(expires_at="2001-01-01"))

    assert "in the future" in str(response.context["form"].errors["expires_at"])
    assert not Demand.objects.exists()
