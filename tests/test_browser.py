"""The pages in headless Chromium, on the real server: a forum's journey from the phones to the board
and the console, offline-only requests, no JS/CSP error, user text never run as code, axe-core's
WCAG 2.2 AA rules, and a few accessibility checks axe cannot make (touch target, 200% zoom, reduced
motion, the over-time timer in words).

Skips, with the reason, when Chromium or Playwright is missing. Screenshots go to artifacts/screens/.
"""
from __future__ import annotations

import re

import pytest
import requests

from tests.browser_support import (AXE_PATH, LAPTOP, PHONE, PHONE_200, PROJECTOR, axe_violations, browser,  # noqa: F401
                                   describe_violations, horizontal_overflow, lang_name, pages, peers, screenshot,
                                   server, start_axe, sync_playwright, tr, wait_live)

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"
WALK_IN = "<script>alert(2)</script> man by the door"
QUESTIONS = ["How can the city make it easier to find a first job?", "What should change at the language school?"]


def _expect():
    return sync_playwright()[1]


def set_name(phone, name: str) -> None:
    phone.click("details.name-box summary")
    phone.fill("#my-name", name)
    phone.click("#name-form button[type=submit]")
    _expect()(phone.locator("#status")).to_have_text(tr(phone, "name_saved"))


def turn_aged(console) -> None:
    """Wait until the current turn (of 2:00) is over 3 s old, so one `n` passes the floor at once."""
    console.wait_for_function("() => /^(1:[0-5]\\d|0:\\d\\d)$/.test(document.querySelector('#timer .timer-digits').textContent)"
                              " && !/^1:5[7-9]$/.test(document.querySelector('#timer .timer-digits').textContent)",
                              timeout=10_000)


def no_injected_markup(page) -> None:
    """The text was shown, not parsed: no element came out of it."""
    injected = "() => document.querySelectorAll('img[src=\"x\"], body script:not([src]):not([type])').length"
    assert page.evaluate(injected) == 0


# ---------------------------------------------------------------------------------------------------
# the journey


