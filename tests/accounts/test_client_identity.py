"""Client identity behind proxies: one address per client for every throttle and lockout (brics_ttc/proxies.py)."""

from __future__ import annotations

import ipaddress
import re

import pytest
from django.core import mail
from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle

from brics_ttc.proxies import client_address
from tests.factories import PASSWORD, ResearcherFactory

TOKEN_URL = "/api/v1/auth/token/"
LOGIN_URL = "/en/accounts/login/"
PROXY = [ipaddress.ip_network("10.0.0.0/8")]


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def auth_rate(settings):
    def set_rate(rate: str) -> None:
        rest = settings.REST_FRAMEWORK
        rates = {**rest["DEFAULT_THROTTLE_RATES"], "auth": rate}
        settings.REST_FRAMEWORK = {**rest, "DEFAULT_THROTTLE_RATES": rates}

    return set_rate


@pytest.fixture
def login_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,5/5m/key"}


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "expected"),
    [
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # an untrusted peer's header is ignored
        ("10.0.0.2", "198.51.100.1", "198.51.100.1"),  # a trusted proxy's header is read
        ("10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # what the client wrote before the proxy is ignored
        ("10.0.0.2", "198.51.100.1, 10.0.0.7", "198.51.100.1"),  # a chain of trusted proxies is walked
        ("10.0.0.2", "10.0.0.5, 10.0.0.7", "10.0.0.5"),  # all trusted: the farthest hop
        ("10.0.0.2", "not-an-address, 10.0.0.7", "10.0.0.7"),  # garbage stops the walk at the last trusted hop
        ("10.0.0.2", "198.51.100.1:4321", "198.51.100.1"),  # a port is dropped
        ("10.0.0.2", "[2001:db8::1]:4321", "2001:db8::1"),
        ("10.0.0.2", None, "10.0.0.2"),
    ],
)
def test_client_address_believes_only_trusted_proxies(peer, forwarded_for, expected):
    assert client_address(peer, forwarded_for, PROXY) == expected


def test_no_trusted_proxies_means_the_peer_is_the_client():
    assert client_address("10.0.0.2", "198.51.100.1", []) == "10.0.0.2"


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_escape_the_token_throttle(client, auth_rate):
    auth_rate("3/min")
    attempt = {"email": "someone@example.org", "password": "guess"}

    codes = [
        client.post(TOKEN_URL, attempt, content_type="application/json", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        for n in range(4)
    ]

    assert [response.status_code for response in codes] == [401, 401, 401, 429]


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_escape_the_anonymous_rate(client, monkeypatch):
    # DRF's AnonRateThrottle read its rates at import; the class attribute is where they live now.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {**AnonRateThrottle.THROTTLE_RATES, "anon": "2/min"})

    codes = [client.get("/api/v1/achievements/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)]

    assert codes == [200, 200, 429]


@pytest.mark.django_db
def test_a_trusted_proxy_header_separates_its_clients(client, settings, auth_rate):
    settings.TRUSTED_PROXIES = ["127.0.0.0/8"]  # the test client's REMOTE_ADDR is 127.0.0.1
    auth_rate("2/min")
    attempt = {"email": "someone@example.org", "password": "guess"}

    def post(address):
        return client.post(TOKEN_URL, attempt, content_type="application/json", HTTP_X_FORWARDED_FOR=address)

    first = [post("198.51.100.1").status_code for _ in range(3)]
    other = post("198.51.100.2").status_code

    assert first == [401, 401, 429]
    assert other == 401


@pytest.mark.django_db
def test_failed_token_logins_lock_the_account_whatever_address_they_come_from(client, auth_rate, login_limits):
    auth_rate("1000/min")
    user = ResearcherFactory()

    failures = [
        client.post(
            TOKEN_URL,
            {"email": user.email, "password": f"guess-{n}"},
            content_type="application/json",
            REMOTE_ADDR=f"198.51.100.{n}",
        ).status_code
        for n in range(5)
    ]
    right = client.post(
        TOKEN_URL, {"email": user.email, "password": PASSWORD}, content_type="application/json", REMOTE_ADDR="192.0.2.1"
    )

    assert failures == [401] * 5
    assert right.status_code == 429
    assert right.json()["code"] == "too_many_login_attempts"
    assert right.json()["detail"]


@pytest.mark.django_db
def test_token_and_sign_in_page_share_the_failed_login_count(client, auth_rate, login_limits):
    auth_rate("1000/min")
    user = ResearcherFactory()
    for n in range(5):
        client.post(TOKEN_URL, {"email": user.email, "password": f"guess-{n}"}, content_type="application/json")

    page = client.post(LOGIN_URL, {"login": user.email, "password": PASSWORD})

    assert page.status_code == 200  # the form again, with allauth's "too many failed login attempts"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_password_reset_lifts_the_lockout(client, auth_rate, login_limits):
    auth_rate("1000/min")
    user = ResearcherFactory()
    for n in range(5):
        client.post(TOKEN_URL, {"email": user.email, "password": f"guess-{n}"}, content_type="application/json")

    client.post("/en/accounts/password/reset/", {"email": user.email})
    link = re.search(r"https?://[^/\s]+(/\S*/accounts/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    new_password = "a-brand-new-passphrase-42"
    client.post(form_page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})
    response = client.post(TOKEN_URL, {"email": user.email, "password": new_password}, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["token"]


@pytest.mark.django_db
def test_a_successful_token_login_does_not_count_as_a_failure(client, auth_rate, login_limits):
    auth_rate("1000/min")
    user = ResearcherFactory()

    codes = [
        client.post(TOKEN_URL, {"email": user.email, "password": PASSWORD}, content_type="application/json").status_code
        for _ in range(7)
    ]

    assert codes == [200] * 7
