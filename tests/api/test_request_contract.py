"""What a request may hold, as /api/schema/ promises it (issue 13): bodies take only the keys they document, an empty
optional query parameter is not applied, a malformed one is refused."""

from __future__ import annotations

import pytest

from achievements.models import Achievement
from brics_ttc.languages import LANGUAGE_CODES
from marketplace.models import MembershipRole
from negotiations.models import Conversation
from projects.models import Project
from tests.api.conftest import client_for, pdf
from tests.api.test_achievements_write import valid_payload
from tests.factories import (
    AchievementFactory,
    ConversationFactory,
    InstitutionFactory,
    MembershipFactory,
    ResearcherFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api_client) -> dict:
    return api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()


# --- request bodies ---------------------------------------------------------------------------------------------


def test_a_misspelt_key_in_a_body_is_refused_and_nothing_is_created(researcher):
    response = client_for(researcher).post(
        "/api/v1/achievements/", valid_payload(titel="Typo", price_ammount="10"), format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "unknown_field"
    assert "price_ammount" in body["detail"]
    assert set(body["errors"]) == {"price_ammount", "titel"}
    assert not Achievement.objects.exists()


def test_an_unknown_key_is_refused_whatever_it_holds(researcher):
    """The finding: the schema allowed extra keys, yet one holding a control character was refused (by the parser)
    while a plain one was dropped. The schema now forbids them and the API refuses both."""
    client = client_for(researcher)
    plain = client.post("/api/v1/achievements/", valid_payload(extra="plain"), format="json")
    control = client.post("/api/v1/achievements/", valid_payload(extra="a\u0000b"), format="json")

    assert (plain.status_code, plain.json()["code"]) == (400, "unknown_field")
    assert (control.status_code, control.json()["code"]) == (400, "control_characters")
    assert not Achievement.objects.exists()


def test_read_only_fields_sent_back_in_a_patch_are_unknown(researcher):
    achievement = AchievementFactory(owner=researcher)
    response = client_for(researcher).patch(
        f"/api/v1/achievements/{achievement.pk}/", {"title": "New", "id": 5, "state": "published"}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"id", "state"}
    achievement.refresh_from_db()
    assert achievement.title_en != "New"


def test_an_unknown_key_in_a_nested_object_is_refused():
    owner = ResearcherFactory()
    institution = InstitutionFactory()
    MembershipFactory(user=owner, institution=institution, role=MembershipRole.ADMIN)
    partner = InstitutionFactory()
    body = {
        "institution": institution.pk,
        "field": "biomedicine",
        "title": "A consortium",
        "summary": "Three partners.",
        "members": [{"institution": partner.pk, "role": "partner", "share": 40}],
    }

    response = client_for(owner).post("/api/v1/projects/", body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_field"
    assert response.json()["errors"] == {"members": ["0: share: Unknown field: this operation does not take it."]}
    assert not Project.objects.exists()


def test_a_multipart_body_with_an_unknown_field_is_refused(researcher):
    achievement = AchievementFactory(owner=researcher)
    response = client_for(researcher).post(
        f"/api/v1/achievements/{achievement.pk}/attachments/",
        {"files": [pdf()], "confidential": "true"},
        format="multipart",
    )
    assert (response.status_code, response.json()["code"]) == (400, "unknown_field")
    assert not achievement.attachments.exists()


def test_every_request_body_in_the_schema_refuses_other_keys(schema):
    bodies = {name: item for name, item in schema["components"]["schemas"].items() if name.endswith("Request")}

    assert len(bodies) > 20
    assert {name for name, item in bodies.items() if item.get("additionalProperties") is not False} == set()


# --- query parameters ---------------------------------------------------------------------------------------------


def test_optional_query_parameters_may_be_sent_empty_but_page_may_not(schema):
    parameters = [
        parameter
        for item in schema["paths"].values()
        for operation in item.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    ]

    assert {p["name"] for p in parameters if not p.get("allowEmptyValue")} == {"page"}
    assert all(not p.get("required") for p in parameters if p.get("allowEmptyValue"))


@pytest.mark.parametrize(
    ("path", "empty"),
    [
        ("/api/v1/institutions/", "country=&kind=&official="),
        ("/api/v1/services/", "category=&country=&language=&provider="),
        ("/api/v1/experts/", "country="),
        ("/api/v1/courses/", "language="),
        ("/api/v1/indicators/listings_published/", "year_from=&year_to=&country=&field="),
    ],
)
def test_an_empty_directory_filter_is_not_applied(api_client, path, empty):
    InstitutionFactory()
    plain = api_client.get(path)
    with_empty = api_client.get(f"{path}?{empty}")

    assert plain.status_code == 200, plain.json()
    assert with_empty.status_code == 200, with_empty.json()
    assert with_empty.json() == plain.json()


def test_indicator_filters_are_documented_with_their_values(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/indicators/{name}/"]["get"]["parameters"]}

    assert "biomedicine" in parameters["field"]["schema"]["enum"]
    assert "BR" in parameters["country"]["schema"]["enum"]


def test_an_unknown_indicator_filter_value_is_refused(api_client):
    for query in ("country=ZZ", "field=no-such-field", "year_from=2024&year_to=2020"):
        response = api_client.get(f"/api/v1/indicators/listings_published/?{query}")
        assert (response.status_code, response.json()["code"]) == (400, "invalid"), query


@pytest.mark.parametrize(
    "query",
    ["subject_type=listing", "subject_id=abc", "subject_id=0", "state=pending", "unread=perhaps"],
)
def test_a_malformed_conversation_filter_is_refused(query):
    conversation = ConversationFactory()
    response = client_for(conversation.requester).get(f"/api/v1/conversations/?{query}")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_conversation_filters_select_and_empty_ones_do_not():
    conversation = ConversationFactory()
    other = ConversationFactory(requester=conversation.requester)
    client = client_for(conversation.requester)

    def ids(query: str) -> set[int]:
        response = client.get(f"/api/v1/conversations/?{query}")
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    subject = f"subject_type=achievement&subject_id={conversation.achievement_id}"
    assert ids(subject) == {conversation.pk}
    assert ids("subject_type=&subject_id=&state=&unread=") == {conversation.pk, other.pk}
    assert ids("state=closed") == set()
    assert Conversation.objects.count() == 2


@pytest.mark.parametrize("size", ["abc", "0", "-1", "٣"])
def test_a_malformed_page_size_is_refused(api_client, size):
    response = api_client.get(f"/api/v1/projects/?page_size={size}")
    assert (response.status_code, response.json()["code"]) == (400, "invalid")
    assert api_client.get("/api/v1/projects/?page_size=").status_code == 200


def test_amounts_in_bodies_are_documented_as_plain_digits(schema):
    amount = schema["components"]["schemas"]["QuoteInputRequest"]["properties"]["amount"]

    assert amount["pattern"] == r"^[0-9]{1,12}(?:\.[0-9]{1,2})?$"


# --- what the review found undocumented (issue 13) -----------------------------------------------------------------


def _operations(schema) -> list[dict]:
    methods = ("get", "post", "put", "patch", "delete")
    return [operation for item in schema["paths"].values() for method, operation in item.items() if method in methods]


def _items(parameter_or_property: dict, schema: dict) -> dict:
    """The schema of one value: an array's items, a $ref followed."""
    value = parameter_or_property.get("schema", parameter_or_property)
    value = value.get("items", value)
    if "$ref" in value:
        value = schema["components"]["schemas"][value["$ref"].rsplit("/", 1)[1]]
    return value


def test_an_unknown_lang_and_a_page_that_does_not_exist_are_documented(schema):
    operations = _operations(schema)
    lang = [p for operation in operations for p in operation.get("parameters", []) if p["name"] == "lang"]

    assert all("400" in operation["responses"] for operation in operations)
    assert lang and all(set(p["schema"]["enum"]) == {"", *LANGUAGE_CODES} for p in lang)
    for operation in operations:
        parameters = {p["name"]: p for p in operation.get("parameters", [])}
        if "page" in parameters:
            assert parameters["page"]["schema"]["minimum"] == 1, operation["operationId"]
            assert "404" in operation["responses"], operation["operationId"]


def test_empty_values_and_error_lists_are_documented_as_they_are_sent(schema):
    components = schema["components"]["schemas"]

    assert components["Budget"]["properties"]["min"]["nullable"] is True
    assert components["Budget"]["properties"]["max"]["nullable"] is True
    website = components["Institution"]["properties"]["website"]
    assert (website["format"], website["nullable"]) == ("uri", True)
    errors = components["Error"]["properties"]["errors"]
    assert errors["additionalProperties"] == {"type": "array", "items": {"type": "string"}}


def test_enumerated_filters_and_the_idempotency_key_are_documented_with_their_values(schema):
    search = {p["name"]: p for p in schema["paths"]["/api/v1/search/"]["get"]["parameters"]}
    achievements = {p["name"]: p for p in schema["paths"]["/api/v1/achievements/"]["get"]["parameters"]}

    assert {"achievement", "demand", "course"} <= set(_items(search["type"], schema)["enum"])
    for name in ("ip_status", "transfer_mode", "institution_type", "language"):
        assert _items(search[name], schema)["enum"], name
    for parameters in (search, achievements):
        assert "biomedicine" in _items(parameters["field"], schema)["enum"]
        assert "BR" in _items(parameters["country"], schema)["enum"]
    key = schema["components"]["schemas"]["BidRequestRequest"]["properties"]["idempotency_key"]
    assert "^(?:[A-Za-z0-9._:-]{1,64})?$" in {shape.get("pattern") for shape in key["oneOf"]}
