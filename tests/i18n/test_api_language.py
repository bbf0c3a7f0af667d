"""API error messages (`detail`) come in the language of `?lang=`, else of `Accept-Language`."""

from __future__ import annotations

import pytest
from django.utils import translation
from rest_framework import exceptions

from tests.factories import AchievementFactory, ResearcherFactory
from tests.i18n.conftest import translated

pytestmark = pytest.mark.django_db

OUR_MESSAGE = "Only the owner, the administrators of its institution and center staff can change this listing."


def drf_not_found(language: str) -> str:
    with translation.override(language):
        return str(exceptions.NotFound().detail)


@pytest.mark.parametrize("language", ["ru", "ar", "zh-hans"])
def test_not_found_detail_follows_the_lang_parameter(api_client, language):
    response = api_client.get(f"/api/v1/achievements/999999/?lang={language}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json()["detail"] == drf_not_found(language) != "Not found."


def test_not_found_detail_follows_accept_language_without_lang(api_client):
    response = api_client.get("/api/v1/achievements/999999/", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")

    assert response.status_code == 404
    assert response.json()["detail"] == drf_not_found("ar") != "Not found."


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_our_own_error_messages_come_from_the_compiled_catalogue(api_client, language):
    expected = translated(language, OUR_MESSAGE)
    assert expected, f"the {language} catalogue has no translation of {OUR_MESSAGE!r}"
    achievement = AchievementFactory(published=True)
    api_client.force_authenticate(ResearcherFactory())

    response = api_client.patch(f"/api/v1/achievements/{achievement.pk}/?lang={language}", {"trl": 5}, format="json")

    assert response.status_code == 403
    assert response.json() == {"code": "permission_denied", "detail": expected}


def test_an_unknown_lang_is_rejected_in_the_accept_language(api_client):
    expected = translated("ru", "Unknown language code.")
    assert expected, "the ru catalogue has no translation of 'Unknown language code.'"

    response = api_client.get("/api/v1/achievements/?lang=tlh", HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 400
    assert response.json() == {"code": "invalid_language", "detail": expected}


def test_unknown_endpoint_answers_in_the_accept_language(api_client):
    with translation.override("pt-br"):
        expected = translation.gettext("There is no such API endpoint.")

    response = api_client.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="pt-BR")

    assert response.status_code == 404
    assert response.json()["detail"] == expected
