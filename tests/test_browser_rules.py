"""The live-night rules where their users meet them, in headless Chromium: the console's controls for
joining, the hall's count, the queue, suggestions and voting apart, lowering all hands, the turn cap,
names and languages on the board, fairness by language and redaction (issues 8.4, 8.6 and 10)."""
from __future__ import annotations

import re

import pytest

from tests.browser_support import (LAPTOP, PHONE, browser, pages, peers, screenshot, server, sync_playwright, tr,  # noqa: F401
                                   wait_live)
from tests.e2e_support import Peer, refused, wait_until

pytestmark = pytest.mark.browser


def expect(locator):
    return sync_playwright()[1](locator)


def open_console(server, pages, code):
    console = pages.open("console", f"/m/{code}?key={server.key}", LAPTOP)
    wait_live(console)
    return console


def forum_of(moderator) -> dict:
    return moderator.state()


def test_the_hall_joining_and_the_integrity_figure_from_the_console(server, pages, peers):
    """Issue 8.4: the moderator counts the hall, sees phones against it, and closes joining (o)."""
    code = server.create_forum(title="Hall", questions=["Housing?"])
    moderator = peers(code, "moderator", key=server.key)
    phones = [peers(code, "participant", lang=lang) for lang in ("ar", "ar", "ti")]
    s1 = phones[0].ok("suggest", {"text": "Evening courses"})["suggestion_id"]
    phones[1].ok("vote", {"suggestion_id": s1})
    console = open_console(server, pages, code)
    expect(console.locator("#room-phones")).to_have_text("3")
    expect(console.locator("#room-voters")).to_have_text("1")
    expect(console.locator("#room-integrity")).to_have_text(tr(console, "integrity_uncounted"))

    console.fill("#room-present", "2")
    console.press("#room-present", "Enter")
    expect(console.locator("#room-integrity")).to_contain_text(tr(console, "integrity_excess", n=1))
    expect(console.locator("#room-integrity")).to_have_class(re.compile(r"\bis-warning\b"))
    wait_until(lambda: forum_of(moderator)["room"]["present"] == 2, message="attendance saved")

    console.keyboard.press("o")
    expect(console.locator("#joining-toggle")).to_have_attribute("aria-pressed", "false")
    expect(console.locator("#status")).to_have_text(tr(console, "joining_closed_said"))
    stranger = Peer(server.url)
    try:
        assert refused(stranger.join(code, "participant", lang="sv"))
        assert stranger.join(code, "participant", token=phones[2].token)["ok"], "a known phone must rejoin"
    finally:
        stranger.close()
    console.click("#joining-toggle")
    expect(console.locator("#joining-toggle")).to_have_attribute("aria-pressed", "true")
    pages.check()


def test_queue_suggestions_and_voting_close_apart_and_all_hands_lower_with_a_confirm_and_undo(server, pages, peers):
    """Issue 10, item 9 and OpenSlides' closed list, lower all hands (undoable)."""
    code = server.create_forum(title="Floor", questions=["Housing?", "Work?"])
    moderator = peers(code, "moderator", key=server.key)
    phones = [peers(code, "participant", lang="ar") for _ in range(3)]
    for phone in phones[:2]:
        phone.ok("hand_raise", {"lang": "ar"})
    console = open_console(server, pages, code)
    expect(console.locator("#queue li[data-entry-id]")).to_have_count(2)

    console.keyboard.press("q")
    expect(console.locator("#queue-toggle")).to_have_attribute("aria-pressed", "false")
    expect(console.locator("#queue-closed-badge")).to_be_visible()
    assert refused(phones[2].call("hand_raise", {"lang": "ar"}))
    console.keyboard.press("q")
    expect(console.locator("#queue-closed-badge")).to_be_hidden()

    console.keyboard.press("w")
    expect(console.locator("#suggestions-toggle")).to_have_attribute("aria-pressed", "false")
    expect(console.locator("#voting-toggle")).to_have_attribute("aria-pressed", "true")
    assert refused(phones[2].call("suggest", {"text": "Too late"}))
    console.keyboard.press("v")
    expect(console.locator("#voting-toggle")).to_have_attribute("aria-pressed", "false")
    state = forum_of(moderator)
    assert state["voting"]["open"] is False and state["voting"]["suggestions_open"] is False

    console.keyboard.press("l")
    dialog = console.locator("#confirm-lower")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(tr(console, "lower_all_ask", n=2))
    console.keyboard.press("Escape")  # a second thought: nothing happens
    expect(dialog).to_be_hidden()
    console.wait_for_timeout(300)
    expect(console.locator("#queue li[data-entry-id]")).to_have_count(2)
    console.keyboard.press("l")
    dialog.get_by_role("button", name=tr(console, "cancel")).wait_for()
    dialog.locator('button[value="yes"]').click()
    expect(console.locator("#queue li[data-entry-id]")).to_have_count(0)
    expect(console.locator("#status")).to_have_text(tr(console, "lowered_all"))
    expect(console.locator("#undo")).to_have_attribute("title", tr(console, "undo_what", what=tr(console, "undo_AllHandsLowered")))
    console.keyboard.press("z")
    expect(console.locator("#queue li[data-entry-id]")).to_have_count(2)
    pages.check()