def test_forum_journey_phones_console_board(server, pages):
    expect = _expect()
    code = server.create_forum(title="Migrant forum, Central library", questions=QUESTIONS)

    console = pages.open("console", f"/m/{code}?key={server.key}", LAPTOP)
    board = pages.open("board", f"/b/{code}", PROJECTOR)
    interp = pages.open("interpreters", f"/b/{code}?view=interpreters", PROJECTOR)
    phone_a = pages.open("phone-ar", f"/j/{code}", PHONE)
    phone_b = pages.open("phone-en", f"/j/{code}", PHONE)
    for page in (console, board, interp, phone_a, phone_b):
        wait_live(page)
    expect(console.locator("#question-list li")).to_have_count(2)
    expect(board.locator("#join-url")).to_have_text(re.compile(rf"/j/{code}$"))
    assert board.evaluate("() => document.getElementById('qr').naturalWidth") > 0, "the QR code did not load"
    assert "key=" not in console.url, "the console keeps the moderator key in the address bar"

    # Phone A switches to Arabic with the visible language menu: the page reloads right to left.
    assert phone_a.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == ["en", "ltr"]
    expect(phone_a.locator("#lang-menu")).to_be_visible()
    with phone_a.expect_navigation():
        phone_a.select_option("#lang-select", "ar")
    wait_live(phone_a)
    expect(phone_a.locator("html")).to_have_attribute("dir", "rtl")
    expect(phone_a.locator("html")).to_have_attribute("lang", "ar")
    expect(phone_a.locator("#lang-select")).to_have_value("ar")
    expect(phone_a.locator("#question")).to_have_text(QUESTIONS[0])

    # Both raise a hand, each in the language they will speak.
    set_name(phone_a, "حسن")
    phone_a.select_option("#hand-lang", "ar")
    phone_a.click("#raise-hand")
    expect(phone_a.locator("#raise-hand")).to_have_attribute("aria-pressed", "true")
    expect(phone_a.locator("#my-position")).to_have_text(tr(phone_a, "you_are_next"))
    expect(phone_a.locator("#hand-lang")).to_be_disabled()

    set_name(phone_b, "Amina")
    phone_b.select_option("#hand-lang", "so")
    phone_b.click("#raise-hand")
    expect(phone_b.locator("#raise-hand")).to_have_attribute("aria-pressed", "true")
    expect(phone_b.locator("#my-position")).to_contain_text(re.compile(r"^You are number 2\b"))

    # The console sees both, in order, with their languages; a walk-in is added by a label.
    queue = console.locator("#queue li[data-entry-id]")
    expect(queue).to_have_count(2)
    expect(queue.nth(0).locator(".entry-label")).to_have_text("حسن")
    expect(queue.nth(0).locator(".entry-lang")).to_contain_text(lang_name(console, "ar"))
    expect(queue.nth(1).locator(".entry-label")).to_have_text("Amina")
    expect(queue.nth(1).locator(".entry-lang")).to_contain_text(lang_name(console, "so"))
    console.fill("#add-label", WALK_IN)
    console.select_option("#add-lang", "ti")
    console.click("#add-speaker button[type=submit]")
    expect(queue).to_have_count(3)
    expect(queue.nth(2).locator(".entry-label")).to_have_text(WALK_IN)
    # Each entry's button says whom it gives the floor to, starting with the words it shows (WCAG 2.5.3).
    expect(queue.nth(0).get_by_role("button", name=re.compile(r"^Give floor\W+حسن$"))).to_be_visible()

    # Next (the button): Hassan speaks; the board shows his public label (names are on the console
    # only, unless the forum puts them on the board) and language, then who is next.
    console.click("#next-speaker")
    expect(console.locator("#speaker-label")).to_have_text("حسن")
    expect(queue).to_have_count(2)
    public = re.compile(r"^P\d+$")
    expect(board.locator("#speaker-label")).to_have_text(public)
    hassan = board.locator("#speaker-label").text_content()
    for page in (board, interp):
        expect(page.locator("#speaker-label")).to_have_text(hassan)
        expect(page.locator("#speaker-lang")).to_have_text(lang_name(page, "ar"))
        nxt = page.locator("#next-speakers li")
        expect(nxt).to_have_count(2)
        expect(nxt.nth(0).locator(".next-label")).to_have_text(public)
        assert nxt.nth(0).locator(".next-label").text_content() != hassan
        expect(nxt.nth(0).locator(".next-lang")).to_have_text(lang_name(page, "so"))
        expect(nxt.nth(1).locator(".next-label")).to_have_text(WALK_IN)
        expect(nxt.nth(1).locator(".next-lang")).to_have_text(lang_name(page, "ti"))
    expect(phone_a.locator("#my-position")).to_have_text(tr(phone_a, "you_are_speaking"))
    expect(phone_a.locator("#notice-text")).to_have_text(tr(phone_a, "your_turn"))
    expect(phone_b.locator("#my-position")).to_have_text(tr(phone_b, "you_are_next"))
    expect(phone_b.locator("#speaker-now .speaker-label")).to_have_text(hassan)
    screenshot(interp, "interpreters")  # a speaker and two waiting: what the interpreters work from

    # Next (the `n` key, focus on nothing in particular): Amina speaks. A "next" while the turn is under
    # 3 s old waits for a second press (issue 10), so the turn is let age first.
    console.evaluate("() => document.activeElement && document.activeElement.blur()")
    turn_aged(console)
    console.keyboard.press("n")
    expect(console.locator("#speaker-label")).to_have_text("Amina")
    expect(console.locator("#speaker-lang")).to_contain_text(lang_name(console, "so"))
    for page in (board, interp):
        expect(page.locator("#speaker-label")).to_have_text(public)
        expect(page.locator("#speaker-label")).not_to_have_text(hassan)
        expect(page.locator("#speaker-lang")).to_have_text(lang_name(page, "so"))
        expect(page.locator("#next-speakers li .next-label")).to_have_text([WALK_IN])
    expect(phone_b.locator("#my-position")).to_have_text(tr(phone_b, "you_are_speaking"))
    expect(phone_b.locator("#notice-text")).to_have_text(tr(phone_b, "your_turn"))
    expect(phone_a.locator("#my-position")).to_have_text(tr(phone_a, "hand_down"))
    expect(phone_a.locator("#raise-hand")).to_have_attribute("aria-pressed", "false")
    expect(phone_a.locator("#notice")).to_be_hidden()  # no "It is your turn" once the turn has passed

    # A suggestion that is markup is shown as text everywhere, and never runs.
    phone_b.fill("#suggest-text", XSS)
    phone_b.click("#suggest-send")
    expect(phone_b.locator("#status")).to_have_text(tr(phone_b, "sent"))
    expect(phone_b.locator("#suggest-text")).to_have_value("")
    for page, selector in ((phone_b, "#suggestions li[data-id] .suggestion-text"),
                           (phone_a, "#suggestions li[data-id] .suggestion-text"),
                           (board, "#top-suggestions li .suggestion-text"),
                           (console, "#moderation li .mod-text")):
        expect(page.locator(selector)).to_have_text([XSS])
    for page in (phone_a, phone_b, board, interp, console):
        no_injected_markup(page)

    # Votes: both phones vote; the budget shrinks on each phone; the board and the console count 2.
    expect(phone_a.locator("#votes-left")).to_have_text(tr(phone_a, "votes_left", n=3))
    for phone in (phone_a, phone_b):
        phone.locator("#suggestions li[data-id] .vote").first.click()
        expect(phone.locator("#votes-left")).to_have_text(tr(phone, "votes_left", n=2))
        expect(phone.locator("#suggestions li[data-id]").first).to_have_class(re.compile(r"\bis-voted\b"))
    expect(phone_a.locator("#suggestions li[data-id] .votes")).to_have_text(tr(phone_a, "votes_n", n=2))
    expect(phone_b.locator("#suggestions li[data-id] .votes")).to_have_text("2 votes")
    expect(board.locator("#top-suggestions li .votes-number")).to_have_text(["2"])
    expect(board.locator("#top-suggestions li .votes-word")).to_have_text([tr(board, "votes_word")])
    expect(console.locator("#moderation li .mod-votes")).to_have_text(["2 votes"])
    expect(console.locator("#fair-distinct")).to_have_text("2")

    # The walk-in is given the floor with `n` too, so the board shows an empty queue in words.
    turn_aged(console)
    console.keyboard.press("n")
    expect(board.locator("#speaker-label")).to_have_text(WALK_IN)
    expect(board.locator("#next-empty")).to_be_visible()
    expect(phone_b.locator("#notice")).to_be_hidden()
    for page in (board, interp, console):
        no_injected_markup(page)

    for phone in (phone_a, phone_b):
        phone.evaluate("() => window.scrollTo(0, 0)")
    screenshot(phone_b, "phone-en", full_page=True)
    screenshot(phone_a, "phone-ar", full_page=True)
    screenshot(board, "board")
    screenshot(console, "console", full_page=True)
    pages.check()


