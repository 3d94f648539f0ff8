"""The review status in headless Chromium on the real server: a phone in Tigrinya (a draft) shows the
draft note in Tigrinya, the board in Tigrinya shows nothing of it, and the console lists each language's
status. Screenshots (390x844 phone) go to artifacts/screens/ for a person to look at.
"""
from __future__ import annotations

import pytest

from tests.browser_support import (LAPTOP, PHONE, PROJECTOR, browser, pages, screenshot, server,  # noqa: F401
                                   wait_live)
from tests.e2e_support import KEY

pytestmark = pytest.mark.browser

NOTE_TI = "እዚ ገጽ ንድፊ ትርጉም እዩ። ዝኾነ ቃል ጌጋ ወይ ዘይንጹር እንተኾይኑ፡ በጃኹም ንኣወሃሃዲ ሓብሩ።"


def test_a_tigrinya_phone_says_it_is_a_draft_and_the_board_does_not(server, pages):
    code = server.create_forum(title="ኣኼባ ከተማ", questions=["ከመይ ጌርና ስራሕ ንረክብ?"])
    phone = pages.open("phone-ti", f"/j/{code}?lang=ti", PHONE)
    board = pages.open("board-ti", f"/b/{code}?lang=ti", PROJECTOR)
    wait_live(phone)
    wait_live(board)
    note = phone.locator("#draft-note")
    assert note.is_visible() and note.inner_text().strip() == NOTE_TI
    assert note.get_attribute("role") == "note"
    box = note.bounding_box()
    assert box["y"] < 844 and box["width"] <= 390  # on the first screen, within the phone's width
    assert phone.locator("html").get_attribute("lang") == "ti"
    screenshot(phone, "phone-ti-draft-note")
    assert board.locator("#draft-note, .draft-note, #language-review").count() == 0
    assert "ንድፊ" not in board.inner_text("body")  # not a word of it, in any element
    screenshot(board, "board-ti-no-draft-note")
    english = pages.open("phone-en", f"/j/{code}?lang=en", PHONE)
    wait_live(english)
    assert english.locator("#draft-note").count() == 0
    pages.check()


def test_the_console_lists_which_languages_are_reviewed(server, pages):
    code = server.create_forum(title="Console", questions=["Q"])
    console = pages.open("console", f"/m/{code}?key={KEY}", LAPTOP)
    wait_live(console)
    review = console.locator("#language-review")
    review.locator("summary").click()
    rows = review.locator("li")
    assert rows.count() == 12
    assert review.locator('li[data-lang="ti"]').get_attribute("data-review") == "draft"
    assert review.locator('li[data-lang="en"]').get_attribute("data-review") == "source"
    assert "draft" in review.locator('li[data-lang="ti"]').inner_text()
    review.scroll_into_view_if_needed()
    screenshot(console, "console-language-review")
    home = pages.open("console-home", f"/m/?key={KEY}", LAPTOP)
    assert home.locator("#language-review").get_attribute("open") is not None
    assert home.locator('#language-review li[data-lang="so"]').is_visible()
    pages.check()