def test_settings_turn_cap_names_and_board_languages_suggested_from_the_phones(server, pages, peers):
    """Issue 10, items 5 and 8; the cap on turns per person per question."""
    code = server.create_forum(title="Settings", questions=["Housing?"])
    moderator = peers(code, "moderator", key=server.key)
    for lang in ("ti", "ti", "ar", "so", "sv"):
        peers(code, "participant", lang=lang)
    console = open_console(server, pages, code)
    console.locator("#settings-panel").scroll_into_view_if_needed()
    console.fill("#set-max-turns", "2")
    console.press("#set-max-turns", "Tab")
    console.check("#set-names")
    suggest = console.locator("#board-lang-suggest")
    expect(suggest).to_be_enabled()
    first = console.locator("#board-lang-list li").first
    expect(first.locator("input")).to_have_value("ti")  # the most used language comes first
    suggest.click()
    wait_until(lambda: forum_of(moderator)["forum"]["board_languages"] == ["ti", "ar", "so", "sv"],
               message="the suggested board languages saved")
    forum = forum_of(moderator)["forum"]
    assert forum["max_turns"] == 2 and forum["names_on_board"] is True
    expect(suggest).to_be_disabled()
    console.click("#board-lang-en")  # a fifth is refused in words, and not saved
    expect(console.locator("#status")).to_have_text("⚠ " + tr(console, "board_langs_max"))
    expect(console.locator("#board-lang-en")).not_to_be_checked()
    console.uncheck("#board-lang-sv")
    wait_until(lambda: forum_of(moderator)["forum"]["board_languages"] == ["ti", "ar", "so"], message="sv removed")
    pages.check()


def test_fairness_by_language_and_redacting_a_suggestion_from_the_console(server, pages, peers):
    """Issue 10, item 12 and issue 8.6, where the moderator meets them."""
    code = server.create_forum(title="Groups", questions=["Housing?"])
    moderator = peers(code, "moderator", key=server.key)
    arabic = [peers(code, "participant", lang="ar") for _ in range(3)]
    tigrinya = peers(code, "participant", lang="ti")
    for phone in arabic:
        phone.ok("hand_raise", {"lang": "ar"})
    tigrinya.ok("hand_raise", {"lang": "ti"})
    moderator.ok("start_turn", {"entry_id": tigrinya.state()["me"]["entry_id"]})
    secret = "Call me on 0701234567"
    sid = arabic[0].ok("suggest", {"text": secret})["suggestion_id"]
    console = open_console(server, pages, code)
    rows = console.locator("#fair-langs tbody tr")
    expect(rows).to_have_count(2)
    expect(console.locator("#fair-langs tbody tr.is-behind")).to_have_count(1)
    expect(console.locator("#fair-langs tbody tr.is-behind")).to_contain_text(tr(console, "speaks_less"))

    item = console.locator(f'#moderation [data-key="{sid}"]')
    expect(item).to_contain_text(secret)
    item.locator('[data-action="redact"]').click()
    expect(item.locator(".mod-warning")).to_have_text(tr(console, "redact_warning"))
    item.get_by_role("button", name=tr(console, "redact_confirm")).click()
    expect(item).to_contain_text(tr(console, "redacted"))
    expect(item).not_to_contain_text(secret)
    s = next(s for s in forum_of(moderator)["moderation"]["suggestions"] if s["id"] == sid)
    assert s["redacted"] is True and s["text"] == ""
    pages.check()


# ---------------------------------------------------------------------------------------------------
# the phone (390x844, Arabic: right to left)

def phone_page(pages, code, name="phone"):
    phone = pages.open(name, f"/j/{code}?lang=ar", PHONE)
    wait_live(phone)
    return phone


def my_entry(moderator, label) -> int:
    return next(e["entry_id"] for e in moderator.state()["queue"] if e["label"] == label)


