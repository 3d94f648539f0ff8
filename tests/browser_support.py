"""Helpers for the browser tests: headless Chromium on the real server, with every page watched.

Each page opened through `Pages` records every request and websocket it makes, every console error,
every uncaught exception and every dialog, so a test ends with `pages.check()`: the pages stayed on
the app's own origin (the venue has no internet), ran without a JavaScript or CSP error, and no
user text ever ran as code.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.e2e_support import Peer, Server

ROOT = Path(__file__).resolve().parent.parent
SCREENS = ROOT / "artifacts" / "screens"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
AXE_PATH = "/static/vendor/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_BLOCKING = ("serious", "critical")
WAIT_MS = 8000

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PHONE_200 = {"viewport": {"width": 195, "height": 422}, "device_scale_factor": 2, "is_mobile": True,
             "has_touch": True}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}


def chromium_executable() -> str:
    """Debian's chromium, or skip the test with the reason (never a silent pass or fail)."""
    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not path:
        pytest.skip("chromium is not installed: apt-get install chromium")
    return path


def sync_playwright():
    module = pytest.importorskip("playwright.sync_api",
                                 reason="playwright is not importable: pip install -r requirements.txt")
    return module.sync_playwright, module.expect


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)


class Pages:
    """Browser contexts opened for one test, each page watched; `close()` ends them all."""

    def __init__(self, browser, base_url: str):
        self.browser, self.base_url = browser, base_url
        self.contexts = []
        self.requests: list[tuple[str, str]] = []     # (page name, url), websockets included
        self.errors: list[str] = []                   # console errors and uncaught exceptions
        self.allowed: dict[str, list[str]] = {}       # page name -> console errors it is meant to show
        self.dialogs: list[str] = []

    def open(self, name: str, path: str | None, context: dict | None = None, allow: tuple[str, ...] = (),
             wait_until: str = "load", **extra):
        """A new context (own cookies and storage: another person's device) with one watched page.

        `allow`: substrings of console errors this page is meant to log (a page served as a 401).
        `wait_until="commit"` returns once the page starts loading, so several pages load in parallel.
        """
        self.allowed[name] = list(allow)
        ctx = self.browser.new_context(**{**(context or {}), **extra})
        self.contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(WAIT_MS)
        self.watch(page, name)
        if path is not None:
            page.goto(self.base_url + path, wait_until=wait_until)
        return page

    def watch(self, page, name: str) -> None:
        page.on("request", lambda request: self.requests.append((name, request.url)))
        page.on("websocket", lambda ws: self.requests.append((name, ws.url)))
        def on_console(msg):
            if msg.type == "error" and not any(a in msg.text for a in self.allowed.get(name, ())):
                self.errors.append(f"[{name}] console error: {msg.text} ({msg.location.get('url', '')})")
        page.on("console", on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"[{name}] uncaught: {exc}"))

        def on_dialog(dialog):
            self.dialogs.append(f"[{name}] {dialog.type}: {dialog.message}")
            dialog.dismiss()
        page.on("dialog", on_dialog)

    def foreign_requests(self) -> list[str]:
        http_origin = self.base_url + "/"
        ws_origin = "ws" + self.base_url[len("http"):] + "/"
        return [f"[{name}] {url}" for name, url in self.requests
                if not (url.startswith((http_origin, ws_origin, "data:", "blob:")))]

    def check(self) -> None:
        """Everything stayed on the app's origin; no JS or CSP error; no dialog ever opened."""
        assert self.requests, "no request was recorded: the watchers are not working"
        foreign = self.foreign_requests()
        assert not foreign, "requests left the app's origin (the venue is offline):\n" + "\n".join(foreign)
        assert not self.errors, "console errors or uncaught exceptions:\n" + "\n".join(self.errors)
        assert not self.dialogs, "a dialog opened (user text ran as code?):\n" + "\n".join(self.dialogs)

    def close(self) -> None:
        for ctx in self.contexts:
            try:
                ctx.close()
            except Exception:  # the browser is already gone
                pass
        self.contexts = []


def wait_live(page) -> None:
    """A live page (phone, board, console) has joined its forum and rendered its first state."""
    page.wait_for_function("() => document.documentElement.matches('.is-live:not(.is-offline)')")


def tr(page, key: str, **values) -> str:
    """A string of the page's own #i18n catalogue, as its script shows it (language-independent checks)."""
    return page.evaluate("async ([k, v]) => (await import('/static/js/lib/page.js')).t(k, v)", [key, values or None])


def lang_name(page, code: str) -> str:
    """A language as the page names it ("Arabic · العربية"), from the page's own module."""
    return page.evaluate("async c => (await import('/static/js/lib/languages.js')).langLabel(c)", code)


def start_axe(page, base_url: str) -> None:
    """Start axe-core's WCAG 2.x A/AA rules on the whole document, without waiting (pages run in parallel).

    axe is loaded from the app's own origin, so the pages' CSP (`script-src 'self'`) allows it.
    """
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(url=base_url + AXE_PATH)
    page.evaluate("""tags => { window.__axe = axe.run(document, {
        runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}); }""", AXE_TAGS)


def axe_violations(page) -> list[dict]:
    """The serious and critical violations of the run `start_axe` began."""
    result = page.evaluate("() => window.__axe")
    return [v for v in result["violations"] if v.get("impact") in AXE_BLOCKING]


def run_axe(page, base_url: str) -> list[dict]:
    start_axe(page, base_url)
    return axe_violations(page)


def describe_violations(name: str, violations: list[dict]) -> str:
    lines = [f"{name}: {len(violations)} serious/critical axe violation(s)"]
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']} {v.get('helpUrl', '')}")
        for node in v["nodes"][:5]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {json.dumps(node['target'])}: {summary[:300]}")
            lines.append(f"      {node.get('html', '')[:200]}")
    return "\n".join(lines)


def screenshot(page, name: str, full_page: bool = False) -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


def horizontal_overflow(page) -> dict:
    """scrollWidth vs clientWidth of the document, and the elements sticking out on the right (or left)."""
    return page.evaluate("""() => {
        const root = document.scrollingElement;
        const width = root.clientWidth;
        const out = [];
        for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width && (r.right > width + 1 || r.left < -1) && getComputedStyle(el).position !== 'fixed')
                out.push((el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + el.className) +
                         ' [' + Math.round(r.left) + ',' + Math.round(r.right) + ']');
        }
        return {scrollWidth: root.scrollWidth, clientWidth: width, sticking_out: out.slice(0, 10)};
    }""")


# ---------------------------------------------------------------------------------------------------
# fixtures: one browser and one server per test module

@pytest.fixture(scope="module")
def browser():
    sync_pw, expect = sync_playwright()
    chromium_executable()  # skip before starting anything
    expect.set_options(timeout=8000)
    with sync_pw() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(browser, tmp_path_factory):
    """Started after the browser, so a missing Chromium skips before a server is started for nothing."""
    srv = Server(tmp_path_factory.mktemp("browser-data")).start()
    yield srv
    srv.stop()


@pytest.fixture
def pages(browser, server):
    made = Pages(browser, server.url)
    yield made
    made.close()


@pytest.fixture
def peers(server):
    """Real Socket.IO clients to set a forum up quickly (the browser journey itself uses none)."""
    made: list[Peer] = []

    def make(code: str, role: str, **fields) -> Peer:
        peer = Peer(server.url)
        made.append(peer)
        ack = peer.join(code, role, **fields)
        assert ack.get("ok"), ack
        return peer

    yield make
    for peer in made:
        peer.close()
