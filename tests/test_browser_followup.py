"""The whole after-life of a forum, in headless Chromium on the real server (issue 11's "done when"):
a forum with suggestions and a closing round → the moderator ends it → a core-team member writes two
recommendations linked to them on the follow-up page → presented → one assigned and implemented, one
declined with a reason → the newsletter draft lists both with their status → a phone that kept its
token opens the join link and sees them in Arabic, its own suggestion marked → export and re-import
keep it all. Every page is checked with axe-core and for offline-only requests and JS errors.
"""
from __future__ import annotations

import json
from datetime import datetime

import pytest
import requests

from facilitator.cli import main
from tests.browser_support import (LAPTOP, PHONE, axe_violations, browser, describe_violations, pages,  # noqa: F401
                                   peers, screenshot, server, start_axe, sync_playwright, tr, wait_live)

pytestmark = pytest.mark.browser

MINE = "More Swedish classes in the evening"
OTHERS = ["A youth centre in Husby", "Night buses on weekdays", "Interpreters at the health centre"]


def api(server, method: str, path: str, key: str | None = None, **body):
    response = requests.request(method, server.url + path, json=body or None, timeout=10,
                                headers={"X-Moderator-Key": key or server.key})
    return response


def ok(response, status: int = 200):
    assert response.status_code == status, response.text
    return response.json()


def axe_clean(pages, server, named_pages) -> None:
    for page in named_pages.values():
        start_axe(page, server.url)
    failures = [describe_violations(name, found) for name, page in named_pages.items()
                if (found := axe_violations(page))]
    assert not failures, "\n\n".join(failures)


