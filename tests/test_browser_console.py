"""The moderator console at a real laptop size, in headless Chromium: a key never acts twice, 30 people
fit, the floor stays in view, and the status line tells the truth briefly (issue 10, items 1-3, 10, 11)."""
from __future__ import annotations

import re

import pytest

from tests.browser_support import (LAPTOP, PHONE, Pages, browser, pages, peers, screenshot, server,  # noqa: F401
                                   sync_playwright, tr, wait_live)
from tests.e2e_support import Server

pytestmark = pytest.mark.browser

LANGS = ["ar", "so", "ti", "prs", "uk", "sv", "tr", "fa"]


def expect(locator):
    return sync_playwright()[1](locator)


def console_with_queue(server, pages, peers, labels, **forum):
    code = server.create_forum(title="Console", questions=["Housing?", "Work?"], **forum)
    moderator = peers(code, "moderator", key=server.key)
    for i, label in enumerate(labels):
        moderator.ok("add_speaker", {"label": label, "lang": LANGS[i % len(LANGS)]})
    console = pages.open("console", f"/m/{code}?key={server.key}", LAPTOP)
    wait_live(console)
    expect(console.locator("#queue li[data-entry-id]")).to_have_count(len(labels))
    return code, moderator, console


def speaker(console):
    return console.locator("#speaker-label")


def test_space_after_clicking_next_pauses_and_gives_the_floor_to_nobody(server, pages, peers):
    """Issue 10, item 1: Next clicked with the mouse keeps no focus that Space could press again."""
    _, _, console = console_with_queue(server, pages, peers, ["Amina", "Bo", "Chen"])
    console.click("#next-speaker")
    expect(speaker(console)).to_have_text("Amina")
    console.keyboard.press(" ")
    expect(console.locator("#timer")).to_have_class(re.compile(r"\bis-paused\b"))
    console.keyboard.press("Enter")  # nothing has focus to press
    console.wait_for_timeout(600)
    expect(speaker(console)).to_have_text("Amina")
    expect(console.locator("#queue li[data-entry-id] .entry-label")).to_have_text(["Bo", "Chen"])
    console.keyboard.press(" ")
    expect(console.locator("#timer")).not_to_have_class(re.compile(r"\bis-paused\b"))
    pages.check()


def test_a_hasty_second_next_waits_for_one_more_press(server, pages, peers):
    _, _, console = console_with_queue(server, pages, peers, ["Amina", "Bo", "Chen"])
    console.click("#next-speaker")
    expect(speaker(console)).to_have_text("Amina")
    console.keyboard.press("n")  # the turn is under 3 s old: asked, not done
    expect(console.locator("#status")).to_have_text(tr(console, "confirm_next"))
    console.wait_for_timeout(500)
    expect(speaker(console)).to_have_text("Amina")
    console.keyboard.press("n")
    expect(speaker(console)).to_have_text("Bo")
    expect(console.locator("#status")).to_have_text(tr(console, "next_is", label="Bo"))
    console.keyboard.press("j")  # any other key answers no
    console.keyboard.press("n")
    expect(console.locator("#status")).to_have_text(tr(console, "confirm_next"))
    console.keyboard.press("Escape")
    console.keyboard.press("k")
    console.wait_for_timeout(300)
    expect(speaker(console)).to_have_text("Bo")
    pages.check()


def rows_in_view(console) -> int:
    """Queue rows wholly inside both the queue's scroll box and the window."""
    return console.evaluate("""() => {
        const list = document.getElementById('queue').getBoundingClientRect();
        const bottom = Math.min(list.bottom, innerHeight);
        return [...document.querySelectorAll('#queue li')].filter(li => {
            const r = li.getBoundingClientRect();
            return r.top >= list.top - 1 && r.bottom <= bottom + 1 && r.height > 0;
        }).length;
    }""")


def in_view(page, selector: str) -> bool:
    return page.evaluate("""s => { const r = document.querySelector(s).getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; }""", selector)


