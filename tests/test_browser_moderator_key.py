"""In headless Chromium: logging in leaves the moderator key in no history entry and in no referrer.

(A browser keeps even an address that redirected at once: `/m/?key=KEY` stays in Chromium's history.
So the app never offers such an address; `?key=` still works for scripts, as the contract says.)
"""
from __future__ import annotations

import sqlite3

import pytest
import requests

from tests.browser_support import CHROMIUM_ARGS, LAPTOP, WAIT_MS, chromium_executable, sync_playwright, wait_live
from tests.e2e_support import Server

pytestmark = pytest.mark.browser


def history_urls(profile) -> list[str]:
    """Every address Chromium's profile keeps in its history database (redirect sources included)."""
    with sqlite3.connect(f"file:{profile / 'Default' / 'History'}?mode=ro", uri=True) as db:
        return [url for (url,) in db.execute("SELECT url FROM urls")]


def test_the_key_stays_out_of_the_browser_history_and_every_referrer(tmp_path):
    sync_pw, _ = sync_playwright()
    executable = chromium_executable()
    server = Server(tmp_path / "data").start()
    profile = tmp_path / "profile"
    sent: list[tuple[str, str | None]] = []
    try:
        code = server.create_forum(title="History")
        with sync_pw() as playwright:
            browser = playwright.chromium.launch_persistent_context(
                str(profile), executable_path=executable, args=CHROMIUM_ARGS, **LAPTOP)
            page = browser.new_page()
            page.set_default_timeout(WAIT_MS)
            page.on("request", lambda request: sent.append((request.url, request.headers.get("referer"))))

            # The terminal's one-time link: it logs in and lands on the console's start page.
            page.goto(server.login_link())
            assert page.url == f"{server.url}/m/"
            page.goto(f"{server.url}/m/{code}")
            wait_live(page)

            # Another browser session on the same profile logs in with the key page's form (a POST).
            browser.clear_cookies()
            page.goto(f"{server.url}/m/{code}")
            page.fill("#key", server.key)
            page.click("form.stack-form button[type=submit]")
            page.wait_for_url(f"{server.url}/m/{code}")
            wait_live(page)
            browser.close()
        urls = history_urls(profile)
        assert any(url.startswith(f"{server.url}/m/") for url in urls), urls
        assert not [url for url in urls if server.key in url], urls
        with_referrer = [(url, ref) for url, ref in sent if ref]
        assert not with_referrer, with_referrer[:5]
        assert requests.get(server.login_link(), timeout=10).status_code == 403  # the link kept is spent
    finally:
        server.stop()