def test_a_phone_says_why_before_anyone_types_or_taps_and_tells_of_a_hand_taken(server, pages, peers):
    """Issue 10, items 7 and 9; the closed queue and the cap on turns, on the phone in its language."""
    code = server.create_forum(title="Phone rules", questions=["Housing?", "Work?"])
    moderator = peers(code, "moderator", key=server.key)
    other = peers(code, "participant", lang="ti")
    sid = other.ok("suggest", {"text": "Evening courses"})["suggestion_id"]
    phone = phone_page(pages, code)
    assert phone.evaluate("() => document.documentElement.dir") == "rtl"
    label = phone.locator("#me-label bdi").text_content()

    moderator.ok("set_suggestions", {"open": False})
    expect(phone.locator("#suggestions-closed")).to_be_visible()
    expect(phone.locator("#suggest-text")).to_be_disabled()
    expect(phone.locator("#suggestions li[data-id] [data-action=vote]")).to_be_enabled()  # voting is apart
    moderator.ok("set_voting", {"open": False})
    expect(phone.locator("#voting-closed")).to_be_visible()
    expect(phone.locator("#suggestions li[data-id] [data-action=vote]")).to_be_disabled()
    moderator.ok("set_suggestions", {"open": True})
    expect(phone.locator("#suggest-text")).to_be_enabled()

    moderator.ok("set_queue_open", {"open": False})
    expect(phone.locator("#hand-blocked")).to_have_text(re.compile(re.escape(tr(phone, "blocked_queue_closed"))))
    expect(phone.locator("#raise-hand")).to_be_disabled()
    moderator.ok("set_queue_open", {"open": True})
    expect(phone.locator("#raise-hand")).to_be_enabled()
    expect(phone.locator("#hand-blocked")).to_be_hidden()

    phone.click("#raise-hand")
    expect(phone.locator("#raise-hand")).to_have_attribute("aria-pressed", "true")
    moderator.ok("remove_entry", {"entry_id": my_entry(moderator, label)})
    expect(phone.locator("#notice-text")).to_have_text(tr(phone, "removed_removed"))
    expect(phone.locator("#my-position")).to_have_text(tr(phone, "removed_removed"))
    phone.click("#notice-ok")
    phone.wait_for_timeout(3200)  # the raise tap's settling time, so the next tap is not taken for it
    phone.click("#raise-hand")
    expect(phone.locator("#raise-hand")).to_have_attribute("aria-pressed", "true")
    expect(phone.locator("#my-position")).not_to_have_text(tr(phone, "removed_removed"))
    moderator.ok("lower_all_hands")
    expect(phone.locator("#notice-text")).to_have_text(tr(phone, "removed_all_lowered"))
    expect(phone.locator("#raise-hand")).to_have_attribute("aria-pressed", "false")
    moderator.ok("undo")
    expect(phone.locator("#raise-hand")).to_have_attribute("aria-pressed", "true")

    moderator.ok("update_settings", {"max_turns": 1})
    moderator.ok("start_turn")
    moderator.ok("end_turn")
    expect(phone.locator("#hand-blocked")).to_have_text(re.compile(re.escape(tr(phone, "blocked_turn_limit", n=1))))
    expect(phone.locator("#raise-hand")).to_be_disabled()
    moderator.ok("set_question", {"index": 1})  # a new question: the cap starts again
    expect(phone.locator("#raise-hand")).to_be_enabled()
    pages.check()


def test_a_phone_says_where_its_name_goes_and_shows_a_removed_text(server, pages, peers):
    """Issue 10, item 8 and issue 8.6 on the phone."""
    code = server.create_forum(title="Names", questions=["Housing?"])
    moderator = peers(code, "moderator", key=server.key)
    phone = phone_page(pages, code)
    phone.locator(".name-box summary").click()
    off, on = phone.locator('#name-where [data-names="off"]'), phone.locator('#name-where [data-names="on"]')
    expect(off).to_be_visible()
    expect(on).to_be_hidden()
    moderator.ok("update_settings", {"names_on_board": True})
    expect(on).to_be_visible()
    expect(off).to_be_hidden()

    phone.fill("#suggest-text", "My number is 0701234567")
    phone.click("#suggest-send")
    expect(phone.locator("#suggestions li[data-id]")).to_have_count(1)
    sid = int(phone.locator("#suggestions li[data-id]").first.get_attribute("data-id"))
    moderator.ok("redact_suggestion", {"suggestion_id": sid})
    expect(phone.locator("#suggestions li[data-id]")).to_have_count(0)
    expect(phone.locator("#my-pending .is-redacted")).to_have_text(re.compile(re.escape(tr(phone, "redacted"))))
    assert "0701234567" not in phone.content()
    pages.check()


