"""Browser pages of research achievements: list, detail, dossier behind the NDA, downloads, the form, transitions."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from achievements.models import Achievement, AchievementAttachment, NdaAcceptance
from marketplace.models import ModerationState
from marketplace.services import listing_moderate
from tests.factories import (
    AchievementFactory,
    EnterpriseFactory,
    InstitutionFactory,
    ResearcherFactory,
    tech_field,
    transfer_mode,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
LIST_URL = reverse("achievements:list")
CREATE_URL = reverse("achievements:create")


def pdf(name: str = "report.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def form_data(**overrides) -> dict:
    data = {
        "source_language": "en",
        "title": "Sodium-ion battery cathode",
        "summary": "A low-cost cathode material for stationary storage.",
        "description": "Line one.\nLine two.",
        "keywords": "battery, sodium",
        "field": tech_field("new-materials").pk,
        "trl": "5",
        "ip_status": "granted_patent",
        "patent_numbers": "CN118000000A",
        "transfer_modes": [transfer_mode("licensing").pk, transfer_mode("joint_development").pk],
        "price_negotiable": "on",
        "price_amount": "",
        "price_currency": "",
        "institution": "",
        "country": "",
        "contact_name": "Dr. Ana Souza",
        "contact_email": "ana@example.org",
        "contact_phone": "+55 11 5555 0000",
        "confidential_dossier": "",
        "nda_text": "",
        "action": "draft",
    }
    data.update(overrides)
    return data


def attach(achievement: Achievement, *, confidential: bool = False, name: str = "dossier.pdf") -> AchievementAttachment:
    return AchievementAttachment.objects.create(
        achievement=achievement,
        file=pdf(name),
        original_name=name,
        content_type="application/pdf",
        size=len(PDF),
        is_confidential=confidential,
    )


# --- list ------------------------------------------------------------------------------------------------------


def test_list_shows_only_published_achievements(client):
    published = AchievementFactory(published=True, title_en="Visible published offer")
    for state in ("draft", "submitted", "rejected", "archived", "changes_requested"):
        AchievementFactory(state=state, title_en=f"Hidden {state} offer")

    response = client.get(LIST_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Visible published offer" in html
    assert published.get_absolute_url() in html
    assert "Hidden" not in html
    assert response.context["page_obj"].paginator.count == 1


def test_list_filters_by_field(client):
    AchievementFactory(published=True, field=tech_field("biomedicine"), title_en="Vaccine adjuvant")
    AchievementFactory(published=True, field=tech_field("renewable-energy"), title_en="Perovskite cell")

    html = client.get(LIST_URL, {"field": "renewable-energy"}).content.decode()

    assert "Perovskite cell" in html
    assert "Vaccine adjuvant" not in html


def test_list_filters_by_minimum_trl(client):
    AchievementFactory(published=True, trl=3, title_en="Early concept")
    AchievementFactory(published=True, trl=8, title_en="Qualified system")

    html = client.get(LIST_URL, {"trl_min": "7"}).content.decode()

    assert "Qualified system" in html
    assert "Early concept" not in html


def test_list_filters_by_country(client):
    AchievementFactory(published=True, country="RU", title_en="Arctic sensor")
    AchievementFactory(published=True, country="IN", title_en="Monsoon model")

    response = client.get(LIST_URL, {"country": "RU"})

    html = response.content.decode()
    assert "Arctic sensor" in html
    assert "Monsoon model" not in html


def test_country_filter_offers_only_countries_with_listings(client):
    AchievementFactory(published=True, country="RU")
    AchievementFactory(country="FR")  # a draft does not make its country appear

    choices = dict(client.get(LIST_URL).context["filter_form"].fields["country"].choices)

    assert "RU" in choices
    assert "FR" not in choices
    assert "" in choices


def test_list_filters_by_transfer_mode(client):
    AchievementFactory(published=True, transfer_modes=[transfer_mode("equity")], title_en="Spin-off offer")
    AchievementFactory(published=True, transfer_modes=[transfer_mode("licensing")], title_en="Licence offer")

    html = client.get(LIST_URL, {"transfer_mode": "equity"}).content.decode()

    assert "Spin-off offer" in html
    assert "Licence offer" not in html


@pytest.mark.parametrize(
    "params",
    [{"trl_min": "abc"}, {"trl_min": "10"}, {"field": "no-such-field"}, {"country": "ZZ"}, {"transfer_mode": "x"}],
)
def test_invalid_filter_value_shows_the_form_error_not_a_500(client, params):
    AchievementFactory(published=True)

    response = client.get(LIST_URL, params)

    assert response.status_code == 200
    assert response.context["filter_form"].errors
    assert 'class="errorlist' in response.content.decode()


def test_list_paginates_twenty_per_page_and_keeps_filters(client):
    AchievementFactory.create_batch(25, published=True, country="CN")

    first = client.get(LIST_URL, {"country": "CN"})
    second = client.get(LIST_URL, {"country": "CN", "page": "2"})
    beyond = client.get(LIST_URL, {"page": "99"})
    garbage = client.get(LIST_URL, {"page": "abc"})

    assert len(first.context["listings"]) == 20
    assert len(second.context["listings"]) == 5
    assert "country=CN" in first.content.decode().split('rel="next"')[0].rsplit("href=", 1)[-1]
    assert beyond.context["page_obj"].number == 2
    assert garbage.context["page_obj"].number == 1


def _list_queries(client, count: int) -> int:
    institution = InstitutionFactory(is_official_tt=True)
    AchievementFactory.create_batch(count, published=True, institution=institution)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, {"field": "biomedicine"})
    assert response.status_code == 200
    Achievement.objects.all().delete()
    return len(queries)


def test_list_query_count_does_not_grow_with_the_number_of_listings(client):
    _list_queries(client, 1)  # warms per-process caches (content types) that a lone test run starts without
    few = _list_queries(client, 3)
    many = _list_queries(client, 25)

    assert many == few
    assert many <= 10


# --- detail ----------------------------------------------------------------------------------------------------


def test_detail_of_someone_elses_draft_is_404(enterprise_client):
    draft = AchievementFactory()

    assert enterprise_client.get(draft.get_absolute_url()).status_code == 404


def test_detail_of_a_draft_is_404_for_anonymous_visitors(client):
    assert client.get(AchievementFactory(submitted=True).get_absolute_url()).status_code == 404


def test_owner_sees_own_draft_with_status_and_actions(client, researcher):
    draft = AchievementFactory(owner=researcher)
    client.force_login(researcher)

    response = client.get(draft.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "state-draft" in html
    assert reverse("achievements:edit", args=[draft.pk]) in html
    assert reverse("achievements:submit", args=[draft.pk]) in html


def test_owner_sees_the_staff_reason_for_requested_changes(client, researcher, staff):
    achievement = AchievementFactory(owner=researcher, submitted=True)
    listing_moderate(listing=achievement, actor=staff, action="request_changes", reason="Add the test results.")
    client.force_login(researcher)

    html = client.get(achievement.get_absolute_url()).content.decode()

    assert "Add the test results." in html
    assert "state-changes_requested" in html


def test_detail_shows_public_fields(client):
    achievement = AchievementFactory(
        published=True, description_en="First line\nSecond line", contact_email="tt@example.org", trl=7
    )

    html = client.get(achievement.get_absolute_url()).content.decode()

    assert "First line<br>Second line" in html
    assert "TRL 7: System prototype demonstrated in operational environment" in html
    assert "CN112345678B" in html
    assert "US$250,000.00" in html
    assert "tt@example.org" not in html  # the platform relays: no e-mail address on public pages
    assert "Licensing" in html


def test_script_tags_in_title_and_summary_are_escaped(client):
    achievement = AchievementFactory(
        published=True,
        title_en="<script>alert('title')</script>",
        summary_en="<script>alert('summary')</script><img src=x onerror=alert(1)>",
        description_en="<b>bold</b>",
    )

    for url in (LIST_URL, achievement.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "<script>alert(" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(" in html
    assert "<b>bold</b>" not in client.get(achievement.get_absolute_url()).content.decode()


# --- dossier and NDA -----------------------------------------------------------------------------------------------


def test_anonymous_visitor_is_asked_to_sign_in_for_the_dossier(client):
    achievement = AchievementFactory(published=True, nda_text="Keep it secret.", confidential_dossier="Secret recipe")

    html = client.get(achievement.get_absolute_url()).content.decode()

    assert reverse("account_login") + "?next=" in html
    assert "Secret recipe" not in html


def test_dossier_section_is_hidden_without_nda_and_dossier(client):
    achievement = AchievementFactory(published=True, nda_text="", confidential_dossier="")

    assert 'id="dossier"' not in client.get(achievement.get_absolute_url()).content.decode()


def test_confidential_attachment_opens_only_after_accepting_the_nda(enterprise_client, enterprise):
    achievement = AchievementFactory(published=True, nda_text="Do not disclose.", confidential_dossier="Secret recipe")
    secret = attach(achievement, confidential=True, name="process.pdf")
    download = reverse("achievements:attachment", args=[secret.pk])

    before = enterprise_client.get(achievement.get_absolute_url()).content.decode()
    assert enterprise_client.get(download).status_code == 404
    assert "Secret recipe" not in before
    assert "Do not disclose." in before
    assert reverse("achievements:nda_accept", args=[achievement.pk]) in before

    response = enterprise_client.post(reverse("achievements:nda_accept", args=[achievement.pk]))
    assert response.status_code == 302

    after = enterprise_client.get(achievement.get_absolute_url()).content.decode()
    assert "Secret recipe" in after
    assert download in after
    file_response = enterprise_client.get(download)
    assert file_response.status_code == 200
    assert b"".join(file_response.streaming_content) == PDF
    assert file_response["Content-Type"] == "application/pdf"
    assert file_response["X-Content-Type-Options"] == "nosniff"
    assert file_response["Content-Disposition"].startswith("attachment;")
    assert 'filename="process.pdf"' in file_response["Content-Disposition"]


def test_nda_acceptance_is_recorded_and_listed_for_the_owner(client, researcher, enterprise_client, enterprise):
    achievement = AchievementFactory(owner=researcher, published=True, nda_text="Terms.")

    enterprise_client.post(reverse("achievements:nda_accept", args=[achievement.pk]))
    enterprise_client.post(reverse("achievements:nda_accept", args=[achievement.pk]))  # a double click

    acceptance = NdaAcceptance.objects.get(achievement=achievement)
    assert acceptance.user == enterprise
    assert acceptance.nda_text == "Terms."
    client.force_login(researcher)
    html = client.get(achievement.get_absolute_url()).content.decode()
    assert enterprise.email in html
    assert "NDA acceptances" in html


def test_other_readers_do_not_see_who_accepted_the_nda(client, enterprise):
    achievement = AchievementFactory(published=True, nda_text="Terms.")
    NdaAcceptance.objects.create(
        achievement=achievement, user=enterprise, nda_text="Terms.", nda_hash=achievement.nda_hash
    )
    client.force_login(EnterpriseFactory())

    assert enterprise.email not in client.get(achievement.get_absolute_url()).content.decode()


def test_nda_accept_needs_sign_in(client):
    achievement = AchievementFactory(published=True, nda_text="Terms.")

    response = client.post(reverse("achievements:nda_accept", args=[achievement.pk]))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not NdaAcceptance.objects.exists()


def test_nda_accept_on_someone_elses_draft_is_404(enterprise_client):
    draft = AchievementFactory(nda_text="Terms.")

    assert enterprise_client.post(reverse("achievements:nda_accept", args=[draft.pk])).status_code == 404


# --- downloads --------------------------------------------------------------------------------------------------


def test_public_attachment_of_a_published_achievement_downloads(client):
    item = attach(AchievementFactory(published=True), name="brochure.pdf")

    response = client.get(reverse("achievements:attachment", args=[item.pk]))

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'filename="brochure.pdf"' in response["Content-Disposition"]


def test_attachment_of_a_draft_is_404_for_others(client):
    item = attach(AchievementFactory())

    assert client.get(reverse("achievements:attachment", args=[item.pk])).status_code == 404
    assert client.get(reverse("achievements:attachment", args=[999999])).status_code == 404


# --- create and edit ------------------------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in_before_the_form(client):
    response = client.get(CREATE_URL)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_form_defaults_to_the_users_preferred_language(client):
    client.force_login(ResearcherFactory(preferred_language="ru"))

    form = client.get(CREATE_URL).context["form"]

    assert form["source_language"].value() == "ru"


def test_create_with_a_real_pdf_stores_the_draft_and_attachment(researcher_client, researcher):
    response = researcher_client.post(
        CREATE_URL,
        form_data(attachments=[pdf("datasheet.pdf")], confidential_attachments=[pdf("process.pdf")]),
    )

    achievement = Achievement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == achievement.get_absolute_url()
    assert achievement.owner == researcher
    assert achievement.state == ModerationState.DRAFT
    assert achievement.title_en == "Sodium-ion battery cathode"
    assert achievement.country == "BR"
    assert {m.code for m in achievement.transfer_modes.all()} == {"licensing", "joint_development"}
    public, confidential = achievement.attachments.order_by("is_confidential")
    assert (public.original_name, public.content_type, public.size) == ("datasheet.pdf", "application/pdf", len(PDF))
    assert confidential.is_confidential and confidential.original_name == "process.pdf"


def test_create_writes_texts_in_the_chosen_source_language(researcher_client):
    researcher_client.post(CREATE_URL, form_data(source_language="zh-hans", title="钠离子电池正极材料"))

    achievement = Achievement.objects.get()
    assert achievement.source_language == "zh-hans"
    assert achievement.title_zh_hans == "钠离子电池正极材料"


def test_pdf_that_is_really_html_is_rejected_and_nothing_is_saved(researcher_client):
    response = researcher_client.post(CREATE_URL, form_data(attachments=[pdf("fake.pdf", HTML)]))

    assert response.status_code == 200
    assert "attachments" in response.context["form"].errors
    assert "fake.pdf" in response.context["form"].errors["attachments"][0]
    assert not Achievement.objects.exists()
    assert not AchievementAttachment.objects.exists()


def test_too_many_files_are_rejected(researcher_client, settings):
    settings.ATTACHMENT_MAX_FILES = 2

    response = researcher_client.post(
        CREATE_URL, form_data(attachments=[pdf("a.pdf"), pdf("b.pdf")], confidential_attachments=[pdf("c.pdf")])
    )

    assert response.status_code == 200
    assert "at most 2 attachments" in str(response.context["form"].errors)
    assert not Achievement.objects.exists()


def test_oversize_file_is_rejected(researcher_client, settings):
    settings.ATTACHMENT_MAX_BYTES = 50

    response = researcher_client.post(CREATE_URL, form_data(attachments=[pdf("big.pdf")]))

    assert response.status_code == 200
    assert "the limit is" in str(response.context["form"].errors["attachments"])
    assert not Achievement.objects.exists()


@pytest.mark.parametrize("trl", ["0", "10", "abc"])
def test_trl_outside_one_to_nine_is_rejected(researcher_client, trl):
    response = researcher_client.post(CREATE_URL, form_data(trl=trl))

    assert response.status_code == 200
    assert "from 1 to 9" in str(response.context["form"].errors["trl"])
    assert not Achievement.objects.exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "cannot be negative"),
        ("lots", "Enter an amount as a number"),
        ("12345678901234567", "too large"),
        ("1.234", "decimal places"),
    ],
)
def test_bad_price_is_rejected_with_a_clear_message(researcher_client, amount, message):
    response = researcher_client.post(
        CREATE_URL, form_data(price_negotiable="", price_amount=amount, price_currency="USD")
    )

    assert response.status_code == 200
    assert message in str(response.context["form"].errors["price_amount"])
    assert not Achievement.objects.exists()


def test_fixed_price_without_amount_gets_the_services_field_error(researcher_client):
    data = form_data(price_currency="USD")
    data.pop("price_negotiable")

    response = researcher_client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert "price_amount" in response.context["form"].errors
    assert not Achievement.objects.exists()


def test_fixed_price_is_saved(researcher_client):
    data = form_data(price_amount="1250000.50", price_currency="CNY")
    data.pop("price_negotiable")

    researcher_client.post(CREATE_URL, data)

    achievement = Achievement.objects.get()
    assert not achievement.price_negotiable
    assert str(achievement.price_amount) == "1250000.50"


def test_institution_choices_are_the_users_active_institutions(client, member, institution):
    InstitutionFactory(name_en="Someone else's university")
    client.force_login(member)

    choices = list(client.get(CREATE_URL).context["form"].fields["institution"].queryset)

    assert choices == [institution]


def test_posting_for_an_institution_sets_its_country(client, member, institution):
    institution.country = "ZA"
    institution.save()
    client.force_login(member)

    client.post(CREATE_URL, form_data(institution=str(institution.pk)))

    achievement = Achievement.objects.get()
    assert achievement.institution == institution
    assert achievement.country == "ZA"


def test_enterprise_cannot_open_the_achievement_form(enterprise_client):
    get = enterprise_client.get(CREATE_URL)
    post = enterprise_client.post(CREATE_URL, form_data())

    assert get.status_code == 403
    assert "Who posts what" in get.content.decode()
    assert post.status_code == 403
    assert not Achievement.objects.exists()


def test_enterprise_cannot_edit_a_researchers_achievement(enterprise_client):
    draft = AchievementFactory()
    published = AchievementFactory(published=True)

    assert enterprise_client.get(reverse("achievements:edit", args=[draft.pk])).status_code == 404
    assert enterprise_client.post(reverse("achievements:edit", args=[draft.pk]), form_data()).status_code == 404
    assert enterprise_client.get(reverse("achievements:edit", args=[published.pk])).status_code == 404


def test_owner_edits_a_draft_and_removes_an_attachment(client, researcher):
    achievement = AchievementFactory(owner=researcher)
    old = attach(achievement, name="old.pdf")
    client.force_login(researcher)
    edit_url = reverse("achievements:edit", args=[achievement.pk])

    form = client.get(edit_url).context["form"]
    assert form["title"].value() == achievement.title_en
    response = client.post(
        edit_url, form_data(title="Renamed offer", remove_attachments=[old.pk], attachments=[pdf("new.pdf")])
    )

    assert response.status_code == 302
    achievement.refresh_from_db()
    assert achievement.title_en == "Renamed offer"
    assert [a.original_name for a in achievement.attachments.all()] == ["new.pdf"]


def test_editing_a_submitted_achievement_explains_and_redirects(client, researcher):
    achievement = AchievementFactory(owner=researcher, submitted=True)
    client.force_login(researcher)

    response = client.get(reverse("achievements:edit", args=[achievement.pk]), follow=True)

    assert response.redirect_chain[-1][0] == achievement.get_absolute_url()
    assert "waits for review" in response.content.decode()


def test_save_and_submit_sends_the_new_achievement_for_review(researcher_client):
    response = researcher_client.post(CREATE_URL, form_data(action="submit"), follow=True)

    achievement = Achievement.objects.get()
    assert achievement.state == ModerationState.SUBMITTED
    assert "Submitted for review" in response.content.decode()


# --- submit and archive ----------------------------------------------------------------------------------------------


def test_submit_works_and_a_second_submit_shows_an_error(client, researcher):
    achievement = AchievementFactory(owner=researcher)
    client.force_login(researcher)
    url = reverse("achievements:submit", args=[achievement.pk])

    first = client.post(url, follow=True)
    achievement.refresh_from_db()
    assert achievement.state == ModerationState.SUBMITTED
    assert "Submitted for review" in first.content.decode()

    second = client.post(url, follow=True)
    achievement.refresh_from_db()
    assert second.status_code == 200
    assert "already submitted" in second.content.decode()
    assert achievement.state == ModerationState.SUBMITTED


def test_submit_is_post_only(client, researcher):
    achievement = AchievementFactory(owner=researcher)
    client.force_login(researcher)

    assert client.get(reverse("achievements:submit", args=[achievement.pk])).status_code == 405


def test_others_cannot_submit_or_archive(enterprise_client):
    draft = AchievementFactory()
    published = AchievementFactory(published=True)

    assert enterprise_client.post(reverse("achievements:submit", args=[draft.pk])).status_code == 404
    assert enterprise_client.post(reverse("achievements:archive", args=[published.pk])).status_code == 404
    published.refresh_from_db()
    assert published.state == ModerationState.PUBLISHED


def test_owner_archives_a_published_achievement(client, researcher):
    achievement = AchievementFactory(owner=researcher, published=True)
    client.force_login(researcher)

    response = client.post(reverse("achievements:archive", args=[achievement.pk]), follow=True)

    achievement.refresh_from_db()
    assert achievement.state == ModerationState.ARCHIVED
    assert "Archived" in response.content.decode()
    assert achievement.title_en not in client.get(LIST_URL).content.decode()


def test_missing_country_is_reported_on_the_country_field(client):
    client.force_login(ResearcherFactory(country=""))

    response = client.post(CREATE_URL, form_data())

    assert response.status_code == 200
    assert "country" in response.context["form"].errors
    assert not Achievement.objects.exists()


def test_country_chosen_in_the_form_wins(researcher_client):
    researcher_client.post(CREATE_URL, form_data(country="KZ"))

    assert Achievement.objects.get().country == "KZ"


def test_a_failed_save_summarises_each_field_error_with_a_link_to_the_field(researcher_client):
    data = form_data(title="", price_currency="USD")
    data.pop("transfer_modes")

    response = researcher_client.post(CREATE_URL, data)

    html = response.content.decode()
    summary = html[html.index('id="error-summary"') : html.index("</ul>", html.index('id="error-summary"'))]
    assert '<a href="#id_title">Title</a>' in summary
    # The transfer modes are a group of checkboxes: the link goes to their fieldset, which carries that id.
    assert '<a href="#id_transfer_modes">Transfer modes</a>: Choose at least one transfer mode.' in summary
    assert '<fieldset id="id_transfer_modes"' in html


def test_the_transfer_modes_group_tells_the_browser_it_is_required(researcher_client):
    html = researcher_client.get(CREATE_URL).content.decode()

    assert 'data-required-group="Choose at least one transfer mode."' in html
