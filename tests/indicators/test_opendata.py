"""The bulk open-data files: contents, the leak test (nothing unpublished or confidential), ETag/Last-Modified."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from indicators.models import OpenDataFile
from indicators.opendata import opendata_export
from tests.factories import AchievementFactory, DemandFactory

pytestmark = pytest.mark.django_db

SECRETS = {
    "confidential_dossier": "SECRET-DOSSIER-7781",
    "nda_text": "SECRET-NDA-7781",
    "contact_name": "SECRET-CONTACT-7781",
    "contact_email": "secret-7781@example.org",
    "contact_phone": "+55 11 7781 7781",
}


@pytest.fixture
def files(settings, tmp_path, refreshed):
    settings.OPEN_DATA_DIR = tmp_path / "opendata"
    published = AchievementFactory(published=True, title_en="Open published achievement", **SECRETS)
    AchievementFactory(title_en="DRAFT-TITLE-7781 achievement", **SECRETS)
    AchievementFactory(submitted=True, title_en="SUBMITTED-TITLE-7781 achievement")
    AchievementFactory(state="rejected", title_en="REJECTED-TITLE-7781 achievement")
    DemandFactory(title_en="DRAFT-DEMAND-7781")
    DemandFactory(published=True, title_en="EXPIRED-DEMAND-7781", expires_at=timezone.localdate() - timedelta(days=1))
    DemandFactory(published=True, title_en='=HYPERLINK("http://evil")')
    opendata_export()
    return {"dir": settings.OPEN_DATA_DIR, "published": published}


def read(files, name: str) -> str:
    return (files["dir"] / name).read_text(encoding="utf-8")


def test_every_file_is_written_and_recorded(files):
    names = set(OpenDataFile.objects.values_list("name", flat=True))
    assert names == {
        "achievements.csv",
        "achievements.jsonl",
        "demands.csv",
        "demands.jsonl",
        "indicators.csv",
        "indicators.jsonl",
        "data-dictionary.json",
        "LICENCE.txt",
    }
    assert OpenDataFile.objects.get(name="achievements.csv").rows == 4  # 3 of the network + 1 published here


def test_no_unpublished_or_confidential_field_leaks(files):
    """Like the search index's leak test: no secret string, no unpublished title, no private column, anywhere."""
    everything = "".join(read(files, name) for name in OpenDataFile.objects.values_list("name", flat=True))
    for secret in SECRETS.values():
        assert secret not in everything
    for title in (
        "DRAFT-TITLE-7781",
        "SUBMITTED-TITLE-7781",
        "REJECTED-TITLE-7781",
        "DRAFT-DEMAND-7781",
        "EXPIRED-DEMAND-7781",
    ):
        assert title not in everything
    for private in ("confidential_dossier", "nda_text", "contact_", "owner", "email", "requester", "buyer"):
        assert private not in read(files, "achievements.csv").splitlines()[0]
        assert private not in read(files, "demands.csv").splitlines()[0]
        assert private not in json.dumps(json.loads(read(files, "data-dictionary.json")))


def test_csv_and_jsonl_hold_the_same_public_rows(files):
    rows = list(csv.DictReader(io.StringIO(read(files, "achievements.csv"))))
    lines = [json.loads(line) for line in read(files, "achievements.jsonl").splitlines()]
    assert [row["id"] for row in rows] == [str(line["id"]) for line in lines]
    mine = next(line for line in lines if line["id"] == files["published"].pk)
    assert mine["title"] == "Open published achievement"
    assert mine["transfer_modes"] == "licensing" and mine["trl"] == 6
    assert mine["published_at"].endswith("Z")


def test_a_formula_in_a_title_is_defused_in_csv_only(files):
    assert "'=HYPERLINK" in read(files, "demands.csv")
    assert any(json.loads(line)["title"].startswith("=HYPERLINK") for line in read(files, "demands.jsonl").splitlines())


def test_the_indicators_file_holds_every_indicator(files):
    rows = list(csv.DictReader(io.StringIO(read(files, "indicators.csv"))))
    assert {"listings_published", "contract_value", "translation_coverage"} <= {row["indicator"] for row in rows}
    contract = [row for row in rows if row["indicator"] == "contract_value"]
    assert [(row["key"], row["value"], row["currency"]) for row in contract] == [
        ("2024", "7000", "CNY"),
        ("2025", "50000", "CNY"),
    ]


def test_dictionary_and_licence(files):
    dictionary = json.loads(read(files, "data-dictionary.json"))
    assert dictionary["licence"] == "CC-BY-4.0"
    columns = {d["name"]: [c["name"] for c in d["columns"]] for d in dictionary["datasets"]}
    header = read(files, "achievements.csv").splitlines()[0].split(",")
    assert columns["achievements"] == header
    assert "Creative Commons Attribution 4.0" in read(files, "LICENCE.txt")


def test_files_are_served_with_etag_and_last_modified(files, client):
    response = client.get("/open-data/achievements.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert etag.strip('"') == OpenDataFile.objects.get(name="achievements.csv").sha256
    assert client.get("/open-data/achievements.csv", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/open-data/achievements.csv", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304


def test_only_exported_files_are_served(files, client):
    (files["dir"] / "secret.txt").write_text("nope")
    assert client.get("/open-data/secret.txt").status_code == 404
    assert client.get("/open-data/..%2Fsettings.py").status_code == 404


def test_the_open_data_page_lists_files_dictionary_and_licence(files, client):
    html = client.get("/en/indicators/open-data/").content.decode()
    assert 'href="/open-data/achievements.csv"' in html
    assert "CC BY 4.0" in html and "trl" in html


def test_a_nightly_beat_job_regenerates_the_files(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["opendata-export"]
    assert entry["task"] == "indicators.tasks.opendata_export_task"


def test_regenerating_an_unchanged_database_keeps_the_etag(files):
    before = OpenDataFile.objects.get(name="demands.csv").sha256
    opendata_export()
    assert OpenDataFile.objects.get(name="demands.csv").sha256 == before
