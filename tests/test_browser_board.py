"""The projected board and the interpreters' view with long content at every screen size from 1024x768
to 3840x2160: the QR code and the join link always whole, lists that drop items rather than cut them
(issue 10, items 4-6)."""
from __future__ import annotations

import re

import pytest

from tests.browser_support import browser, pages, peers, screenshot, server, sync_playwright, tr, wait_live  # noqa: F401

pytestmark = pytest.mark.browser

SIZES = [(1024, 768), (1280, 720), (1920, 1080), (3840, 2160)]
LONG_QUESTION = ("How can the city, together with employers, schools and the associations of the neighbourhood, "
                 "make it easier for people who arrived in the last five years to find a first job that matches "
                 "what they already know, and what should change first?")
TRANSLATIONS = {
    "sv": "Hur kan staden, tillsammans med arbetsgivare, skolor och föreningar, göra det lättare att hitta ett första jobb?",
    "ar": "كيف يمكن للمدينة، مع أصحاب العمل والمدارس والجمعيات، أن تسهل على القادمين الجدد إيجاد أول عمل؟",
    "fa": "شهر چگونه می‌تواند همراه با کارفرمایان، مدارس و انجمن‌ها پیدا کردن اولین کار را آسان‌تر کند؟",
    "so": "Sidee buu magaaladu, iyadoo la kaashanaysa loo-shaqeeyayaasha iyo dugsiyada, u fududayn kartaa shaqada koowaad?",
    "ti": "ከተማ ምስ ኣስራሕቲ፡ ኣብያተ ትምህርቲን ማሕበራትን ብምትሕብባር ቀዳማይ ስራሕ ንምርካብ ብኸመይ ከተቃልል ትኽእል?",
    "uk": "Як місто разом із роботодавцями, школами та об'єднаннями може полегшити пошук першої роботи?",
}
WALK_IN = "woman in the red scarf by the window on the left side, row 3, with a boy"
LANGS = ["ti", "ar", "so", "prs", "uk", "fa", "sv", "tr", "fr", "es", "de", "en"]


def expect(locator):
    return sync_playwright()[1](locator)


@pytest.fixture(scope="module")
def long_forum(server):
    """A forum full of long texts: a long question in six translations, a long walk-in speaking,
    twelve waiting, ten 500-character suggestions with votes."""
    from tests.e2e_support import Peer
    code = server.create_forum(title="A forum with a long title on work, language and everything", questions=[LONG_QUESTION])
    made = []

    def join(role, **fields):
        peer = Peer(server.url)
        made.append(peer)
        assert peer.join(code, role, **fields)["ok"]
        return peer

    moderator = join("moderator", key=server.key)
    for lang, text in TRANSLATIONS.items():
        moderator.ok("set_question_translation", {"index": 0, "lang": lang, "text": text})
    moderator.ok("add_speaker", {"label": WALK_IN, "lang": "ti"})
    for i, lang in enumerate(LANGS):
        moderator.ok("add_speaker", {"label": f"{WALK_IN[:70]} ({i})" if i % 2 else f"P{i + 10}", "lang": lang})
    moderator.ok("next_speaker")
    phones = [join("participant") for _ in range(10)]
    for i in range(10):
        text = (f"Suggestion {i}: " + "evening language cafés at the library with childcare and mentors " * 8)[:500]
        sid = phones[i].ok("suggest", {"text": text})["suggestion_id"]
        moderator.ok("translate_suggestion", {"suggestion_id": sid, "lang": "en", "text": "Translated: " + text[:300]})
        for phone in phones[9 - i % 4:]:
            phone.call("vote", {"suggestion_id": sid})  # some run out of votes: a few tallies are enough
    moderator.ok("first_timers_round", {"on": True})
    yield code
    for peer in made:
        peer.close()


def cut_items(page) -> list[str]:
    """List items (and the QR code and join link) not wholly inside the window and their panel."""
    return page.evaluate("""() => {
        const out = [];
        const inside = (r, box) => r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5 &&
                                   r.left >= box.left - 0.5 && r.right <= box.right + 0.5;
        const screen = {top: 0, left: 0, bottom: innerHeight, right: innerWidth};
        for (const id of ['qr', 'join-url', 'timer', 'speaker-label']) {
            const r = document.getElementById(id).getBoundingClientRect();
            if (!r.height || !inside(r, screen)) out.push(id + ' ' + JSON.stringify(r));
        }
        for (const li of document.querySelectorAll('#next-speakers li, #top-suggestions li, #question-translations li')) {
            const r = li.getBoundingClientRect();
            const panel = li.closest('section').getBoundingClientRect();
            if (!inside(r, screen) || !inside(r, panel)) out.push(li.closest('ol, ul').id + ': ' + li.textContent.slice(0, 40));
        }
        return out;
    }""")


@pytest.mark.parametrize("width, height", SIZES)
def test_the_board_never_clips_its_qr_code_or_a_list_item(server, pages, long_forum, width, height):
    board = pages.open("board", f"/b/{long_forum}", viewport={"width": width, "height": height})
    wait_live(board)
    expect(board.locator("#top-suggestions li").first).to_be_visible()
    board.wait_for_timeout(1200)  # the suggestions settle once a second
    assert board.evaluate("() => document.getElementById('qr').naturalWidth") > 0
    assert cut_items(board) == [], f"cut at {width}x{height}"
    shown = board.evaluate("""() => ({next: document.querySelectorAll('#next-speakers li').length,
                                      suggestions: document.querySelectorAll('#top-suggestions li').length})""")
    assert shown["next"] >= 2 and shown["suggestions"] >= 2, (width, height, shown)
    expect(board.locator("#round-note")).to_be_visible()
    expect(board.locator("#speaker-lang")).to_have_text(
        board.evaluate("async () => (await import('/static/js/lib/languages.js')).langLabel('ti')"))
    screenshot(board, f"board-{width}x{height}")
    pages.check()


def test_the_interpreters_view_shows_the_clock_the_next_ten_and_who_waits_per_language(server, pages, long_forum):
    view = pages.open("interpreters", f"/b/{long_forum}?view=interpreters", viewport={"width": 1920, "height": 1080})
    wait_live(view)
    expect(view.locator("#timer")).to_be_visible()
    expect(view.locator("#timer .timer-digits")).to_have_text(re.compile(r"^\d+:\d\d$"))
    expect(view.locator("#speaker-mode")).to_have_text(tr(view, "mode_speaking"))
    expect(view.locator("#next-speakers li")).to_have_count(10)
    waiting = view.locator("#waiting-langs")
    expect(waiting).to_contain_text(tr(view, "waiting_by_lang"))
    local = view.evaluate("async () => (await import('/static/js/lib/languages.js')).langLocal('ar')")
    expect(waiting).to_contain_text(f"1 {local}")
    assert cut_items(view) == [] or all(i.startswith(("qr", "join-url")) for i in cut_items(view))
    screenshot(view, "interpreters-1920x1080")
    pages.check()
