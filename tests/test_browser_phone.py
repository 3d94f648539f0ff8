"""Phones that know who they are (issue 10, item 7) and speak every script with nothing installed (item 5)."""
from __future__ import annotations

import re

import pytest

from tests.browser_support import (PHONE, browser, describe_violations, pages, peers, run_axe, screenshot,  # noqa: F401
                                   server, sync_playwright, tr, wait_live)

pytestmark = pytest.mark.browser

LONG = ("We need evening language classes at the library, with childcare, so that parents who work during the day "
        "can learn too; the classes should be free, start every month, and have teachers who speak Arabic, Somali, "
        "Tigrinya and Dari, and there should be a mentor programme with people who have found work here already, "
        "so that newcomers can ask them about applications, interviews, and what employers expect in this city.")


def expect(locator):
    return sync_playwright()[1](locator)


def test_a_phone_shows_its_label_and_its_speakers_own_countdown(server, pages, peers):
    code = server.create_forum(title="Phones", questions=["Q?"], turn_seconds=60)
    moderator = peers(code, "moderator", key=server.key)
    phone = pages.open("phone", f"/j/{code}", PHONE)
    other = pages.open("other phone", f"/j/{code}", PHONE)
    for page in (phone, other):
        wait_live(page)
    expect(phone.locator("#me-label")).to_have_text(re.compile(r"\bP\d+\b"))
    label = phone.locator("#me-label bdi").text_content()
    phone.click("#raise-hand")
    expect(phone.locator("#raise-hand")).to_have_attribute("aria-pressed", "true")
    moderator.ok("next_speaker")
    expect(phone.locator("#speaker-now .speaker-label")).to_have_text(label)  # the board's name is the phone's
    expect(phone.locator("#my-timer")).to_be_visible()
    expect(phone.locator("#my-timer .timer-digits")).to_have_text(re.compile(r"^(1:00|0:[0-5]\d)$"))
    expect(other.locator("#my-timer")).to_be_hidden()
    moderator.ok("pause_turn")
    expect(phone.locator("#my-timer .timer-note")).to_have_text(tr(phone, "paused"))
    moderator.ok("end_turn")
    expect(phone.locator("#my-timer")).to_be_hidden()
    pages.check()


def test_most_votes_sorts_and_settles_and_long_suggestions_open_with_more(server, pages, peers):
    code = server.create_forum(title="Sorting", questions=["Q?"])
    writers = [peers(code, "participant") for _ in range(3)]
    ids = [w.ok("suggest", {"text": text})["suggestion_id"] for w, text in zip(writers, ["First", "Second", LONG])]
    phone = pages.open("phone", f"/j/{code}", PHONE)
    wait_live(phone)
    texts = phone.locator("#suggestions li[data-id] .suggestion-text")
    expect(texts).to_have_count(3)
    for voter in writers[:2]:
        voter.ok("vote", {"suggestion_id": ids[2]})
    writers[2].ok("vote", {"suggestion_id": ids[1]})
    # Most votes (pressed by default) re-sorts once the reader has been still for a moment.
    expect(texts.first).to_have_text(LONG, timeout=10_000)
    expect(texts).to_have_text([LONG, "Second", "First"])

    long_item = phone.locator("#suggestions li[data-id]").first
    clamped = long_item.locator(".suggestion-text").bounding_box()["height"]
    more = long_item.locator(".more-button")
    expect(more).to_be_visible()
    expect(more).to_have_text(tr(phone, "more"))
    for short in phone.locator("#suggestions li[data-id]").all()[1:]:
        expect(short.locator(".more-button")).to_be_hidden()
    more.click()
    expect(more).to_have_text(tr(phone, "less"))
    assert long_item.locator(".suggestion-text").bounding_box()["height"] > clamped * 1.3
    phone.click(".sort-button[data-sort=newest]")
    expect(texts).to_have_text([LONG, "Second", "First"])
    pages.check()


@pytest.mark.parametrize("lang, sample, family", [("ti", "ትግርኛ", "FF Noto Sans Ethiopic"),
                                                  ("ar", "العربية", "FF Noto Sans Arabic")])
