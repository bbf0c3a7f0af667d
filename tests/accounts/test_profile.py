from __future__ import annotations

from django.conf import settings

URL = "/en/my/profile/"


def test_profile_shows_email_and_role_and_account_links(researcher, researcher_client):
    html = researcher_client.get(URL).content.decode()

    assert researcher.email in html
    assert "Researcher" in html
    assert "/en/accounts/email/" in html
    assert "/en/accounts/password/change/" in html


def test_profile_update_saves_and_switches_to_the_preferred_language(researcher, researcher_client):
    response = researcher_client.post(URL, {"display_name": "Dr. Li Wei", "country": "CN", "preferred_language": "ru"})

    assert response.status_code == 302
    assert response["Location"] == "/ru/my/profile/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    researcher.refresh_from_db()
    assert (researcher.display_name, researcher.country.code, researcher.preferred_language) == (
        "Dr. Li Wei",
        "CN",
        "ru",
    )


def test_profile_update_with_a_blank_name_keeps_the_old_one(researcher, researcher_client):
    old_name = researcher.display_name

    response = researcher_client.post(URL, {"display_name": "", "country": "CN", "preferred_language": "en"})

    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    researcher.refresh_from_db()
    assert researcher.display_name == old_name
    assert researcher.country.code == "BR"


def test_profile_requires_sign_in(client, db):
    assert client.get(URL).status_code == 302
