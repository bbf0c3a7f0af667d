"""Which language a page is in: URL prefix, then the signed-in user's preference, then the cookie / Accept-Language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.services import user_preferred_language_set
from tests.factories import PASSWORD, ResearcherFactory, StaffFactory

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME
SET_LANGUAGE = "/i18n/setlang/"


def html_lang(response) -> str:
    html = response.content.decode()
    start = html.index('<html lang="') + len('<html lang="')
    return html[start : html.index('"', start)]


# --- unprefixed URLs ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "expected"),
    [("/", "/ar/"), ("/achievements/", "/ar/achievements/"), ("/achievements/?page=2", "/ar/achievements/?page=2")],
)
def test_unprefixed_url_redirects_a_signed_in_user_to_their_preferred_language(client, path, expected):
    client.force_login(ResearcherFactory(preferred_language="ar"))

    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 302
    assert response["Location"] == expected


def test_preferred_language_beats_the_language_cookie(client):
    client.force_login(ResearcherFactory(preferred_language="zh-hans"))
    client.cookies[COOKIE] = "fr"

    response = client.get("/demands/")

    assert response["Location"] == "/zh-hans/demands/"


def test_unprefixed_url_redirects_an_anonymous_visitor_by_accept_language(client):
    response = client.get("/institutions/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9,en;q=0.5")

    assert response.status_code == 302
    assert response["Location"] == "/pt-br/institutions/"


def test_language_cookie_beats_accept_language_for_an_anonymous_visitor(client):
    client.cookies[COOKIE] = "ru"

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response["Location"] == "/ru/"


def test_url_prefix_beats_the_preferred_language(client):
    client.force_login(ResearcherFactory(preferred_language="ar"))

    response = client.get("/en/achievements/")

    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert 'dir="ltr"' in response.content.decode()


def test_api_follows_accept_language_not_the_preferred_language(client):
    client.force_login(ResearcherFactory(preferred_language="ar"))

    response = client.get("/api/v1/achievements/", HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 200
    assert response["Content-Language"] == "ru"


def test_admin_follows_the_preferred_language_of_staff(client):
    client.force_login(StaffFactory(preferred_language="ru"))

    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response["Content-Language"] == "ru"


def test_a_login_outside_a_request_leaves_the_active_language_alone(client):
    client.force_login(ResearcherFactory(preferred_language="ar"))

    assert translation.get_language() == "en"


# --- signing in -----------------------------------------------------------------------------------------------------
def test_signing_in_sets_the_language_cookie_and_lands_on_next_in_the_preferred_language(client):
    user = ResearcherFactory(preferred_language="ru")

    response = client.post(
        "/en/accounts/login/?next=/en/achievements/%3Ffield%3Dbiomedicine%26page%3D2",
        {"login": user.email, "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/ru/achievements/?field=biomedicine&page=2"
    assert response.cookies[COOKIE].value == "ru"


def test_signing_in_without_next_lands_on_the_dashboard_in_the_preferred_language(client):
    user = ResearcherFactory(preferred_language="zh-hans")

    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD}, follow=True)

    final_url, _status = response.redirect_chain[-1]
    assert final_url.startswith("/zh-hans/my/")
    assert html_lang(response) == "zh-hans"
    assert client.cookies[COOKIE].value == "zh-hans"


def test_a_failed_sign_in_changes_no_language(client):
    user = ResearcherFactory(preferred_language="ru")

    response = client.post("/en/accounts/login/", {"login": user.email, "password": "not-the-password-123"})

    assert response.status_code == 200
    assert COOKIE not in response.cookies
    assert html_lang(response) == "en"


def test_signing_in_to_admin_sets_the_language_cookie(client):
    staff = StaffFactory(preferred_language="ar")

    response = client.post("/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert response.cookies[COOKIE].value == "ar"


# --- the language switcher ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("next_url", "language", "expected"),
    [
        ("/en/achievements/?field=biomedicine&page=2", "ar", "/ar/achievements/?field=biomedicine&page=2"),
        ("/ar/achievements/?field=biomedicine&page=2", "zh-hans", "/zh-hans/achievements/?field=biomedicine&page=2"),
        ("/ru/demands/", "pt-br", "/pt-br/demands/"),
        ("/en/", "am", "/am/"),
    ],
)
def test_switcher_keeps_the_page_and_its_query_string(client, next_url, language, expected):
    # A browser asking for French proves the switch does not depend on Accept-Language matching the page's prefix.
    response = client.post(SET_LANGUAGE, {"language": language, "next": next_url}, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 302
    assert response["Location"] == expected
    assert response.cookies[COOKIE].value == language


def test_switcher_keeps_a_listing_detail_page(client):
    from tests.factories import AchievementFactory

    achievement = AchievementFactory(published=True)
    with translation.override("en"):
        english = achievement.get_absolute_url()
    with translation.override("ru"):
        russian = achievement.get_absolute_url()

    response = client.post(SET_LANGUAGE, {"language": "ru", "next": english})

    assert response["Location"] == russian


def test_switcher_saves_the_choice_as_the_signed_in_users_preferred_language(client):
    user = ResearcherFactory(preferred_language="en")
    client.force_login(user)

    response = client.post(SET_LANGUAGE, {"language": "fa", "next": "/en/my/listings/"})

    assert response["Location"] == "/fa/my/listings/"
    user.refresh_from_db()
    assert user.preferred_language == "fa"
    # and the next unprefixed visit follows it
    assert client.get("/")["Location"] == "/fa/"


def test_switcher_with_an_unknown_language_changes_nothing(client):
    user = ResearcherFactory(preferred_language="ru")
    client.force_login(user)

    response = client.post(SET_LANGUAGE, {"language": "klingon", "next": "/ru/demands/"})

    assert response["Location"] == "/ru/demands/"
    assert COOKIE not in response.cookies
    user.refresh_from_db()
    assert user.preferred_language == "ru"


def test_switcher_on_every_page_posts_the_current_path_with_its_query_string(client):
    html = client.get("/en/achievements/?field=biomedicine&page=1").content.decode()

    assert f'action="{SET_LANGUAGE}"' in html
    assert 'name="next" value="/en/achievements/?field=biomedicine&amp;page=1"' in html
    for code, _name in settings.LANGUAGES:
        assert f'<option value="{code}" lang="{code}"' in html


def test_preferred_language_service_rejects_an_unknown_code():
    user = ResearcherFactory(preferred_language="ru")

    with pytest.raises(ValidationError):
        user_preferred_language_set(user=user, language="xx")

    user.refresh_from_db()
    assert user.preferred_language == "ru"


def test_preferred_language_service_saves_a_known_code():
    user = ResearcherFactory(preferred_language="ru")

    user_preferred_language_set(user=user, language="sw")

    user.refresh_from_db()
    assert user.preferred_language == "sw"


def test_signup_suggests_the_pages_language_as_the_preferred_one(client):
    html = client.get("/ar/accounts/signup/").content.decode()

    assert '<option value="ar" selected>' in html


def test_the_language_cookie_set_at_sign_in_follows_the_cookie_settings(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_SAMESITE = "Lax"
    user = ResearcherFactory(preferred_language="ru")

    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})

    cookie = response.cookies[COOKIE]
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True
