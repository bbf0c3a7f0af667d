"""The Content-Security-Policy: on every HTML page (site, admin, API docs, errors), strict for scripts, with this host's
websocket origin; and no template of the project needs an exception to it (no inline script, style or handler).

Scripts still running under it in a real browser: tests/e2e/test_csp.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client

from tests.factories import (
    AchievementFactory,
    AuctionFactory,
    ConversationFactory,
    DemandFactory,
    EventFactory,
    RegistrationFactory,
    StaffFactory,
)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

# Pages that end the session or change state on GET are not followed; downloads are not HTML.
SKIP = re.compile(r"logout|/i18n/|\.ics$|/document/|/download|/attachments?/|/logo/|/export")


def policy_of(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_strict(policy: dict[str, list[str]], where: str) -> None:
    assert policy, f"{where}: no Content-Security-Policy header"
    assert policy["script-src"] == ["'self'"], where
    assert policy["object-src"] == ["'none'"], where
    assert policy["base-uri"] == ["'self'"], where
    assert policy["frame-ancestors"] == ["'none'"], where
    assert policy["form-action"] == ["'self'"], where
    assert policy["default-src"] == ["'self'"], where
    assert set(policy["img-src"]) == {"'self'", "data:"}, where
    for directive, sources in policy.items():
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources, (where, directive)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and href.startswith("/") and not href.startswith("//"):
            self.links.append(urldefrag(href)[0])


def _crawl(client: Client, starts: list[str], *, limit: int) -> dict[str, int]:
    """GET pages breadth-first from ``starts`` following the site's own links; asserts the policy on each HTML page.
    Returns {path: status} of the HTML pages seen."""
    seen: dict[str, int] = {}
    queue, queued = list(starts), set(starts)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        response = client.get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        seen[url] = response.status_code
        assert_strict(policy_of(response), url)
        if response.status_code != 200:
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for link in parser.links:
            path = urlsplit(link).path
            if path not in queued and not SKIP.search(link) and not path.startswith("/static/"):
                queued.add(path)
                queue.append(path)
    return seen


@pytest.mark.django_db
def test_every_html_page_carries_the_strict_policy():
    staff = StaffFactory()
    achievement = AchievementFactory(published=True)
    demand = DemandFactory(published=True)
    auction = AuctionFactory()
    conversation = ConversationFactory()
    event = EventFactory()
    RegistrationFactory(event=event, user=staff)
    anonymous = Client()
    seen = _crawl(
        anonymous,
        ["/en/", "/en/accounts/login/", "/en/accounts/signup/", "/admin/login/", "/en/no-such-page/"],
        limit=30,
    )
    assert seen["/en/no-such-page/"] == 404
    client = Client()
    client.force_login(staff)
    starts = [
        "/en/",
        achievement.get_absolute_url(),
        demand.get_absolute_url(),
        auction.get_absolute_url(),
        conversation.get_absolute_url(),
        f"/en/events/{event.pk}/agenda/",
        f"/en/events/{event.pk}/checkin/",
        "/admin/",
        f"/admin/events/event/{event.pk}/change/",
        "/api/docs/",
    ]
    seen.update(_crawl(client, starts, limit=120))
    assert len(seen) > 80, sorted(seen)
    assert {"/admin/", "/api/docs/", f"/admin/events/event/{event.pk}/change/"} <= set(seen)


@pytest.mark.django_db
def test_connect_src_names_this_hosts_websocket_origin(client):
    connect = policy_of(client.get("/en/"))["connect-src"]
    assert connect[0] == "'self'"
    assert {"ws://testserver", "wss://testserver"} <= set(connect)

    # A secure page may only open wss:// (ws:// would be mixed content anyway).
    secure = policy_of(client.get("/en/", secure=True, headers={"host": "localhost"}))["connect-src"]
    assert "wss://localhost" in secure
    assert not any(source.startswith("ws://") for source in secure)


@pytest.mark.django_db
def test_a_request_for_an_unknown_host_still_gets_the_policy(client):
    response = client.get("/en/", headers={"host": "evil.example"})

    assert response.status_code == 400
    policy = policy_of(response)
    assert_strict(policy, "bad host")
    assert not any("evil.example" in source for source in policy["connect-src"])


@pytest.mark.django_db
def test_the_api_docs_script_is_a_file_of_this_origin(client):
    page = client.get("/api/docs/")
    script = client.get("/api/docs/?script=")

    assert b'src="/api/docs/?script="' in page.content
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


# --- the templates themselves -------------------------------------------------------------------------------------

# <script> with a body: only data blocks (json_script, type="application/json") may have one.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
RULES = {
    "inline <script>": INLINE_SCRIPT,
    "on...= event handler": EVENT_HANDLER,
    "style= attribute": STYLE_ATTRIBUTE,
    "<style> element": STYLE_ELEMENT,
    "javascript: URL": JAVASCRIPT_URL,
}


def _without_comments(text: str) -> str:
    """Template and HTML comments blanked out (line numbers kept)."""
    blank = lambda match: re.sub(r"[^\n]", " ", match.group(0))  # noqa: E731
    text = re.sub(r"\{#.*?#\}", blank, text, flags=re.DOTALL)
    text = re.sub(r"\{% comment %\}.*?\{% endcomment %\}", blank, text, flags=re.DOTALL)
    return re.sub(r"<!--.*?-->", blank, text, flags=re.DOTALL)


def policy_breaches(text: str) -> list[tuple[int, str]]:
    text = _without_comments(text)
    found = []
    for rule, pattern in RULES.items():
        for match in pattern.finditer(text):
            found.append((text.count("\n", 0, match.start()) + 1, rule))
    return found


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<script type="module">go()</script>',
        '<button type="button" onclick="go()">',
        '<a href="#"\n   onmouseover="go()">',
        '<div class="x" style="width: 40%">',
        "<style>.x{}</style>",
        '<a href="javascript:go()">',
    ],
)
def test_the_template_check_catches(snippet):
    assert policy_breaches(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="/static/js/app.js" defer></script>',
        '<script type="application/json" id="data">{}</script>',
        "{{ names|json_script:'names' }}",
        '<button data-online="1" class="btn">',
        "{# <script>commented out</script> #}",
    ],
)
def test_the_template_check_lets_through(snippet):
    assert not policy_breaches(snippet)


def test_no_template_needs_an_exception_to_the_policy():
    """Inline scripts, handlers and styles would be refused by the browser: put them in static/js or static/css."""
    breaches = [
        f"{path.relative_to(ROOT)}:{line}: {rule}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for line, rule in policy_breaches(path.read_text())
    ]
    assert breaches == []