def test_every_script_is_drawn_with_a_font_the_app_serves(server, pages, lang, sample, family):
    """No boxes for Tigrinya or Arabic even where the laptop has no such font: the app serves its own."""
    code = server.create_forum(title="Fonts", questions=["Q?"])
    phone = pages.open(f"phone ({lang})", f"/j/{code}?lang={lang}", PHONE)
    wait_live(phone)
    phone.evaluate("() => document.fonts.ready")
    faces = phone.evaluate("""f => [...document.fonts].filter(x => x.family.replace(/"/g, '') === f)
                                                   .map(x => x.status)""", family)
    assert "loaded" in faces, f"{family}: {faces}"
    fetched = [url for name, url in pages.requests if url.endswith(".woff2")]
    assert all(url.startswith(server.url + "/static/vendor/fonts/") for url in fetched), fetched
    # This machine has fonts for both scripts (local() finds them); a laptop without them downloads the
    # app's file, which must draw the script itself: loaded on its own here, and checked glyph by glyph.
    file = {"ti": "noto-sans-ethiopic-ethiopic", "ar": "noto-sans-arabic-arabic"}[lang]
    drawn = phone.evaluate("""async ([file, sample]) => {
        const face = new FontFace('served-only', `url(/static/vendor/fonts/${file}-wght-normal.woff2)`);
        document.fonts.add(await face.load());
        const c = document.createElement('canvas').getContext('2d');
        c.font = '40px "served-only", "FF none"';
        const served = c.measureText(sample).width;
        c.font = '40px "FF none"';
        return {status: face.status, served, fallback: c.measureText(sample).width,
                covers: document.fonts.check('40px "served-only"', sample)}; }""", [file, sample])
    assert drawn["status"] == "loaded" and drawn["covers"] and drawn["served"] > 0, drawn
    screenshot(phone, f"phone-{lang}", full_page=True)
    pages.check()


def test_a_phones_first_load_is_small_on_the_wire(server, pages):
    """Issue 10, item 11: HTML, scripts and styles come gzip-compressed; the first load stays near 60 KB."""
    code = server.create_forum(title="Weight", questions=["Q?"])
    phone = pages.open("phone", None, PHONE)
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Network.enable")
    sizes: dict[str, float] = {}
    urls: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    phone.goto(f"{server.url}/j/{code}")
    wait_live(phone)
    phone.wait_for_load_state("networkidle")
    files = {urls[r]: n for r, n in sizes.items() if r in urls and "/socket.io/" not in urls[r]}
    total = sum(files.values())
    listing = "\n".join(f"{n / 1024:6.1f} KB  {url}" for url, n in sorted(files.items(), key=lambda x: -x[1]))
    print(f"\nfirst phone load: {total / 1024:.1f} KB on the wire in {len(files)} files\n{listing}")
    assert total <= 60 * 1024, f"{total / 1024:.1f} KB:\n{listing}"
    pages.check()


def test_an_arabic_phone_reads_the_question_and_suggestions_in_arabic_first_the_original_on_request(server, pages, peers):
    """The phone's own language comes first; the original (the city's words) is one tap away, marked."""
    code = server.create_forum(title="Languages", questions=["How can it get easier to find work?"])
    moderator = peers(code, "moderator", key=server.key)
    writer = peers(code, "participant")
    sid = writer.ok("suggest", {"text": "Evening classes in Swedish"})["suggestion_id"]
    moderator.ok("set_question_translation", {"index": 0, "lang": "ar", "text": "كيف يصبح العثور على عمل أسهل؟"})
    moderator.ok("translate_suggestion", {"suggestion_id": sid, "lang": "ar", "text": "دروس مسائية في اللغة السويدية"})
    phone = pages.open("phone (ar)", f"/j/{code}?lang=ar", PHONE)
    wait_live(phone)
    question = phone.locator("#question")
    expect(question).to_have_text("كيف يصبح العثور على عمل أسهل؟")
    expect(question).to_have_attribute("lang", "ar")
    original, toggle = phone.locator("#question-original"), phone.locator("#question-original-toggle")
    expect(original).to_be_hidden()
    expect(toggle).to_have_text(tr(phone, "show_original"))
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(original).to_be_visible()
    expect(original).to_contain_text("How can it get easier to find work?")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(toggle).to_have_text(tr(phone, "hide_original"))

    item = phone.locator(f"#suggestions li[data-id='{sid}']")
    expect(item.locator(".suggestion-text")).to_have_text("دروس مسائية في اللغة السويدية")
    expect(item.locator(".suggestion-text")).to_have_attribute("lang", "ar")
    expect(item.locator(".suggestion-original")).to_be_hidden()
    item.locator(".original-toggle").click()
    expect(item.locator(".suggestion-original")).to_contain_text("Evening classes in Swedish")
    writer.ok("vote", {"suggestion_id": sid})  # a push re-renders the list: the original stays open
    expect(item.locator(".votes")).to_contain_text("1")
    expect(item.locator(".suggestion-original")).to_be_visible()
    expect(item.locator(".original-toggle")).to_have_attribute("aria-expanded", "true")
    found = run_axe(phone, server.url)
    assert not found, describe_violations("phone (ar) with the originals open", found)

    # A phone in English (no translation): the original alone, and no toggle.
    english = pages.open("phone (en)", f"/j/{code}?lang=en", PHONE)
    wait_live(english)
    expect(english.locator("#question")).to_have_text("How can it get easier to find work?")
    expect(english.locator("#question-original-toggle")).to_be_hidden()
    expect(english.locator(f"#suggestions li[data-id='{sid}'] .original-toggle")).to_have_count(0)
    pages.check()