def test_the_after_life_of_a_forum(pages, server, peers, tmp_path):
    expect = sync_playwright()[1]
    code = server.create_forum(title="Forum i Husby", questions=["Hur blir det lättare att få jobb?",
                                                                 "Vad ska ändras i skolan?"])
    # ---- the night: a phone in Arabic (it keeps its token), three more phones, the moderator ----
    phone = pages.open("phone", f"/j/{code}?lang=ar", PHONE)
    wait_live(phone)
    phone.fill("#suggest-text", MINE)
    phone.click("#suggest-send")
    expect(phone.locator("#suggestions li")).to_have_count(1)
    others = [peers(code, "participant") for _ in OTHERS]
    ids = {MINE: phone.evaluate("() => Number(document.querySelector('#suggestions li').dataset.key)")}
    for peer, text in zip(others, OTHERS):
        ids[text] = peer.ok("suggest", {"text": text})["suggestion_id"]
    for peer in others[:2]:
        peer.ok("vote", {"suggestion_id": ids[MINE]})
    others[2].ok("vote", {"suggestion_id": ids[OTHERS[0]]})
    moderator = peers(code, "moderator", key=server.key)
    others[0].ok("hand_raise", {"lang": "so"})
    moderator.ok("next_speaker")
    moderator.ok("end_turn")

    # The closing round: the Arabic phone answers with a face (a radio button a screen reader names).
    moderator.ok("closing_round", {"open": True})
    expect(phone.locator("#closing-card")).to_be_visible()
    phone.locator("label[for=closing-said-4]").click()
    expect(phone.locator("#closing-done")).not_to_be_empty()
    expect(phone.locator("#closing-said-4")).to_be_checked()
    for peer, step in zip(others, (5, 3, 4)):
        peer.ok("closing_answer", {"item": "represented", "step": step})
    moderator.ok("end_forum")  # closes the round too; the phone reloads its join link
    expect(phone.locator("#outcome-heading")).to_be_visible()
    assert phone.evaluate("() => document.documentElement.dir") == "rtl"

    # ---- after the night: a core-team member, with a key of their own ----
    made = ok(api(server, "POST", "/api/keys", name="Selma Ali"), 201)
    team = pages.open("follow-up", f"/m/followup/{code}", LAPTOP, allow=("status of 401", "status of 400"))
    team.fill("#key", made["key"])
    team.click("main button[type=submit]")
    expect(team.locator("#rec-form")).to_be_visible()
    expect(team.locator("#rec-suggestions .choice")).to_have_count(4)

    def write(title: str, text: str, linked: list[str]) -> None:
        team.fill("#rec-title", title)
        team.fill("#rec-text", text)
        for suggestion in linked:
            team.check(f"#sug-{ids[suggestion]}")
        team.click("#rec-submit")
        expect(team.locator(".rec-card h3", has_text=title)).to_be_focused()

    write("Kvällskurser i svenska med barnpassning på biblioteket i Husby, med lärare som talar deltagarnas språk "
          "och start varje månad", "Staden öppnar kvällskurser i svenska i Husby.", [MINE, OTHERS[2]])
    write("Nattbussar", "Nattbussar även på vardagar.", [OTHERS[1]])
    recs = ok(api(server, "GET", f"/api/forums/{code}/recommendations", key=made["key"]))["recommendations"]
    first, second = (r["id"] for r in recs)
    assert recs[0]["suggestion_ids"] == [ids[MINE], ids[OTHERS[2]]]
    assert recs[0]["created_by"] == {"role": "team", "key": made["id"], "name": "Selma Ali"}

    # Presented, then the first assigned and implemented (the API), the second declined on the page.
    for rid in (first, second):
        ok(api(server, "POST", f"/api/recommendations/{rid}/status", key=made["key"], status="presented",
               to="Kommunstyrelsen"))
    ok(api(server, "POST", f"/api/recommendations/{first}/status", key=made["key"], status="assigned",
           department="Utbildningsförvaltningen", official="K. Berg"))
    ok(api(server, "POST", f"/api/recommendations/{first}/status", key=made["key"], status="implemented"))
    team.reload()
    box = team.locator(f"#rec-{second} details", has_text=tr(team, "change_status"))
    box.locator("summary").click()
    box.locator("select[name=status]").select_option("declined")
    box.locator("button[type=submit]").click()
    expect(box.locator(".form-error")).not_to_be_empty()  # a decline needs the reason
    box.locator("textarea[name=reason]").fill("Ingen budget för nattrafik i år")
    box.locator("button[type=submit]").click()
    expect(team.locator(f"#rec-{second} .status-badge")).to_have_class("status-badge status-declined")
    ok(api(server, "POST", f"/api/recommendations/{first}/translations", key=made["key"], lang="ar",
           title="دورات مسائية في اللغة السويدية", text="تفتح المدينة دورات مسائية في حي هوسبي."))
    screenshot(team, "followup-forum", full_page=True)

    # The follow-up list: both, with their status and since when.
    listing = pages.open("follow-up list", None, LAPTOP)
    listing.context.add_cookies(team.context.cookies())
    listing.goto(server.url + "/m/followup")
    expect(listing.locator("#recs-body tr")).to_have_count(2)
    # A long title wraps: the status and since when stay in view at 1366 px, with no sideways scrolling.
    assert listing.evaluate("() => { const w = document.querySelector('.table-wrap');"
                            " return w.scrollWidth <= w.clientWidth + 1; }")
    listing.select_option("#filter-status", "declined")
    listing.click("#filters button[type=submit]")
    expect(listing.locator("#recs-body tr")).to_have_count(1)

    # ---- the newsletter draft lists both with their status ----
    year = datetime.fromtimestamp(recs[0]["created_at"]).year
    newsletter = api(server, "GET", f"/api/newsletter.html?year={year}&lang=sv", key=made["key"]).text
    for words in ("Forum i Husby", "Kvällskurser i svenska", "Nattbussar", 'data-status="implemented"',
                  'data-status="declined"', "Ingen budget för nattrafik i år", "Utbildningsförvaltningen"):
        assert words in newsletter, words
    draft = pages.open("newsletter", None, LAPTOP)
    draft.context.add_cookies(team.context.cookies())
    draft.goto(f"{server.url}/api/newsletter.html?year={year}&lang=ar")
    expect(draft.locator(".rec")).to_have_count(2)
    assert draft.evaluate("() => document.documentElement.dir") == "rtl"

    # ---- the phone that kept its token: in Arabic, both recommendations, its own suggestion marked ----
    phone.reload()
    expect(phone.locator(".outcome-rec")).to_have_count(2)
    mine = phone.locator(f"#orec-{first}")
    expect(mine.locator(".outcome-title")).to_contain_text("دورات مسائية")
    expect(mine.locator(".outcome-mine")).to_be_visible()
    expect(mine.locator(f"[data-suggestion='{ids[MINE]}'] .mine-mark")).to_be_visible()
    expect(mine.locator("[aria-current=step]")).to_have_count(1)
    expect(phone.locator(f"#orec-{second} .untranslated")).to_be_visible()  # shown in Swedish, and said so
    expect(phone.locator(f"#orec-{second} .outcome-title [lang=sv]")).to_have_count(1)
    expect(phone.locator(f"#orec-{second} .mine-mark").first).to_be_hidden()
    expect(phone.locator("#mine-summary")).to_be_visible()
    # Another phone, without the token, sees the same page and nothing of anybody's own suggestions.
    stranger = pages.open("stranger", f"/j/{code}?lang=ar", PHONE)
    expect(stranger.locator(".outcome-rec")).to_have_count(2)
    expect(stranger.locator(".mine-mark:visible")).to_have_count(0)
    screenshot(phone, "followup-phone-ar", full_page=True)

    axe_clean(pages, server, {"follow-up forum": team, "follow-up list": listing, "newsletter": draft,
                              "phone outcome": phone})

    # ---- export and re-import keep it all ----
    exported = ok(api(server, "GET", f"/api/forums/{code}/export.json", key=made["key"]))
    assert [r["status"] for r in exported["recommendations"]] == ["implemented", "declined"]
    assert exported["closing_round"]["items"]["represented"] == [0, 0, 1, 1, 1]
    answers = [e for e in exported["events"] if e["type"] == "ClosingAnswered"]
    assert {e["person"] for e in answers} == {"A1", "A2", "A3", "A4"} and {e["lang"] for e in answers} == {""}
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported))
    assert main(["import", str(path), "--data-dir", str(tmp_path / "restored")]) == 0
    assert main(["export", code, "--format", "json", "--out", str(tmp_path / "again"),
                 "--data-dir", str(tmp_path / "restored")]) == 0
    again = json.loads((tmp_path / "again" / f"{code}-export.json").read_text())
    for part in ("recommendations", "closing_round", "events", "suggestions"):
        assert again[part] == exported[part], part
    pages.check()
