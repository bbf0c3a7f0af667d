"""Screenshots of the main pages, desktop (1366x900) and phone (390x844), for a person to look at.

    uv run python scripts/screenshots.py                   # own throwaway demo server (fresh SQLite + seed_demo)
    uv run python scripts/screenshots.py --base-url URL    # an already running `make run` server

Files land in var/screenshots/<page>-<desktop|phone>.png. Signs in with the fixed demo accounts of seed_demo.
Uses Debian's Chromium (/usr/bin/chromium), never a browser of Playwright's own.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("BRICS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEMO_PASSWORD = "brics-demo"  # noqa: S105 (the public demo accounts of PRODUCT.md)
RESEARCHER = "researcher@demo.brics-ttc.org"
STAFF = "staff@demo.brics-ttc.org"
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def demo_server() -> Iterator[str]:
    """`make run` in miniature, on a fresh database in a temporary directory and a free port; stopped by its PID."""
    with tempfile.TemporaryDirectory(prefix="brics-screenshots-") as var_dir:
        env = {**os.environ, "DJANGO_DEBUG": "1", "BRICS_VAR_DIR": var_dir}
        # The embedded default, whatever this shell points at.
        for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "MEDIA_ROOT"):
            env.pop(name, None)
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
        subprocess.run([*manage, "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
        port = free_port()
        log = Path(var_dir) / "server.log"
        with log.open("wb") as log_file:
            server = subprocess.Popen(  # noqa: S603
                [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, server)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the demo server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):  # noqa: S310 (our own loopback server)
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the demo server did not answer in 30 s")


def sign_in(page: Page, base_url: str, email: str, *, admin: bool = False) -> None:
    page.goto(f"{base_url}/admin/login/?next=/admin/" if admin else f"{base_url}/en/accounts/login/")
    page.get_by_label(re.compile(r"e-?mail", re.I)).first.fill(email)
    page.get_by_label(re.compile(r"^password", re.I)).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile(r"sign in|log in", re.I)).click()
    page.wait_for_load_state()


def first_detail_url(page: Page, base_url: str) -> str:
    page.goto(f"{base_url}/en/achievements/")
    href = page.locator("a[href*='/en/achievements/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href')).find(h => /\\/achievements\\/\\d+\\/$/.test(h))"
    )
    if not href:
        raise SystemExit("no published achievement on the list page: is the demo data loaded?")
    return base_url + href


def brokerage_url(page: Page, base_url: str) -> str:
    """The demo B2B brokerage event (the demo researcher is registered there, with a meeting on the agenda)."""
    page.goto(f"{base_url}/en/events/?kind=brokerage")
    href = page.locator(".event-card a").first.get_attribute("href")
    if not href:
        raise SystemExit("no demo brokerage event on the events page: is the demo data loaded?")
    return base_url + href


def shoot(browser: Browser, base_url: str, out: Path) -> list[Path]:
    taken: list[Path] = []
    for device, options in VIEWPORTS.items():
        anonymous = browser.new_context(**options).new_page()
        researcher = browser.new_context(**options).new_page()
        staff = browser.new_context(**options).new_page()
        sign_in(researcher, base_url, RESEARCHER)
        sign_in(staff, base_url, STAFF, admin=True)
        pages = [
            ("home", anonymous, f"{base_url}/en/"),
            ("achievements", anonymous, f"{base_url}/en/achievements/"),
            ("achievement-detail", anonymous, first_detail_url(anonymous, base_url)),
            ("achievement-form", researcher, f"{base_url}/en/achievements/new/"),
            ("my-listings", researcher, f"{base_url}/en/my/listings/"),
            ("demands", anonymous, f"{base_url}/en/demands/"),
            ("institutions", anonymous, f"{base_url}/en/institutions/"),
            ("admin-queue", staff, f"{base_url}/admin/achievements/achievement/"),
            ("admin-home", staff, f"{base_url}/admin/"),
            ("signup-ar", anonymous, f"{base_url}/ar/accounts/signup/"),
            ("terms-zh-hans", anonymous, f"{base_url}/zh-hans/terms/"),
            ("events", anonymous, f"{base_url}/en/events/"),
        ]
        brokerage = brokerage_url(anonymous, base_url)
        pages += [
            ("event-detail", researcher, brokerage),
            ("event-agenda", researcher, f"{brokerage}agenda/"),
            ("event-agenda-ar", researcher, f"{brokerage}agenda/".replace("/en/", "/ar/")),
        ]
        for name, page, url in pages:
            response = page.goto(url)
            page.wait_for_load_state("networkidle")
            path = out / f"{name}-{device}.png"
            page.screenshot(path=str(path), full_page=True)
            status = response.status if response else "?"
            print(f"{status} {url} -> {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
            taken.append(path)
        for page in (anonymous, researcher, staff):
            page.context.close()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", help="a running server (default: start a throwaway demo server)")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            if args.base_url:
                shoot(browser, args.base_url.rstrip("/"), args.out)
            else:
                with demo_server() as base_url:
                    shoot(browser, base_url, args.out)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