# ---------------------------------------------------------------------------------------------------
# axe-core


@pytest.fixture
def busy_forum(server, peers):
    """A forum in mid-session, set up over Socket.IO: a speaker, a queue, suggestions, votes."""
    code = server.create_forum(title="Forum on work and language", questions=QUESTIONS)
    moderator = peers(code, "moderator", key=server.key)
    moderator.ok("update_settings", {"names_on_board": True})  # names in every script, on every screen
    people = [peers(code, "participant", name=name, lang=lang)
              for name, lang in (("Amina", "so"), ("حسن", "ar"), ("Olena", "uk"))]
    for person, lang in zip(people, ("so", "ar", "uk")):
        person.ok("hand_raise", {"lang": lang})
    moderator.ok("add_speaker", {"label": "woman in red scarf, row 3", "lang": "ti"})
    ids = [people[0].ok("suggest", {"text": "Evening language cafés at the library"})["suggestion_id"],
           people[1].ok("suggest", {"text": "نريد دورات لغة مسائية في المكتبة"})["suggestion_id"]]
    for person in people:
        person.ok("vote", {"suggestion_id": ids[0]})
    people[2].ok("vote", {"suggestion_id": ids[1]})
    moderator.ok("next_speaker")
    moderator.ok("set_question_translation",
                 {"index": 0, "lang": "ar", "text": "كيف يمكن للمدينة أن تسهل إيجاد أول عمل؟"})
    return code


