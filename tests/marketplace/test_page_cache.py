"""Whole public pages cached for readers who are not signed in (marketplace.page_cache)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext

from achievements.models import Achievement
from marketplace.page_cache import public_page
from marketplace.reads import bump_listings_version
from marketplace.services import listing_archive, listing_moderate
from marketplace.signals import listing_changed
from tests.factories import AchievementFactory, DemandFactory, InstitutionFactory, ResearcherFactory, StaffFactory

PAGES = ["/en/", "/en/achievements/", "/en/demands/", "/en/institutions/"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    bump_listings_version()  # not the version a process remembers from a test before (read at most once a second)
    yield
    cache.clear()


@pytest.fixture
def corpus():
    institution = InstitutionFactory()
    AchievementFactory.create_batch(3, published=True, institution=institution)
    DemandFactory.create_batch(3, published=True, institution=institution)


@pytest.mark.parametrize("url", PAGES)
def test_a_stored_page_is_served_without_any_query(client, corpus, url):
    first = client.get(url)

    with CaptureQueriesContext(connection) as captured:
        second = Client().get(url)

    assert second.status_code == 200
    assert captured.captured_queries == []
    assert TOKEN.sub("", second.content.decode()) == TOKEN.sub("", first.content.decode())


@pytest.mark.parametrize("url", PAGES)
def test_each_reader_gets_a_csrf_token_of_their_own_that_the_site_accepts(corpus, url):
    Client().get(url)  # stores the page with the first reader's token
    reader = Client(enforce_csrf_checks=True)

    response = reader.get(url)
    tokens = TOKEN.findall(response.content.decode())
    secret = response.cookies["csrftoken"].value

    assert tokens and all(_unmask_cipher_token(token) == secret for token in tokens)
    switched = reader.post("/i18n/setlang/", {"language": "fr", "next": "/fr/", "csrfmiddlewaretoken": tokens[0]})
    assert switched.status_code == 302


@pytest.mark.parametrize("url", PAGES)
def test_signed_in_readers_never_get_the_stored_page_nor_leave_theirs(corpus, url):
    member = ResearcherFactory(display_name="Ana Quintero")
    Client().get(url)
    signed_in = Client()
    signed_in.force_login(member)

    assert "Ana Quintero" in signed_in.get(url).content.decode()
    assert "Ana Quintero" not in Client().get(url).content.decode()


def test_a_page_with_messages_waiting_is_rendered_for_its_reader(client, corpus):
    client.get("/en/")  # stored without messages
    client.force_login(ResearcherFactory())
    client.post("/en/accounts/logout/")

    html = client.get("/en/").content.decode()

    assert 'class="messages"' in html
    assert 'class="messages"' not in Client().get("/en/").content.decode()


@pytest.mark.parametrize(
    ("status", "cookie", "stored"), [(200, False, True), (404, False, False), (302, False, False), (200, True, False)]
)
def test_only_plain_answers_without_cookies_of_their_own_are_stored(rf, status, cookie, stored):
    calls = []

    @public_page("test")
    def view(request):
        calls.append(request)
        response = HttpResponse("<p>page</p>", status=status)
        if cookie:
            response.set_cookie("chosen", "1")
        return response

    for _ in range(2):
        request = rf.get("/en/test/")
        request.user = AnonymousUser()
        request.session = {}
        request._messages = FallbackStorage(request)
        view(request)

    assert len(calls) == (1 if stored else 2)


@pytest.mark.parametrize("url", ["/en/", "/en/achievements/"])
def test_published_and_archived_listings_show_and_go_at_once(client, corpus, url):
    owner = ResearcherFactory()
    pending = AchievementFactory(submitted=True, owner=owner, title_en="Pending heat pump")
    assert "Pending heat pump" not in client.get(url).content.decode()

    listing_moderate(listing=pending, actor=StaffFactory(), action="approve")
    assert "Pending heat pump" in client.get(url).content.decode()

    listing_archive(listing=Achievement.objects.get(pk=pending.pk), user=owner)
    assert "Pending heat pump" not in client.get(url).content.decode()


def test_a_change_announced_without_a_model_save_shows_at_once(client, corpus):
    listing = AchievementFactory(published=True, title_en="Old title")
    assert "Old title" in client.get("/en/achievements/").content.decode()

    Achievement.objects.filter(pk=listing.pk).update(title_en="Title written by a bulk update")
    listing_changed.send(sender=Achievement, listing=listing)

    assert "Title written by a bulk update" in client.get("/en/achievements/").content.decode()


def test_an_institution_page_reads_its_listings_once_per_version(client):
    institution = InstitutionFactory()
    AchievementFactory.create_batch(3, published=True, institution=institution)
    url = institution.get_absolute_url()
    client.force_login(ResearcherFactory())  # signed in: the page is rendered, its listings come from the fragment
    client.get(url)

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200

    assert not [query for query in captured.captured_queries if "achievements_achievement" in query["sql"]]
    AchievementFactory(published=True, institution=institution, title_en="Newly published membrane")
    assert "Newly published membrane" in client.get(url).content.decode()


def test_the_institutions_api_list_is_cached_until_an_institution_changes(client):
    institution = InstitutionFactory(name_en="Old institute name")
    client.get("/api/v1/institutions/")

    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/institutions/").status_code == 200
    assert not [query for query in captured.captured_queries if "marketplace_institution" in query["sql"]]

    institution.name_en = "Renamed institute"
    institution.save()
    assert "Renamed institute" in client.get("/api/v1/institutions/").content.decode()
    assert client.get("/api/v1/institutions/?country=XX").status_code == 400


def test_a_reader_revalidating_an_unchanged_page_gets_a_304_and_a_changed_one_in_full(corpus):
    reader = Client()
    page = reader.get("/en/achievements/")
    etag = page["ETag"]
    assert "private" in page["Cache-Control"] and "no-cache" in page["Cache-Control"]

    again = reader.get("/en/achievements/", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    # Another reader's copy holds a token made for another CSRF secret: never confirmed as theirs.
    assert Client().get("/en/achievements/", headers={"if-none-match": etag}).status_code == 200

    AchievementFactory(published=True)

    assert reader.get("/en/achievements/", headers={"if-none-match": etag}).status_code == 200
