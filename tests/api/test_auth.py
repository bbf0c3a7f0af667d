from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api.conftest import client_for
from tests.factories import PASSWORD, ResearcherFactory

TOKEN_URL = "/api/v1/auth/token/"
pytestmark = pytest.mark.django_db


def test_verified_user_gets_a_token_that_authenticates_api_calls(api_client, researcher):
    response = api_client.post(TOKEN_URL, {"email": researcher.email, "password": PASSWORD}, format="json")

    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=researcher).key == token
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/achievements/mine/").status_code == 200


def test_asking_twice_returns_the_same_token(api_client, researcher):
    first = api_client.post(TOKEN_URL, {"email": researcher.email, "password": PASSWORD}, format="json").json()
    second = api_client.post(TOKEN_URL, {"email": researcher.email, "password": PASSWORD}, format="json").json()
    assert first == second


def test_wrong_password_is_invalid_credentials(api_client, researcher):
    response = api_client.post(TOKEN_URL, {"email": researcher.email, "password": "not-it-at-all"}, format="json")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert response.json()["detail"]
    assert not Token.objects.exists()


def test_unknown_address_gets_the_same_answer_as_a_wrong_password(api_client):
    response = api_client.post(TOKEN_URL, {"email": "nobody@example.org", "password": PASSWORD}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


def test_inactive_user_gets_no_token(api_client):
    user = ResearcherFactory(is_active=False)
    response = api_client.post(TOKEN_URL, {"email": user.email, "password": PASSWORD}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


def test_unverified_email_gets_no_token(api_client):
    user = ResearcherFactory(verified=False)
    response = api_client.post(TOKEN_URL, {"email": user.email, "password": PASSWORD}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "email_not_verified"
    assert not Token.objects.filter(user=user).exists()


def test_unverified_email_with_wrong_password_does_not_reveal_the_account(api_client):
    user = ResearcherFactory(verified=False)
    response = api_client.post(TOKEN_URL, {"email": user.email, "password": "wrong-password"}, format="json")
    assert response.json()["code"] == "invalid_credentials"


def test_missing_fields_are_reported_per_field(api_client):
    response = api_client.post(TOKEN_URL, {"email": "not-an-address"}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"email", "password"}


def test_token_endpoint_is_throttled(api_client, researcher, settings):
    rest = settings.REST_FRAMEWORK
    settings.REST_FRAMEWORK = {**rest, "DEFAULT_THROTTLE_RATES": {**rest["DEFAULT_THROTTLE_RATES"], "auth": "3/min"}}
    attempt = {"email": researcher.email, "password": "guessing-again"}

    codes = [api_client.post(TOKEN_URL, attempt, format="json").status_code for _ in range(3)]
    throttled = api_client.post(TOKEN_URL, {"email": researcher.email, "password": PASSWORD}, format="json")

    assert codes == [401, 401, 401]
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert throttled.json()["detail"]
    assert "Retry-After" in throttled.headers


def test_anonymous_write_is_401_with_the_error_shape(api_client):
    response = api_client.post("/api/v1/achievements/", {"title": "x"}, format="json")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["detail"]


def test_unknown_token_is_refused(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = api_client.get("/api/v1/achievements/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_token_of_a_deactivated_user_is_refused(api_client, researcher):
    token = Token.objects.create(user=researcher)
    researcher.is_active = False
    researcher.save(update_fields=["is_active"])
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api_client.get("/api/v1/achievements/")
    assert response.status_code == 401
    assert response.json() == {"code": "authentication_failed", "detail": "User inactive or deleted."}


def test_token_authentication_gives_the_user_and_their_token(researcher):
    from rest_framework.test import APIRequestFactory

    from accounts.authentication import FastTokenAuthentication

    token = Token.objects.create(user=researcher)
    request = APIRequestFactory().get("/", HTTP_AUTHORIZATION=f"Token {token.key}")
    user, auth = FastTokenAuthentication().authenticate(request)
    assert user == researcher and user.email == researcher.email and user.role == researcher.role
    assert auth.key == token.key and auth.user == researcher and auth.created == token.created


def test_session_authentication_works_too(researcher):
    assert client_for(researcher).get("/api/v1/achievements/mine/").status_code == 200