def test_thirty_in_the_queue_fit_a_1366x768_laptop_with_the_floor_always_in_view(server, pages, peers):
    """Issue 10, item 2."""
    labels = [f"P{i + 10}" if i % 3 else f"woman in the red scarf by the window, row {i}" for i in range(30)]
    code, moderator, console = console_with_queue(server, pages, peers, labels)
    moderator.ok("next_speaker")
    expect(speaker(console)).to_have_text(labels[0])
    screenshot(console, "console-30-first")
    assert rows_in_view(console) >= 10, f"only {rows_in_view(console)} queue rows are visible at 1366x768"
    for selector in ("#speaker-label", "#timer", "#next-speaker", "#pause-turn", "#undo", "#status"):
        assert in_view(console, selector), f"{selector} is not in view"

    for _ in range(25):  # j walks down the queue; the selected row stays in view
        console.keyboard.press("j")
    expect(console.locator("#queue li.is-selected .entry-pos")).to_have_text("25.")
    assert console.evaluate("""() => { const li = document.querySelector('#queue li.is-selected').getBoundingClientRect();
        const list = document.getElementById('queue').getBoundingClientRect();
        return li.top >= list.top - 1 && li.bottom <= list.bottom + 1; }"""), "the selected row scrolled out of view"
    selected = console.locator("#queue li.is-selected")
    for action in ("up", "down", "remove", "floor", "menu"):
        expect(selected.locator(f'[data-action="{action}"]')).to_be_visible()

    console.locator("#moderation-panel").scroll_into_view_if_needed()
    console.evaluate("() => document.querySelectorAll('.column').forEach(c => c.scrollTop = c.scrollHeight)")
    for selector in ("#timer", "#next-speaker", "#speaker-label"):
        assert in_view(console, selector), f"{selector} scrolled away with the moderation panel"
    screenshot(console, "console-30-queued")

    # The row menu: the same actions for any row, by mouse.
    row = console.locator("#queue li[data-entry-id]").nth(2)
    name = row.locator(".entry-label").text_content()
    row.locator('[data-action="menu"]').click()
    menu = console.locator("#entry-menu")
    expect(menu).to_be_visible()
    assert in_view(console, "#entry-menu")
    menu.locator('[data-action="up"]').click()
    expect(console.locator("#queue li[data-entry-id]").nth(1).locator(".entry-label")).to_have_text(name)

    console.keyboard.press("?")
    expect(console.locator("#help")).to_be_visible()
    assert in_view(console, "#help"), "the shortcuts help does not fit the screen"
    assert console.evaluate("() => { const h = document.getElementById('help'); return h.scrollHeight <= h.clientHeight + 1; }"), \
        "the shortcuts help needs scrolling at 1366x768"
    screenshot(console, "console-help")
    pages.check()


def test_status_messages_say_what_happened_in_words_and_expire(server, pages, peers):
    """Issue 10, item 3; the pending badge hidden at zero (item 11); exports never replace the console (item 10)."""
    code = server.create_forum(title="Status", questions=["Housing?", "Work?"])
    moderator = peers(code, "moderator", key=server.key)
    for label in ("P10", "P11"):
        moderator.ok("add_speaker", {"label": label, "lang": "ar"})
    console = pages.open("console", None, LAPTOP)
    console.clock.install()
    console.goto(f"{server.url}/m/{code}?key={server.key}")
    wait_live(console)
    status = console.locator("#status")
    expect(console.locator("#pending-badge")).to_be_hidden()
    for link in console.locator(".export-links a").all():
        assert link.get_attribute("download") is not None or link.get_attribute("target") == "_blank", link

    console.keyboard.press("n")
    expect(speaker(console)).to_have_text("P10")
    expect(status).to_have_text(tr(console, "next_is", label="P10"))
    moderator.ok("end_turn")  # elsewhere: "Now speaking: P10" is no longer true
    expect(status).to_have_text("")

    moderator.ok("start_turn")  # P10 has spoken; P11 is at the head of the queue
    expect(speaker(console)).to_have_text("P11")
    console.keyboard.press("z")
    what = tr(console, "undo_TurnStarted", label="P11")
    expect(status).to_have_text(tr(console, "undone", what=what))
    console.clock.fast_forward(7000)
    expect(status).to_have_text("")
    expect(speaker(console)).to_have_class(re.compile(r"\bis-idle\b"))  # the undo has reached the page

    moderator.ok("start_turn")
    expect(speaker(console)).to_have_text("P11")
    console.keyboard.press("2")
    expect(status).to_have_text(tr(console, "question_set_turn_ended", n=2, label="P11"))
    console.keyboard.press("f")
    expect(status).to_have_text(tr(console, "round_on"))
    expect(console.locator("#round-toggle")).to_have_attribute("aria-pressed", "true")
    console.keyboard.press("f")
    expect(status).to_have_text(tr(console, "round_off"))
    pages.check()


def test_the_offline_notices_clear_themselves_once_the_connection_is_back(browser, tmp_path):
    """Issue 10, item 3: the console's banner and the phone's offline toast go away by themselves."""
    srv = Server(tmp_path / "data").start()
    opened = Pages(browser, srv.url)
    try:
        code = srv.create_forum(title="Offline", questions=["Q?"])
        phone = opened.open("phone", f"/j/{code}", PHONE, allow=("ERR_CONNECTION_REFUSED", "WebSocket"))
        console = opened.open("console", f"/m/{code}?key={srv.key}", LAPTOP, allow=("ERR_CONNECTION_REFUSED", "WebSocket"))
        for page in (phone, console):
            wait_live(page)
        srv.kill()
        for page in (phone, console):
            expect(page.locator("#conn-banner")).to_be_visible(timeout=30_000)
        phone.click("#raise-hand")
        expect(phone.locator("#status")).to_have_text(re.compile(re.escape(tr(phone, "offline"))))
        srv = Server(tmp_path / "data", port=srv.port).start()
        for page in (phone, console):
            expect(page.locator("#conn-banner")).to_be_hidden(timeout=15_000)
        expect(phone.locator("#status")).to_have_text("")
        phone.click("#raise-hand")
        expect(phone.locator("#raise-hand")).to_have_attribute("aria-pressed", "true")
    finally:
        opened.close()
        srv.stop()