def test_axe_wcag22_aa_no_serious_violations(server, pages, busy_forum):
    expect = _expect()
    if requests.get(server.url + AXE_PATH, timeout=10).status_code != 200:
        pytest.skip("axe-core is not in static/vendor/: run `make assets`")
    code, key = busy_forum, server.key
    screens = [  # name, path, device, live page, console errors it is meant to log
        ("phone (en)", f"/j/{code}?lang=en", PHONE, True, ()),
        ("phone (ar)", f"/j/{code}?lang=ar", PHONE, True, ()),
        ("board", f"/b/{code}", PROJECTOR, True, ()),
        ("interpreters' view", f"/b/{code}?view=interpreters", PROJECTOR, True, ()),
        ("console", f"/m/{code}?key={key}", LAPTOP, True, ()),
        ("console start page", f"/m/?key={key}", LAPTOP, False, ()),
        ("report", f"/api/forums/{code}/export.html?key={key}", LAPTOP, False, ()),
        ("landing page", "/", PHONE, False, ()),
        ("moderator key page", "/m/", PHONE, False, ("status of 401",)),  # the key form is served as a 401
    ]
    opened = [(name, pages.open(name, path, device, allow=allow, wait_until="commit"), live)
              for name, path, device, live, allow in screens]
    for name, page, live in opened:
        page.wait_for_load_state("load")
        if live:
            wait_live(page)
    expect(opened[2][1].locator("#top-suggestions li")).to_have_count(2)
    expect(opened[4][1].locator("#queue li[data-entry-id]")).to_have_count(3)
    expect(opened[5][1].locator("#forums tr")).not_to_have_count(0)
    screenshot(opened[4][1], "console-busy", full_page=True)  # a speaker, three waiting, votes, fairness
    for name, page, live in opened:
        start_axe(page, server.url)
    failures = [describe_violations(name, found) for name, page, live in opened if (found := axe_violations(page))]
    assert not failures, "\n\n".join(failures)
    pages.check()


# ---------------------------------------------------------------------------------------------------
# what axe cannot check


def test_interpreters_view_lines_up_languages_and_names(server, pages, busy_forum):
    """Read from the back of the hall: every language in one column, every name in the next, whatever
    the script (the first row is larger, and an Arabic name must not drift to the far right)."""
    interp = pages.open("interpreters' view", f"/b/{busy_forum}?view=interpreters", PROJECTOR)
    wait_live(interp)
    _expect()(interp.locator("#next-speakers li")).to_have_count(3)
    rows = interp.evaluate("""() => [...document.querySelectorAll('#next-speakers li')].map(li => ({
        label: li.querySelector('.next-label').textContent,
        lang: Math.round(li.querySelector('.next-lang').getBoundingClientRect().left),
        name: Math.round(li.querySelector('.next-label').getBoundingClientRect().left)}))""")
    assert rows[0]["label"] == "حسن", rows
    assert len({r["lang"] for r in rows}) == 1 and len({r["name"] for r in rows}) == 1, rows
    assert rows[0]["lang"] < rows[0]["name"], rows
    pages.check()



def test_phone_touch_target_and_200_percent_zoom(server, pages, peers):
    expect = _expect()
    code = server.create_forum(title="A forum with a rather long title for a small screen", questions=QUESTIONS)
    writer = peers(code, "participant")
    writer.ok("suggest", {"text": "Longwordwithoutanyspaceslikeawebaddress-www.example-municipality.se/newcomers/jobs"})

    phone = pages.open("phone", f"/j/{code}", PHONE)
    wait_live(phone)
    box = phone.locator("#raise-hand").bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, f"#raise-hand is {box['width']}x{box['height']} px"

    for lang in ("en", "ar"):
        zoomed = pages.open(f"phone 200% ({lang})", f"/j/{code}?lang={lang}", PHONE_200)
        wait_live(zoomed)
        expect(zoomed.locator("#suggestions li[data-id]")).to_have_count(1)
        raise_hand = zoomed.locator("#raise-hand")
        raise_hand.scroll_into_view_if_needed()
        expect(raise_hand).to_be_visible()
        expect(raise_hand).to_be_in_viewport()
        box = raise_hand.bounding_box()
        assert box["x"] >= -1 and box["x"] + box["width"] <= 195 + 1, f"#raise-hand at 200% ({lang}): {box}"
        raise_hand.click()
        expect(raise_hand).to_have_attribute("aria-pressed", "true")
        zoomed.evaluate("() => window.scrollTo(0, 0)")
        overflow = horizontal_overflow(zoomed)
        assert overflow["scrollWidth"] <= overflow["clientWidth"] + 1, f"scrolls sideways at 200% ({lang}): {overflow}"
        screenshot(zoomed, f"phone-200-{lang}", full_page=True)
    pages.check()


