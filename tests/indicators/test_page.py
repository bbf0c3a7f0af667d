"""The public indicators page and its downloads."""

from __future__ import annotations

import csv
import io
import json

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "heading", "direction"),
    [
        ("en", "Technology transfer indicators", 'dir="ltr"'),
        ("zh-hans", 'lang="zh-hans"', 'dir="ltr"'),
        ("ar", 'lang="ar"', 'dir="rtl"'),
    ],
)
def test_the_page_renders_charts_and_tables_in_each_language(refreshed, client, lang, heading, direction):
    response = client.get(f"/{lang}/indicators/")
    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html and direction in html
    assert html.count('role="img"') >= 10
    assert '<title id="listings_published-svg-title">' in html
    assert "<table" in html
    if lang == "ar":
        assert 'direction="rtl"' in html


def test_labels_follow_the_page_language(refreshed, client):
    html = client.get("/ru/indicators/").content.decode()
    assert "Бразилия" in html  # the country axis in Russian


def test_svg_geometry_is_never_localized(refreshed, client):
    """Decimal commas of ru/fr/ar must not reach SVG coordinates."""
    import re

    html = client.get("/fr/indicators/").content.decode()
    for value in re.findall(r' (?:x|width|cx|x1|x2)="([^"]*)%"', html):
        assert re.fullmatch(r"-?\d+(\.\d+)?", value), value


def test_filters_are_in_the_url_and_narrow_the_tables(refreshed, client):
    html = client.get("/en/indicators/", {"country": "CN"}).content.decode()
    assert 'value="CN" selected' in html
    assert "data.csv?country=CN" in html
    assert "South Africa" not in html.split('id="listings_by_country"')[1].split("</article>")[0]


def test_invalid_filters_show_form_errors_not_a_500(refreshed, client):
    response = client.get("/en/indicators/", {"year_from": "2025", "year_to": "2024", "field": "nonsense"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "invalid-feedback" in html
    assert "The last year must not be before the first." in html


def test_the_csv_download_is_exactly_what_is_shown(refreshed, client):
    response = client.get("/en/indicators/data.csv", {"indicator": "listings_by_country", "country": "BR"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["key"], row["series"], row["value"]) for row in rows] == [
        ("BR", "achievements", "2"),
        ("BR", "demands", "1"),
    ]
    assert rows[0]["label"] == "Brazil"


def test_the_json_download_of_the_whole_page_is_in_the_page_language(refreshed, client):
    body = json.loads(client.get("/zh-hans/indicators/data.json", {"year_from": "2025"}).content)
    assert body["language"] == "zh-hans"
    assert body["filters"] == {"year_from": "2025"}
    by_name = {item["name"]: item for item in body["indicators"]}
    assert [row["key"] for row in by_name["listings_published"]["rows"]] == ["2025"]
    assert by_name["contract_value"]["currency"] == "CNY"
    assert by_name["translation_coverage"]["filters_ignored"] == ["year"]
    assert "巴西" in {row["label"] for row in by_name["listings_by_country"]["rows"]}


def test_a_bad_download_answers_with_a_code(refreshed, client):
    response = client.get("/en/indicators/data.json", {"year_from": "abc"})
    assert response.status_code == 400 and response.json()["code"] == "invalid_filter"
    response = client.get("/en/indicators/data.csv", {"indicator": "nope"})
    assert response.status_code == 404 and response.json()["code"] == "indicator_not_found"


def test_the_header_links_the_indicators(refreshed, client):
    html = client.get("/en/").content.decode()
    assert 'href="/en/indicators/"' in html


def test_an_empty_database_shows_empty_states(client, db):
    html = client.get("/en/indicators/").content.decode()
    assert "No data for these filters yet." in html


def test_the_cached_page_follows_each_refresh(refreshed, client):
    from indicators.services import indicators_refresh
    from tests.factories import AchievementFactory

    def institutions_row() -> str:
        html = client.get("/en/indicators/").content.decode()
        return html.split('id="listings_by_country"')[1].split("</article>")[0]

    assert "Kenya" not in institutions_row()
    AchievementFactory(published=True, country="KE")
    assert "Kenya" not in institutions_row()  # the snapshot, not the listings
    indicators_refresh(names=["listings_by_country"])
    assert "Kenya" in institutions_row()


def test_a_valid_country_without_data_filters_to_empty_charts(refreshed, client):
    response = client.get("/en/indicators/", {"country": "KE"})
    assert response.status_code == 200
    assert "No data for these filters yet." in response.content.decode()
    assert client.get("/en/indicators/", {"country": "XX"}).status_code == 400


def test_anonymous_readers_get_the_whole_page_from_the_cache(refreshed, client, django_assert_max_num_queries):
    first = client.get("/en/indicators/")
    with django_assert_max_num_queries(1):  # the snapshot time: the version the cached page depends on
        again = client.get("/en/indicators/")
    assert again.content.replace(b" ", b"") != b"" and again.status_code == 200
    assert (
        first.content.split(b'name="csrfmiddlewaretoken"')[0] == again.content.split(b'name="csrfmiddlewaretoken"')[0]
    )


def test_signed_in_readers_never_get_the_anonymous_page(refreshed, client):
    from tests.factories import UserFactory

    client.get("/en/indicators/")
    user = UserFactory(display_name="Reader Zyx")
    client.force_login(user)
    assert "Reader Zyx" in client.get("/en/indicators/").content.decode()
