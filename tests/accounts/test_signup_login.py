from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from tests.factories import PASSWORD, ResearcherFactory

SIGNUP_URL = "/en/accounts/signup/"
LOGIN_URL = "/en/accounts/login/"


def _signup(client, email="new.person@example.org", **overrides):
    data = {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "Ana Souza",
        "role": Role.ENTERPRISE,
        "country": "BR",
        "preferred_language": "pt-br",
        "accept_terms": "on",
    }
    data.update(overrides)
    return client.post(SIGNUP_URL, {key: value for key, value in data.items() if value is not None})


def _confirmation_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/\S*/accounts/confirm-email/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.django_db
def test_signup_page_renders_the_extra_fields_with_labels(client):
    response = client.get(SIGNUP_URL)

    assert response.status_code == 200
    html = response.content.decode()
    for field in ("display_name", "country", "preferred_language", "email", "password1"):
        assert f'for="id_{field}"' in html
    assert 'type="radio" name="role" value="researcher"' in html
    assert 'class="form-control' in html


@pytest.mark.django_db
def test_signup_creates_user_with_role_country_language_and_sends_verification(client):
    response = _signup(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@example.org")
    assert (user.display_name, user.role, user.country.code, user.preferred_language) == (
        "Ana Souza",
        Role.ENTERPRISE,
        "BR",
        "pt-br",
    )
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


@pytest.mark.django_db
def test_signup_records_consent_to_the_current_terms(client, settings):
    settings.TERMS_VERSION = "2030-01"

    _signup(client)

    user = User.objects.get(email="new.person@example.org")
    assert user.terms_version == "2030-01"
    assert user.terms_accepted_at is not None


@pytest.mark.django_db
def test_signup_without_accepting_the_terms_is_refused_with_a_message_at_the_checkbox(client):
    response = _signup(client, accept_terms=None)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Accept the terms of use and the privacy notice to create an account." in html
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_page_links_the_terms_and_the_privacy_notice_in_the_page_language(client):
    html = client.get("/fr/accounts/signup/").content.decode()

    assert 'href="/fr/terms/"' in html and 'href="/fr/privacy/"' in html
    assert 'name="accept_terms"' in html and "required" in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/terms/", "/ar/privacy/"])
def test_terms_and_privacy_pages_show_their_version(client, settings, path):
    settings.TERMS_VERSION = "2030-01"

    response = client.get(path)

    assert response.status_code == 200
    assert "2030-01" in response.content.decode()


@pytest.mark.django_db
def test_signup_with_errors_shows_them_next_to_the_fields(client):
    response = client.post(SIGNUP_URL, {"email": "not-an-email", "password1": "x", "password2": "y"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errorlist"' in html
    assert "is-invalid" in html
    assert not User.objects.exists()


@pytest.mark.django_db
def test_unverified_login_is_blocked_until_the_emailed_key_is_confirmed(client):
    _signup(client, email="late@example.org")
    client.logout()
    mail.outbox.clear()

    blocked = client.post(LOGIN_URL, {"login": "late@example.org", "password": PASSWORD})
    assert blocked.status_code == 302
    assert blocked["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1  # the verification mail is sent again

    confirm_path = _confirmation_path(mail.outbox[0])
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert "late@example.org" in page.content.decode()
    client.post(confirm_path)
    assert EmailAddress.objects.get(email="late@example.org").verified
    client.logout()

    response = client.post(LOGIN_URL, {"login": "late@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="late@example.org").pk)


@pytest.mark.django_db
def test_login_by_email_lands_on_my_listings(client):
    user = ResearcherFactory(email="researcher@example.org")

    response = client.post(LOGIN_URL, {"login": "Researcher@Example.org", "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:my_listings")
    assert response.wsgi_request.user == user


@pytest.mark.django_db
def test_login_with_a_wrong_password_shows_an_error(client):
    ResearcherFactory(email="someone@example.org")

    response = client.post(LOGIN_URL, {"login": "someone@example.org", "password": "wrong-password-123"})

    assert response.status_code == 200
    assert 'class="alert alert-danger"' in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/en/accounts/login/", "/en/accounts/password/reset/", "/en/accounts/confirm-email/"],
)
def test_allauth_pages_use_the_site_layout(client, path):
    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="auth-band"' in html
    assert "site-header" in html
    assert "<script>" not in html


@pytest.mark.django_db
def test_account_management_pages_render_in_the_site_layout(researcher_client):
    for name in ("account_email", "account_change_password", "account_logout"):
        response = researcher_client.get(reverse(name))
        assert response.status_code == 200, name
        assert "auth-band-manage" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_by_emailed_link_lets_the_user_sign_in_with_the_new_password(client):
    ResearcherFactory(email="forgetful@example.org")

    client.post("/en/accounts/password/reset/", {"email": "forgetful@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/\S*/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert 'class="auth-band"' in form_page.content.decode()
    new_password = "a-brand-new-passphrase-42"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": new_password, "password2": new_password},
    )
    assert done.status_code == 302

    response = client.post(LOGIN_URL, {"login": "forgetful@example.org", "password": new_password})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_the_consent_checkbox_comes_after_the_passwords(client):
    html = client.get(SIGNUP_URL).content.decode()

    assert html.index('name="password2"') < html.index('name="accept_terms"')