def test_a_new_phone_is_told_plainly_that_joining_is_closed_and_a_known_one_comes_back(server, pages, peers):
    """Issue 8.4: joining closed, on the phone, in its language."""
    code = server.create_forum(title="Door", questions=["Housing?"])
    moderator = peers(code, "moderator", key=server.key)
    known = phone_page(pages, code, "known phone")
    moderator.ok("set_joining", {"open": False})
    new = pages.open("new phone", f"/j/{code}?lang=ar", PHONE)
    card = new.locator("#join-refused")
    expect(card).to_be_visible()
    expect(new.locator("#join-refused-text")).to_have_text(re.compile(r"\S"))
    assert new.evaluate("() => !document.documentElement.classList.contains('is-live')")
    known.reload()
    wait_live(known)  # its token in local storage: it rejoins
    moderator.ok("set_joining", {"open": True})
    new.click("#join-retry")
    wait_live(new)
    expect(card).to_be_hidden()
    pages.check()


# ---------------------------------------------------------------------------------------------------
# the board and the interpreters' view

@pytest.mark.parametrize("width, height", [(1024, 768), (1920, 1080)])
def test_the_board_speaks_the_chosen_languages_and_shows_what_is_closed_without_cutting_anything(
        server, pages, peers, width, height):
    """Issue 10, items 5 and 8 and the closed states, with long texts and a full queue."""
    from tests.test_browser_board import LONG_QUESTION, WALK_IN, cut_items
    code = server.create_forum(title="A forum with a long title on work, language and everything",
                               questions=[LONG_QUESTION])
    moderator = peers(code, "moderator", key=server.key)
    named = peers(code, "participant", lang="ar", name="Amina Yusuf")
    named.ok("hand_raise", {"lang": "ar"})
    for i in range(12):
        moderator.ok("add_speaker", {"label": f"{WALK_IN} ({i})" if i % 3 == 0 else f"W{i}", "lang": "ti"})
    writers = [peers(code, "participant", lang="so") for _ in range(6)]
    for i, writer in enumerate(writers):
        writer.ok("suggest", {"text": (f"Suggestion {i}: " + "evening language cafés with childcare " * 14)[:500]})
    moderator.ok("update_settings", {"board_languages": ["ar", "ti", "so", "sv"]})
    moderator.ok("first_timers_round", {"on": True})
    moderator.ok("set_queue_open", {"open": False})
    moderator.ok("set_suggestions", {"open": False})

    board = pages.open("board", None, viewport={"width": width, "height": height})
    board.clock.install()
    board.goto(f"{server.url}/b/{code}")
    wait_live(board)
    langs = board.locator("#join-langs li bdi")
    expect(langs).to_have_count(4)
    assert [langs.nth(i).get_attribute("lang") for i in range(4)] == ["ar", "ti", "so", "sv"]
    assert langs.nth(0).get_attribute("dir") == "rtl"
    expect(board.locator("#queue-closed-note")).to_be_visible()
    expect(board.locator("#suggestions-closed-note")).to_be_visible()
    expect(board.locator("#round-note")).to_be_visible()
    labels = board.locator("#next-speakers .next-label")
    expect(labels.first).to_have_text(re.compile(r"^P\d+$"))  # a public label, not the name
    assert "Amina" not in board.locator("#board").inner_text()
    board.clock.run_for(1500)
    assert board.evaluate("() => document.getElementById('qr').naturalWidth") > 0
    assert cut_items(board) == [], f"cut at {width}x{height}"
    assert board.locator("#next-speakers li").count() >= 2, "who is next must stay in view"

    heading = board.locator("#next-heading .cycle-text")
    english = heading.text_content()
    board.clock.run_for(5100)  # the headings cycle through the board languages, all in step
    expect(heading).to_have_attribute("lang", "ar")
    expect(board.locator("#queue-closed-note .cycle-text")).to_have_attribute("lang", "ar")
    assert heading.text_content() != english
    assert cut_items(board) == [], f"cut at {width}x{height} once the headings turned to Arabic"
    board.clock.run_for(5000 * 4)
    expect(heading).to_have_text(english)

    moderator.ok("update_settings", {"names_on_board": True})
    expect(labels.first).to_have_text("Amina Yusuf")
    moderator.ok("set_queue_open", {"open": True})
    moderator.ok("set_suggestions", {"open": True})
    expect(board.locator("#queue-closed-note")).to_be_hidden()
    expect(board.locator("#suggestions-closed-note")).to_be_hidden()
    moderator.ok("update_settings", {"board_languages": []})
    expect(board.locator("#join-langs")).to_be_hidden()
    screenshot(board, f"rules-board-{width}x{height}")
    pages.check()
