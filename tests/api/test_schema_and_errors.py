from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_schema_describes_the_public_api(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/auth/token/",
        "/api/v1/achievements/",
        "/api/v1/achievements/{id}/",
        "/api/v1/achievements/{id}/submit/",
        "/api/v1/achievements/{id}/archive/",
        "/api/v1/achievements/{id}/dossier/",
        "/api/v1/achievements/{id}/nda/accept/",
        "/api/v1/achievements/{id}/attachments/",
        "/api/v1/achievements/mine/",
        "/api/v1/demands/",
        "/api/v1/demands/{id}/",
        "/api/v1/demands/{id}/submit/",
        "/api/v1/demands/mine/",
        "/api/v1/institutions/",
        "/api/v1/institutions/{id}/",
        "/api/v1/fields/",
    ):
        assert path in paths, path
    detail_methods = set(paths["/api/v1/achievements/{id}/"])
    assert {"get", "patch"} <= detail_methods
    assert not {"put", "delete"} & detail_methods
    list_parameters = {item["name"] for item in paths["/api/v1/achievements/"]["get"]["parameters"]}
    assert {"field", "country", "trl_min", "ip_status", "transfer_mode", "institution_type", "lang"} <= list_parameters


def test_schema_never_documents_the_dossier_in_list_or_detail(api_client):
    schemas = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["components"]["schemas"]

    for name in ("AchievementList", "AchievementDetail", "AchievementMine"):
        assert "confidential_dossier" not in schemas[name]["properties"]
        assert "nda_text" not in schemas[name]["properties"]


def test_interactive_docs_are_served(api_client):
    response = api_client.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def test_unknown_api_path_is_404_in_the_error_shape(api_client):
    response = api_client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_schema_generates_without_warnings():
    from io import StringIO

    from django.core.management import call_command

    # --fail-on-warn turns every drf-spectacular warning (unknown types, name collisions) into an error.
    call_command("spectacular", "--fail-on-warn", "--validate", stdout=StringIO())


@pytest.mark.django_db
def test_absurdly_nested_json_is_a_400_not_a_500(api_client):
    from tests.factories import ResearcherFactory

    api_client.force_authenticate(ResearcherFactory())
    body = "[" * 100_000 + "]" * 100_000
    response = api_client.post("/api/v1/achievements/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
