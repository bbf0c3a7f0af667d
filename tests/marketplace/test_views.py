from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from marketplace.models import (
    Institution,
    InstitutionKind,
    Invitation,
    Membership,
    MembershipRole,
    MembershipStatus,
    ModerationState,
)
from tests.factories import (
    AchievementFactory,
    DemandFactory,
    EnterpriseFactory,
    InstitutionFactory,
    MembershipFactory,
    ResearcherFactory,
)

LIST_URL = "/en/institutions/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def inst_admin(institution):
    admin = ResearcherFactory(role="institution_admin", email="admin@uni.example.org")
    MembershipFactory(user=admin, institution=institution, role=MembershipRole.ADMIN)
    return admin


def _png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (11, 58, 111)).save(buffer, format="PNG")
    return buffer.getvalue()


# --- directory ---------------------------------------------------------------------------------------------------


def test_directory_groups_institutions_under_sorted_country_headings(client, db):
    InstitutionFactory(name_en="Zhejiang Tech Transfer", country="CN", kind=InstitutionKind.TT_CENTER)
    InstitutionFactory(name_en="Universidade de Sao Paulo", country="BR")
    InstitutionFactory(name_en="Skoltech", country="RU", kind=InstitutionKind.RESEARCH_INSTITUTE)

    html = client.get(LIST_URL).content.decode()

    headings = re.findall(r'<h2 class="country-heading"[^>]*>([^<]+)</h2>', html)
    assert headings == ["Brazil", "China", "Russia"]
    assert html.index("Universidade de Sao Paulo") < html.index("Zhejiang Tech Transfer") < html.index("Skoltech")


def test_directory_filters_by_country_type_and_official_flag(client, db):
    InstitutionFactory(
        name_en="Official Chinese Centre", country="CN", kind=InstitutionKind.TT_CENTER, is_official_tt=True
    )
    InstitutionFactory(name_en="Chinese University", country="CN", kind=InstitutionKind.UNIVERSITY)
    InstitutionFactory(name_en="Brazilian Centre", country="BR", kind=InstitutionKind.TT_CENTER, is_official_tt=True)

    by_country = client.get(LIST_URL, {"country": "CN"}).content.decode()
    by_kind = client.get(LIST_URL, {"kind": "tt_center"}).content.decode()
    official_in_china = client.get(LIST_URL, {"country": "CN", "official": "on"}).content.decode()

    assert "Official Chinese Centre" in by_country and "Chinese University" in by_country
    assert "Brazilian Centre" not in by_country
    assert "Chinese University" not in by_kind and "Brazilian Centre" in by_kind
    assert "Official Chinese Centre" in official_in_china
    assert "Chinese University" not in official_in_china


def test_directory_ignores_an_unknown_filter_value_instead_of_failing(client, institution):
    response = client.get(LIST_URL, {"country": "XX", "kind": "castle"})

    assert response.status_code == 200
    assert institution.name_en in response.content.decode()


def test_directory_counts_only_published_listings(client, institution):
    AchievementFactory(institution=institution, published=True)
    AchievementFactory(institution=institution)
    DemandFactory(institution=institution, published=True)

    html = client.get(LIST_URL).content.decode()

    assert "1 achievement<" in html
    assert "1 demand<" in html


def test_directory_counts_follow_a_listing_published_after_they_were_cached(client, institution):
    AchievementFactory(institution=institution, published=True)
    assert "1 achievement<" in client.get(LIST_URL).content.decode()

    draft = AchievementFactory(institution=institution)
    draft.state, draft.published_at = ModerationState.PUBLISHED, timezone.now()
    draft.save()

    assert "2 achievements<" in client.get(LIST_URL).content.decode()


def test_directory_query_count_is_bounded(client, db, django_assert_max_num_queries):
    for index in range(30):
        institution = InstitutionFactory(country=["BR", "CN", "IN", "RU", "ZA"][index % 5])
        AchievementFactory(institution=institution, published=True)
        DemandFactory(institution=institution, published=True)

    # Rows, the page's count, the country choices and each kind's cached counts (one GROUP BY), whatever the rows.
    with django_assert_max_num_queries(6):
        response = client.get(LIST_URL)

    assert response.status_code == 200
    cache.clear()
    with django_assert_max_num_queries(6):
        assert client.get(LIST_URL).status_code == 200