def test_reduced_motion_is_honoured(server, pages, peers):
    """The board is the one screen that moves (new suggestions fade in, reordered ones slide): under
    prefers-reduced-motion they just appear in their place. (The phone and the console have no motion;
    app.css cuts any future animation to 0.01 ms under the same preference.)"""
    expect = _expect()
    code = server.create_forum(title="Motion", questions=QUESTIONS)
    still = pages.open("board (reduced motion)", f"/b/{code}", PROJECTOR, reduced_motion="reduce")
    moving = pages.open("board", f"/b/{code}", PROJECTOR, reduced_motion="no-preference")
    for page in (still, moving):
        wait_live(page)
    reduced = "async () => (await import('/static/js/lib/dom.js')).prefersReducedMotion()"
    assert still.evaluate(reduced) is True
    assert moving.evaluate(reduced) is False

    author = peers(code, "participant")
    author.ok("suggest", {"text": "More mentors"})
    for page in (still, moving):
        expect(page.locator("#top-suggestions li")).to_have_count(1)
    expect(moving.locator("#top-suggestions li")).to_have_class(re.compile(r"\bis-new\b"))
    expect(still.locator("#top-suggestions li")).not_to_have_class(re.compile(r"\bis-new\b"))

    later = peers(code, "participant").ok("suggest", {"text": "Evening courses"})["suggestion_id"]
    for page in (still, moving):
        expect(page.locator("#top-suggestions li .suggestion-text")).to_have_text(["More mentors", "Evening courses"])
    for _ in range(2):  # two votes move the later suggestion to the top
        peers(code, "participant").ok("vote", {"suggestion_id": later})
    slide = "() => document.getAnimations().some(a => a.transitionProperty === 'transform')"
    moving.wait_for_function(slide, polling="raf")
    expect(still.locator("#top-suggestions li .suggestion-text")).to_have_text(["Evening courses", "More mentors"])
    running = still.evaluate("""() => document.getAnimations()
        .filter(a => (a.effect.getComputedTiming().duration || 0) > 1)
        .map(a => a.transitionProperty || a.animationName)""")
    assert running == [], f"animations under prefers-reduced-motion: {running}"
    pages.check()


def test_timer_past_its_limit_says_so_in_words(server, pages, peers):
    """Over time is shown by text ("+0:01 OVER TIME") and a class, not by colour alone.

    The pages tick the countdown locally from the server's elapsed time, so the browser's clock is
    moved forward 12 s instead of waiting for a 10 s turn to run out.
    """
    expect = _expect()
    code = server.create_forum(title="Timer", questions=QUESTIONS, turn_seconds=10)
    board = pages.open("board", None, PROJECTOR)
    console = pages.open("console", None, LAPTOP)
    for page, path in ((board, f"/b/{code}"), (console, f"/m/{code}?key={server.key}")):
        page.clock.install()
        page.goto(server.url + path)
        wait_live(page)
    speaker = peers(code, "participant", name="Amina")
    speaker.ok("hand_raise", {"lang": "so"})
    peers(code, "moderator", key=server.key).ok("next_speaker")

    for page, timer in ((board, "#timer"), (console, "#timer")):
        expect(page.locator(f"{timer} .timer-digits")).to_have_text(re.compile(r"^0:(10|0\d)$"))
        expect(page.locator(f"{timer} .timer-note")).to_have_text(tr(page, "last_seconds"))
        expect(page.locator(timer)).not_to_have_class(re.compile(r"\bis-over\b"))
    for page in (board, console):
        page.clock.fast_forward(12_000)
    for page, timer in ((board, "#timer"), (console, "#timer")):
        expect(page.locator(f"{timer} .timer-digits")).to_have_text(re.compile(r"^\+0:0\d$"))
        expect(page.locator(f"{timer} .timer-note")).to_have_text(tr(page, "over_time"))
        expect(page.locator(timer)).to_have_class(re.compile(r"\bis-over\b"))
    screenshot(board, "board-over-time")
    pages.check()


def test_csp_blocks_inline_script_and_the_watchers_report_it(server, pages):
    """The checks above are not vacuous: the CSP is enforced, and a violation shows up as an error."""
    code = server.create_forum(title="CSP", questions=QUESTIONS)
    assert "script-src 'self'" in requests.get(f"{server.url}/j/{code}", timeout=10).headers["Content-Security-Policy"]
    phone = pages.open("phone", f"/j/{code}", PHONE)
    wait_live(phone)
    with pytest.raises(Exception, match="Content Security Policy"):
        phone.add_script_tag(content="window.__inline = 1")
    assert phone.evaluate("() => window.__inline") is None
    assert any("Content Security Policy" in e for e in pages.errors), pages.errors
    with pytest.raises(AssertionError, match="console errors"):
        pages.check()
