"""The search page (/<lang>/search/) and the query box in the navbar."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from search.services import search_reindex
from tests.factories import AchievementFactory, DemandFactory, InstitutionFactory, tech_field, transfer_mode

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(embedded_search):
    institution = InstitutionFactory(kind="research_institute")
    made = {
        "battery": AchievementFactory(
            published=True,
            source_language="pt-br",
            title_en="",
            title_pt_br="Bateria de lítio reciclável",
            summary_en="",
            summary_pt_br="Baterias recicláveis para microrredes rurais.",
            trl=7,
            country="BR",
            institution=institution,
        ),
        "panel": AchievementFactory(published=True, title_en="Battery casing panel", trl=3, country="CN"),
        "draft": AchievementFactory(title_en="Secret battery draft"),
        "submitted": AchievementFactory(submitted=True, title_en="Pending battery review"),
        "demand": DemandFactory(
            published=True,
            title_en="Battery recycling partner wanted",
            field=tech_field("renewable-energy"),
            cooperation_modes=[transfer_mode("licensing")],
        ),
    }
    search_reindex()
    return made


def facet_option(response, name: str, value: str):
    return next(
        option
        for group in response.context["facet_groups"]
        if group["name"] == name
        for option in group["options"]
        if option.value == value
    )


def search_url(**params) -> str:
    from urllib.parse import urlencode

    return reverse("search:results") + ("?" + urlencode(params, doseq=True) if params else "")


def hit_links(response) -> set[str]:
    return set(re.findall(r'<h2 class="h5 card-title mb-2"><a href="([^"]+)"', response.content.decode()))


def detail(listing, kind="achievement") -> str:
    return reverse(f"{kind}s:detail", kwargs={"pk": listing.pk})


def test_search_page_lists_matching_listings_with_type_badges_and_highlights(client, listings):
    response = client.get(search_url(q="battery"))
    assert response.status_code == 200
    assert hit_links(response) >= {detail(listings["panel"]), detail(listings["demand"], "demand")}
    html = response.content.decode()
    assert "search-type-achievement" in html
    assert "search-type-demand" in html


def test_snippet_highlights_are_marked_and_the_rest_stays_escaped(client, listings):
    AchievementFactory(published=True, title_en="Grid storage", summary_en="Composite <b>bold</b> casing for cells")
    search_reindex()
    html = client.get(search_url(q="composite")).content.decode()
    assert "<mark>" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<b>bold</b>" not in html


def test_search_page_shows_facets_with_counts(client, listings):
    response = client.get(search_url(q="battery"))
    groups = {group["name"]: group for group in response.context["facet_groups"]}
    assert {"field", "country", "trl", "transfer_mode"} <= set(groups)
    countries = {option.value: option.count for option in groups["country"]["options"]}
    assert countries["CN"] == 1
    assert "China" in response.content.decode()


def test_a_facet_link_narrows_the_results_and_keeps_the_query(client, listings):
    response = client.get(search_url(q="battery", sort="date"))
    china = facet_option(response, "country", "CN")
    assert "q=battery" in china.url and "sort=date" in china.url and "country=CN" in china.url
    narrowed = client.get(reverse("search:results") + unescape(china.url))
    assert narrowed.status_code == 200
    assert hit_links(narrowed) == {detail(listings["panel"])}
    ticked = facet_option(narrowed, "country", "CN")
    assert ticked.selected and "country=" not in ticked.url


def test_type_tabs_count_both_kinds_and_filter_to_one(client, listings):
    response = client.get(search_url(q="battery"))
    tabs = {tab.value: tab for tab in response.context["tabs"]}
    assert tabs["demand"].count == 1
    assert tabs[""].count == tabs["achievement"].count + tabs["demand"].count
    assert tabs[""].active
    demands_only = client.get(search_url(q="battery", type="demand"))
    assert hit_links(demands_only) == {detail(listings["demand"], "demand")}
    tabs = {tab.value: tab for tab in demands_only.context["tabs"]}
    assert tabs["demand"].active and tabs["achievement"].count >= 1


def test_matched_language_is_named_when_it_differs_from_the_page(client, listings):
    response = client.get(search_url(q="bateria"))
    assert detail(listings["battery"]) in hit_links(response)
    assert "Matched in" in response.content.decode()


def test_drafts_and_submitted_listings_never_appear(client, listings):
    response = client.get(search_url(q="battery"))
    html = response.content.decode()
    assert "Secret battery draft" not in html
    assert "Pending battery review" not in html
    assert detail(listings["draft"]) not in hit_links(client.get(search_url()))


def test_empty_query_browses_the_newest_listings(client, listings):
    response = client.get(search_url())
    assert response.status_code == 200
    assert len(hit_links(response)) == 3


@pytest.mark.parametrize(
    "params",
    [
        {"q": "<script>alert(1)</script>"},
        {"q": '" OR 1=1 --'},
        {"q": "battery AND (OR NOT"},
        {"q": "*?~^:[]{}"},
        {"q": "\u200b\u200b"},
        {"q": "x" * 5000},
        {"q": "battery", "page": "99999"},
        {"q": "battery", "page": "-1"},
        {"q": "battery", "page": "abc"},
        {"q": "battery", "sort": "price"},
        {"q": "battery", "type": "auction"},
        {"q": "battery", "trl": "eleven"},
        {"q": "battery", "country": ["X" * 300]},
        {"q": "battery", "field": [str(n) for n in range(50)]},
    ],
)
def test_hostile_queries_get_a_page_or_a_clear_error_never_a_500(client, listings, params):
    response = client.get(search_url(**params))
    assert response.status_code in (200, 400)
    assert b"<script>alert(1)</script>" not in response.content
    if response.status_code == 400:
        assert 'role="alert"' in response.content.decode()


def test_a_page_past_the_limit_is_a_form_error(client, listings):
    response = client.get(search_url(q="battery", page="501"))
    assert response.status_code == 400
    assert 'id="search-errors"' in response.content.decode()


def test_zero_results_offer_help_and_a_way_out_of_the_filters(client, listings):
    response = client.get(search_url(q="zzqxwv", country="IN"))
    html = response.content.decode()
    assert response.status_code == 200
    assert hit_links(response) == set()
    assert "Clear filters" in html
    assert "Browse all listings" in html


def test_fallback_notice_when_the_engine_is_down(client, listings, engine_down):
    response = client.get(search_url(q="battery"))
    assert response.status_code == 200
    assert "Search is temporarily limited" in response.content.decode()
    assert detail(listings["panel"]) in hit_links(response)
    assert "Secret battery draft" not in response.content.decode()


def test_no_fallback_notice_when_the_engine_answers(client, listings):
    assert "Search is temporarily limited" not in client.get(search_url(q="battery")).content.decode()


@pytest.mark.parametrize("name", ["home", "achievements:list", "demands:list", "trading:auction-list"])
def test_navbar_search_box_is_on_every_page_and_submits_to_the_search_page(client, embedded_search, name):
    html = client.get(reverse(name)).content.decode()
    pattern = r'<form class="navbar-search" method="get" action="([^"]+)" role="search">(.*?)</form>'
    form = re.search(pattern, html, re.S)
    assert form is not None
    assert form.group(1) == reverse("search:results")
    assert 'name="q"' in form.group(2)
    assert '<label class="visually-hidden" for="navbar-search-q">' in form.group(2)


def test_search_page_has_one_search_box_not_two(client, embedded_search):
    html = client.get(search_url(q="battery")).content.decode()
    assert 'class="navbar-search"' not in html
    assert html.count('type="search"') == 1


def test_search_page_runs_a_bounded_number_of_queries(client, embedded_search):
    for index in range(12):
        AchievementFactory(published=True, title_en=f"Solar battery {index}", trl=1 + index % 9)
        DemandFactory(published=True, title_en=f"Solar battery demand {index}")
    search_reindex()
    client.get(search_url(q="solar"))  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(search_url(q="solar"))
    assert response.status_code == 200
    assert len(hit_links(response)) == 20
    assert len(queries) <= 5
