"""``Idempotency-Key`` on the API's creates (marketplace/idempotency.py): a retried create answers, never doubles."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from achievements.models import Achievement
from demands.models import Demand
from marketplace.idempotency import idempotency_records_purge
from marketplace.models import IdempotencyRecord
from tests.api.conftest import client_for
from tests.api.test_achievements_write import LIST_URL, valid_payload
from tests.api.test_demands import valid_payload as demand_payload
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def create(client, payload, key, url=LIST_URL):
    return client.post(url, payload, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_repeated_create_with_the_same_key_answers_the_first_and_creates_once(member, institution):
    client = client_for(member)
    payload = valid_payload(institution=institution.pk)

    first = create(client, payload, "create-1")
    again = create(client, payload, "create-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Achievement.objects.count() == 1


def test_without_a_key_every_create_creates(member, institution):
    client = client_for(member)
    payload = valid_payload(institution=institution.pk)

    client.post(LIST_URL, payload, format="json")
    client.post(LIST_URL, payload, format="json")

    assert Achievement.objects.count() == 2


def test_the_same_key_with_another_body_is_a_conflict(member, institution):
    client = client_for(member)
    create(client, valid_payload(institution=institution.pk), "k1")

    response = create(client, valid_payload(institution=institution.pk, title="Something else"), "k1")

    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert Achievement.objects.count() == 1


def test_the_same_key_on_another_endpoint_is_a_conflict(member, institution):
    client = client_for(member)
    create(client, valid_payload(institution=institution.pk), "k1")

    response = create(client, valid_payload(institution=institution.pk), "k1", url="/api/v1/demands/")

    assert response.status_code == 409
    assert not Demand.objects.exists()


@pytest.mark.parametrize("key", ["", "has space", "x" * 65, "ключ"])
def test_a_malformed_key_is_refused(member, institution, key):
    response = create(client_for(member), valid_payload(institution=institution.pk), key)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_idempotency_key"
    assert not Achievement.objects.exists()


def test_a_refused_create_keeps_no_answer_so_the_corrected_retry_creates(member, institution):
    client = client_for(member)

    refused = create(client, valid_payload(institution=institution.pk, trl=42), "k1")
    corrected = create(client, valid_payload(institution=institution.pk), "k1")

    assert refused.status_code == 400
    assert corrected.status_code == 201
    assert "Idempotent-Replayed" not in corrected


def test_keys_belong_to_their_user(member, institution):
    other = MembershipFactory(institution=institution).user

    create(client_for(member), valid_payload(institution=institution.pk), "shared")
    response = create(client_for(other), valid_payload(institution=institution.pk), "shared")

    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert Achievement.objects.count() == 2


def test_the_answer_is_stored_in_the_same_transaction_as_the_create(member, institution, monkeypatch):
    """Storing the answer fails (a stand-in for a crash between the two writes): the create is rolled back too."""

    def fail(**kwargs):
        raise RuntimeError("crash")

    monkeypatch.setattr(IdempotencyRecord.objects, "create", fail)
    client = client_for(member)
    client.raise_request_exception = False

    response = create(client, valid_payload(institution=institution.pk), "k1")

    assert response.status_code == 500
    assert not Achievement.objects.exists()


def test_a_demand_create_is_idempotent_too(enterprise):
    client = client_for(enterprise)

    first = create(client, demand_payload(), "d-1", url="/api/v1/demands/")
    again = create(client, demand_payload(), "d-1", url="/api/v1/demands/")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["id"] == first.json()["id"]
    assert Demand.objects.count() == 1


def test_expired_answers_are_purged(member, institution, settings):
    create(client_for(member), valid_payload(institution=institution.pk), "old")
    create(client_for(member), valid_payload(institution=institution.pk, title="Newer"), "new")
    IdempotencyRecord.objects.filter(key="old").update(created_at=timezone.now() - timedelta(days=2))

    assert idempotency_records_purge() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]


def test_the_schema_documents_the_header_and_its_pattern(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/achievements/"]["post"]["parameters"]

    header = next(p for p in parameters if p["name"] == "Idempotency-Key")
    assert header["in"] == "header"
    assert header["schema"]["pattern"] == "^[A-Za-z0-9._:-]{1,64}$"