# --- detail --------------------------------------------------------------------------------------------------------


def test_detail_shows_only_published_listings(client, institution):
    AchievementFactory(institution=institution, published=True, title_en="Public bamboo composite")
    AchievementFactory(institution=institution, title_en="Secret draft reactor")
    AchievementFactory(institution=institution, submitted=True, title_en="Waiting battery")
    DemandFactory(institution=institution, published=True, title_en="Public water demand")
    DemandFactory(institution=institution, state="rejected", title_en="Rejected demand")

    response = client.get(institution.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Public bamboo composite" in html and "Public water demand" in html
    assert "Secret draft reactor" not in html
    assert "Waiting battery" not in html
    assert "Rejected demand" not in html
    assert f"?institution={institution.slug}" in html


def test_detail_of_unknown_institution_is_404(client, db):
    assert client.get("/en/institutions/no-such-place/").status_code == 404


def test_anonymous_visitor_is_invited_to_sign_in_to_join(client, institution):
    html = client.get(institution.get_absolute_url()).content.decode()

    assert "Sign in to join" in html
    assert reverse("marketplace:membership_request", kwargs={"slug": institution.slug}) not in html


# --- joining -------------------------------------------------------------------------------------------------------


def test_join_request_then_admin_approves_makes_an_active_member(
    institution, inst_admin, researcher, researcher_client
):
    detail = researcher_client.get(institution.get_absolute_url()).content.decode()
    assert "Request to join" in detail

    researcher_client.post(reverse("marketplace:membership_request", kwargs={"slug": institution.slug}))
    membership = Membership.objects.get(user=researcher, institution=institution)
    assert membership.status == MembershipStatus.PENDING
    assert "waiting for approval" in researcher_client.get(institution.get_absolute_url()).content.decode()

    admin_client = _client(inst_admin)
    manage = admin_client.get(reverse("marketplace:institution_manage", kwargs={"slug": institution.slug}))
    assert researcher.email in manage.content.decode()
    response = admin_client.post(
        reverse("marketplace:membership_decide", kwargs={"slug": institution.slug, "pk": membership.pk}),
        {"decision": "approve"},
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert "You are a member" in researcher_client.get(institution.get_absolute_url()).content.decode()


def test_admin_declines_a_join_request(institution, inst_admin, researcher):
    membership = MembershipFactory(user=researcher, institution=institution, status=MembershipStatus.PENDING)

    _client(inst_admin).post(
        reverse("marketplace:membership_decide", kwargs={"slug": institution.slug, "pk": membership.pk}),
        {"decision": "decline"},
    )

    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_second_join_request_gets_a_clear_message(member, institution, researcher_client):
    response = researcher_client.post(
        reverse("marketplace:membership_request", kwargs={"slug": institution.slug}), follow=True
    )

    assert "already belong" in response.content.decode()
    assert Membership.objects.filter(user=member, institution=institution).count() == 1


def test_admin_removes_a_member(institution, inst_admin, member):
    membership = Membership.objects.get(user=member, institution=institution)

    _client(inst_admin).post(
        reverse("marketplace:membership_remove", kwargs={"slug": institution.slug, "pk": membership.pk})
    )

    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_last_admin_cannot_leave(institution, inst_admin):
    membership = Membership.objects.get(user=inst_admin, institution=institution)

    response = _client(inst_admin).post(
        reverse("marketplace:membership_remove", kwargs={"slug": institution.slug, "pk": membership.pk}), follow=True
    )

    assert "at least one administrator" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


# --- the manage page is for admins only ----------------------------------------------------------------------------


def test_non_admin_cannot_open_the_manage_page(institution, member, researcher_client, enterprise_client):
    url = reverse("marketplace:institution_manage", kwargs={"slug": institution.slug})

    assert researcher_client.get(url).status_code == 404
    assert enterprise_client.get(url).status_code == 404
    assert "Manage" not in researcher_client.get(institution.get_absolute_url()).content.decode().split("<main")[1]


def test_non_admin_cannot_decide_or_remove(institution, member, enterprise):
    membership = Membership.objects.get(user=member, institution=institution)
    pending = MembershipFactory(user=enterprise, institution=institution, status=MembershipStatus.PENDING)
    outsider = _client(EnterpriseFactory())

    decide = outsider.post(
        reverse("marketplace:membership_decide", kwargs={"slug": institution.slug, "pk": pending.pk}),
        {"decision": "approve"},
    )
    remove = outsider.post(
        reverse("marketplace:membership_remove", kwargs={"slug": institution.slug, "pk": membership.pk})
    )

    assert (decide.status_code, remove.status_code) == (404, 404)
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.PENDING
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_staff_can_open_any_manage_page(institution, staff_client):
    url = reverse("marketplace:institution_manage", kwargs={"slug": institution.slug})

    assert staff_client.get(url).status_code == 200


# --- invitations ---------------------------------------------------------------------------------------------------


def test_invitation_flow_from_email_to_active_member(
    institution, inst_admin, client, django_capture_on_commit_callbacks
):
    admin_client = _client(inst_admin)
    manage_url = reverse("marketplace:institution_manage", kwargs={"slug": institution.slug})

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            manage_url, {"form": "invite", "invite-email": "Invitee@Example.org", "invite-role": MembershipRole.ADMIN}
        )

    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["invitee@example.org"]
    path = re.search(r"https?://[^/\s]+(/en/institutions/invitations/[^/\s]+/)", mail.outbox[0].body).group(1)
    assert "invitee@example.org" in admin_client.get(manage_url).content.decode()

    invitee = ResearcherFactory(email="invitee@example.org")
    client.force_login(invitee)
    confirm = client.get(path)
    assert confirm.status_code == 200
    assert "Accept the invitation" in confirm.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()

    client.post(path)

    membership = Membership.objects.get(user=invitee, institution=institution)
    assert (membership.status, membership.role) == (MembershipStatus.ACTIVE, MembershipRole.ADMIN)
    assert client.get(path).status_code == 404  # used


def test_invitation_for_someone_else_is_a_clear_404(institution, inst_admin, researcher_client, researcher):
    invitation = Invitation.objects.create(institution=institution, email="other@example.org", invited_by=inst_admin)
    url = reverse("marketplace:invitation_accept", kwargs={"token": invitation.token})

    page = researcher_client.get(url)
    post = researcher_client.post(url)

    assert page.status_code == 404 and post.status_code == 404
    assert "Invitation not available" in page.content.decode()
    assert not Membership.objects.filter(user=researcher, institution=institution).exists()


def test_unknown_invitation_token_is_404(researcher_client):
    assert researcher_client.get("/en/institutions/invitations/not-a-token/").status_code == 404


def test_invitation_page_requires_sign_in(client, institution):
    invitation = Invitation.objects.create(institution=institution, email="someone@example.org")

    response = client.get(reverse("marketplace:invitation_accept", kwargs={"token": invitation.token}))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_inviting_an_existing_member_shows_an_error(institution, inst_admin, member):
    response = _client(inst_admin).post(
        reverse("marketplace:institution_manage", kwargs={"slug": institution.slug}),
        {"form": "invite", "invite-email": member.email, "invite-role": "member"},
    )

    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert not Invitation.objects.exists()


# --- my institutions -----------------------------------------------------------------------------------------------


def test_my_institutions_lists_memberships_invitations_and_search_results(researcher, researcher_client, db):
    joined = InstitutionFactory(name_en="Fudan University")
    MembershipFactory(user=researcher, institution=joined, status=MembershipStatus.PENDING)
    inviting = InstitutionFactory(name_en="Kazan Federal University")
    Invitation.objects.create(institution=inviting, email=researcher.email)
    InstitutionFactory(name_en="Indian Institute of Science")

    html = researcher_client.get(reverse("marketplace:my_institutions"), {"q": "indian"}).content.decode()

    assert "Fudan University" in html and "Waiting for approval" in html
    assert "Kazan Federal University" in html
    assert "Indian Institute of Science" in html


def test_search_finds_an_institution_by_its_name_in_another_language(researcher_client, db):
    InstitutionFactory(name_en="", name="", name_zh_hans="昆明理工大学", source_language="zh-hans", slug="kust")

    html = researcher_client.get(reverse("marketplace:my_institutions"), {"q": "昆明"}).content.decode()

    assert "昆明理工大学" in html


# --- profile editing and logos -------------------------------------------------------------------------------------


def test_admin_updates_description_in_source_language_and_uploads_a_logo(institution, inst_admin, client):
    admin_client = _client(inst_admin)
    logo = SimpleUploadedFile("logo.png", _png_bytes(), content_type="image/png")

    response = admin_client.post(
        reverse("marketplace:institution_manage", kwargs={"slug": institution.slug}),
        {
            "form": "profile",
            "description": "A university in the south of Brazil.",
            "website": "https://uni.example.org",
            "city": "Porto Alegre",
            "logo": logo,
        },
    )

    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.description_en == "A university in the south of Brazil."
    assert (institution.website, institution.city) == ("https://uni.example.org", "Porto Alegre")
    assert institution.logo.name.startswith("logos/") and "logo.png" not in institution.logo.name
    served = client.get(reverse("marketplace:institution_logo", kwargs={"slug": institution.slug}))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == _png_bytes()


def test_logo_that_is_really_html_is_rejected_and_nothing_is_saved(institution, inst_admin):
    fake = SimpleUploadedFile("logo.png", b"<html><script>alert(1)</script></html>", content_type="image/png")

    response = _client(inst_admin).post(
        reverse("marketplace:institution_manage", kwargs={"slug": institution.slug}),
        {"form": "profile", "description": "Changed", "website": "", "city": "Changed city", "logo": fake},
    )

    assert response.status_code == 400
    assert "does not contain what its name says" in response.content.decode()
    institution.refresh_from_db()
    assert not institution.logo
    assert institution.city == ""
    assert not institution.description_en


def test_institution_without_logo_has_no_logo_url(client, institution):
    assert client.get(reverse("marketplace:institution_logo", kwargs={"slug": institution.slug})).status_code == 404


def test_bad_website_is_reported_on_the_field(institution, inst_admin):
    response = _client(inst_admin).post(
        reverse("marketplace:institution_manage", kwargs={"slug": institution.slug}),
        {"form": "profile", "description": "", "website": "not a url", "city": ""},
    )

    assert response.status_code == 400
    assert 'id="id_website_errors"' in response.content.decode()
    assert Institution.objects.get(pk=institution.pk).website == ""


# --- home ----------------------------------------------------------------------------------------------------------


def test_home_page_shows_counts_fields_and_latest_published(client, db):
    institution = InstitutionFactory(country="IN")
    InstitutionFactory(country="CN")
    AchievementFactory.create_batch(3, published=True, institution=institution)
    AchievementFactory(title_en="Invisible draft")
    DemandFactory(published=True, title_en="Visible demand")

    response = client.get("/en/")

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["counts"]() == {"achievements": 3, "demands": 1, "institutions": 2, "countries": 2}
    assert "Technology transfer across the BRICS network" in html
    assert "Visible demand" in html
    assert "Invisible draft" not in html
    assert "?field=biomedicine" in html
    assert "bi bi-capsule" in html


def test_home_page_makes_a_bounded_number_of_queries(client, db, django_assert_max_num_queries):
    institutions = InstitutionFactory.create_batch(4)
    for index in range(12):
        AchievementFactory(published=True, institution=institutions[index % 4])
        DemandFactory(published=True, institution=institutions[index % 4])

    # 13 whatever the number of listings: counts, fields and their counts (one GROUP BY, cached per listings
    # version), and per list its rows, modes and cover pictures.
    with django_assert_max_num_queries(13):
        response = client.get("/en/")

    assert response.status_code == 200
