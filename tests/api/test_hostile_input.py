"""Hostile and careless input: control characters, oversize bodies, broken JSON, amounts in other digit systems.

Each is a 400 (413 for size) with ``{code, detail}`` on the API, never a 500 and never half stored.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from achievements.models import Achievement
from demands.models import Demand
from tests.achievements.test_views import form_data
from tests.api.conftest import client_for
from tests.api.test_achievements_write import LIST_URL, valid_payload
from tests.api.test_demands import valid_payload as demand_payload
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("keywords", [["a\u0000b"], "a\u0000b", ["bell\u0007"], ["esc\u001b[31m"], ["c1\u0085"]])
def test_control_characters_in_api_keywords_are_a_400_with_a_code(member, institution, keywords):
    response = client_for(member).post(
        LIST_URL, valid_payload(institution=institution.pk, keywords=keywords), format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "control_characters"
    assert response.json()["detail"].startswith("keywords")
    assert not Achievement.objects.exists()


def test_control_characters_in_a_demand_are_refused(enterprise):
    response = client_for(enterprise).post("/api/v1/demands/", demand_payload(title="Coating\u0000"), format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "control_characters"
    assert not Demand.objects.exists()


def test_tabs_and_line_breaks_are_ordinary_text(member, institution):
    payload = valid_payload(institution=institution.pk, description="Line one.\r\nLine\ttwo.\n")

    response = client_for(member).post(LIST_URL, payload, format="json")

    assert response.status_code == 201, response.json()


def test_control_characters_in_an_api_form_post_are_refused(member, institution):
    payload = valid_payload(institution=institution.pk, title="x\u0000y")

    response = client_for(member).post(LIST_URL, payload, format="multipart")

    assert response.status_code == 400
    assert response.json()["code"] == "control_characters"


def test_control_characters_in_a_query_string_are_refused(api_client):
    response = api_client.get("/api/v1/achievements/", {"q": "solar\u0000"})

    assert response.status_code == 400
    assert response.json()["code"] == "control_characters"


def test_control_characters_in_a_page_form_are_refused(researcher_client):
    response = researcher_client.post(reverse("achievements:create"), form_data(title="Sodium\u0000ion"))

    assert response.status_code == 400
    assert not Achievement.objects.exists()


def test_control_characters_in_the_admin_are_refused(client):
    client.force_login(StaffFactory(is_superuser=True))

    response = client.post(reverse("admin:marketplace_technologyfield_add"), {"slug": "x", "name_en": "Bad\u0000name"})

    assert response.status_code == 400


def test_keywords_too_long_message_names_the_number(member, institution):
    payload = valid_payload(institution=institution.pk, keywords=["k" * 200, "w" * 200])

    response = client_for(member).post(LIST_URL, payload, format="json")

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "%(max)s" not in detail
    assert "300" in detail


def test_body_over_the_size_limit_is_a_413_in_the_error_shape(member, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = client_for(member).post(LIST_URL, json.dumps({"title": "x" * 5000}), content_type="application/json")

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "request_too_large"
    assert response.json()["detail"]


def test_page_form_over_the_size_limit_is_a_413(researcher_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = researcher_client.post(reverse("achievements:create"), form_data(description="x" * 5000))

    assert response.status_code == 413


@pytest.mark.parametrize("body", ['{"trl": ' + "9" * 5000 + "}", '{"title": "x"', "{'title': 1}"])
def test_json_parse_errors_do_not_echo_python_internals(member, body):
    response = client_for(member).post(LIST_URL, body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"code": "parse_error", "detail": "The request body is not valid JSON."}


@pytest.mark.parametrize("amount", ["２５００", "٢٥٠٠", "2_500", "1e3", "NaN", "Infinity", " 2 500", "25.00.0", "0x10"])
def test_listing_price_accepts_only_ascii_digits_and_one_dot(member, institution, amount):
    payload = valid_payload(institution=institution.pk, price_amount=amount)

    response = client_for(member).post(LIST_URL, payload, format="json")

    assert response.status_code == 400
    assert "price_amount" in response.json()["errors"]
    assert not Achievement.objects.exists()


@pytest.mark.parametrize("amount", ["２５００", "٢٥٠٠", "2_500", "1e3"])
def test_page_form_price_accepts_only_ascii_digits_and_one_dot(researcher_client, amount):
    response = researcher_client.post(
        reverse("achievements:create"), form_data(price_negotiable="", price_amount=amount, price_currency="USD")
    )

    assert response.status_code == 200
    assert "price_amount" in response.context["form"].errors
    assert not Achievement.objects.exists()
