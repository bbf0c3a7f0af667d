"""The service hub's API: the directory's filters, the request actions, who sees what, and hostile input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace.pdf import one_page_pdf
from services.models import RequestState
from tests.factories import ResearcherFactory, ServiceFactory, ServiceRequestFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _quote_body() -> dict:
    return {"amount": "1500.00", "currency": "EUR", "delivery_date": str(timezone.localdate() + timedelta(days=9))}


def test_services_are_filtered_by_category_country_and_language():
    valuation = ServiceFactory(category="valuation", countries_served=["BR"], languages="pt-br,en")
    ServiceFactory(category="legal", countries_served=["RU"], languages="ru")
    ServiceFactory(category="valuation", state="submitted")
    client = _client()
    ids = lambda **q: [row["id"] for row in client.get("/api/v1/services/", q).json()["results"]]  # noqa: E731
    assert ids(category="valuation") == [valuation.pk]
    assert ids(country="BR") == [valuation.pk]
    assert ids(language="pt-br") == [valuation.pk]
    row = client.get(f"/api/v1/services/{valuation.pk}/").json()
    assert row["category"] == "valuation" and row["price"] == {"kind": "from", "amount": "2000.00", "currency": "USD"}


def test_service_list_query_count_does_not_grow_with_the_page(django_assert_max_num_queries):
    for _ in range(6):
        ServiceFactory()
    with django_assert_max_num_queries(3):
        assert _client().get("/api/v1/services/").status_code == 200


@pytest.mark.parametrize(
    ("query", "code"),
    [({"category": "astrology"}, "invalid"), ({"country": "XX"}, "invalid"), ({"lang": "klingon"}, "invalid_language")],
)
def test_bad_filters_are_a_400_with_a_code(query, code):
    response = _client().get("/api/v1/services/", query)
    assert response.status_code == 400 and response.json()["code"] == code


def test_the_full_flow_through_the_api():
    service = ServiceFactory()
    requester = ResearcherFactory()
    provider = _client(service.owner)
    me = _client(requester)
    created = me.post("/api/v1/service-requests/", {"service": service.pk, "message": "Value it."}, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["side"] == "requester"
    assert provider.post(f"/api/v1/service-requests/{pk}/quote/", _quote_body(), format="json").status_code == 200
    assert me.post(f"/api/v1/service-requests/{pk}/accept/", {}, format="json").json()["state"] == "accepted"
    upload = SimpleUploadedFile("report.pdf", one_page_pdf("Report", ["ok"]), "application/pdf")
    delivered = provider.post(f"/api/v1/service-requests/{pk}/deliver/", {"files": [upload], "note": "Here."})
    assert delivered.status_code == 200, delivered.json()
    assert delivered.json()["side"] == "provider" and len(delivered.json()["files"]) == 1
    rated = me.post(f"/api/v1/service-requests/{pk}/rate/", {"rating": 5, "comment": "Great"}, format="json")
    assert rated.json()["state"] == RequestState.RATED


def test_wrong_side_and_wrong_state_answer_with_codes():
    request = ServiceRequestFactory()
    me = _client(request.requester)
    response = me.post(f"/api/v1/service-requests/{request.pk}/quote/", _quote_body(), format="json")
    assert response.status_code == 403 and response.json()["code"] == "wrong_party"
    response = me.post(f"/api/v1/service-requests/{request.pk}/rate/", {"rating": 5}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "invalid_state"


@pytest.mark.parametrize(
    "body",
    [
        {"amount": "-5", "currency": "EUR", "delivery_date": "2999-01-01"},
        {"amount": "1e400", "currency": "EUR", "delivery_date": "2999-01-01"},
        {"amount": "10", "currency": "XXX", "delivery_date": "2999-01-01"},
        {"amount": "10", "currency": "EUR", "delivery_date": "yesterday"},
        {"amount": "10", "currency": "EUR", "delivery_date": "2000-01-01"},
        {"amount": ["10"], "currency": {"$ne": 1}, "delivery_date": None},
        {},
    ],
)
def test_hostile_quotes_are_4xx_with_a_code_and_change_nothing(body):
    request = ServiceRequestFactory()
    response = _client(request.service.owner).post(f"/api/v1/service-requests/{request.pk}/quote/", body, format="json")
    assert 400 <= response.status_code < 500 and response.json()["code"]
    request.refresh_from_db()
    assert request.state == RequestState.REQUESTED and request.quote_amount is None


@pytest.mark.parametrize(
    "body",
    [
        {"service": "1 OR 1=1", "message": "x"},
        {"service": 999999, "message": "x"},
        {"message": ""},
        {"message": "x" * 6000},
        {"category": "astrology", "message": "x"},
        {"expert": -3, "message": "x"},
        ["not", "an", "object"],
    ],
)
def test_hostile_request_creation_is_4xx_with_a_code(body):
    response = _client(ResearcherFactory()).post("/api/v1/service-requests/", body, format="json")
    assert 400 <= response.status_code < 500 and response.json()["code"]


def test_permission_matrix_of_a_request_and_its_files(client):
    request = ServiceRequestFactory()
    upload = SimpleUploadedFile("report.pdf", one_page_pdf("Report", ["confidential"]), "application/pdf")
    provider = _client(request.service.owner)
    provider.post(f"/api/v1/service-requests/{request.pk}/quote/", _quote_body(), format="json")
    _client(request.requester).post(f"/api/v1/service-requests/{request.pk}/accept/", {}, format="json")
    provider.post(f"/api/v1/service-requests/{request.pk}/deliver/", {"files": [upload]})
    file_pk = request.files.get().pk
    stranger, staff = ResearcherFactory(), StaffFactory()
    expected = {request.requester: 200, request.service.owner: 200, staff: 200, stranger: 404}
    for user, status in expected.items():
        assert _client(user).get(f"/api/v1/service-requests/{request.pk}/").status_code == status
        assert [r["id"] for r in _client(user).get("/api/v1/service-requests/").json()["results"]] == (
            [request.pk] if status == 200 else []
        )
        client.force_login(user)
        download = client.get(f"/en/services/files/{file_pk}/")
        assert download.status_code == status
        if status == 200:
            assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert _client().get(f"/api/v1/service-requests/{request.pk}/").status_code in (401, 403)
    client.logout()
    assert client.get(f"/en/services/files/{file_pk}/").status_code == 302  # to sign-in


def test_the_public_service_page_shows_no_quote_or_request():
    request = ServiceRequestFactory(message="Secret scope of our patent")
    _client(request.service.owner).post(f"/api/v1/service-requests/{request.pk}/quote/", _quote_body(), format="json")
    body = _client().get(f"/api/v1/services/{request.service.pk}/").content.decode()
    assert "Secret scope" not in body and "1500" not in body


def test_schema_lists_the_hub_endpoints():
    paths = _client().get("/api/schema/?format=json").json()["paths"]
    for path in (
        "/api/v1/services/",
        "/api/v1/services/{id}/",
        "/api/v1/service-requests/",
        "/api/v1/service-requests/{id}/quote/",
        "/api/v1/service-requests/{id}/accept/",
        "/api/v1/service-requests/{id}/deliver/",
        "/api/v1/service-requests/{id}/rate/",
        "/api/v1/experts/",
        "/api/v1/courses/",
        "/api/v1/courses/{id}/enrolment/",
        "/api/v1/certificates/{code}/",
    ):
        assert path in paths, path
