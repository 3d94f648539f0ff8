"""End to end: many phones dot-voting at once, over real sockets to the real (eventlet) server."""
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e_support import assert_converges, peers, refused, server, tallies  # noqa: F401 (fixtures)

pytestmark = pytest.mark.e2e

PHONES = 60
SUGGESTIONS = 4


def test_many_phones_vote_at_once(server, peers):
    code = server.create_forum(title="Votes")  # the default budget: 3 votes per question
    moderator, board = peers(server.url), peers(server.url)
    assert moderator.join(code, "moderator", key=server.key)["ok"]
    assert board.join(code, "board")["ok"]
    with ThreadPoolExecutor(16) as pool:
        phones = list(pool.map(lambda _: peers(server.url), range(PHONES)))
        joins = list(pool.map(lambda p: p.join(code, "participant"), phones))
    assert all(j["ok"] for j in joins) and len({j["token"] for j in joins}) == PHONES
    ids = [phones[i].ok("suggest", {"text": f"Idea {i + 1}"})["suggestion_id"] for i in range(SUGGESTIONS)]
    assert assert_converges(board)["suggestions"] == [(sid, f"Idea {i + 1}", 0) for i, sid in enumerate(ids)]

    # Phone i votes on every suggestion but one (ids[i % 4]): 45 votes each, 180 in all.
    skipped = {i: ids[i % SUGGESTIONS] for i in range(PHONES)}
    start = threading.Barrier(PHONES, timeout=30)

    def vote_three(i):
        start.wait()
        return [phones[i].call("vote", {"suggestion_id": sid}) for sid in ids if sid != skipped[i]]

    burst = time.monotonic()
    with ThreadPoolExecutor(PHONES) as pool:
        acks = list(pool.map(vote_three, range(PHONES)))
    acked = time.monotonic()
    assert all(a["ok"] for phone_acks in acks for a in phone_acks), acks
    assert all([a["votes_left"] for a in phone_acks] == [2, 1, 0] for phone_acks in acks)

    expected = {sid: PHONES * (SUGGESTIONS - 1) // SUGGESTIONS for sid in ids}
    assert tallies(moderator.state()) == expected
    view = assert_converges(board)
    converged = time.monotonic()
    assert {sid: votes for sid, _, votes in view["suggestions"]} == expected
    time.sleep(0.5)  # any push still on its way is counted too
    pushes = board.push_count(since=burst)
    window = time.monotonic() - burst
    assert pushes <= 5 * window + 3, f"{pushes} pushes in {window:.2f} s: not coalesced"
    print(f"\n{PHONES * 3} votes acked in {acked - burst:.2f} s, board converged after {converged - burst:.2f} s, "
          f"{pushes} board pushes")

    # A retried vote counts once; the fourth vote is over the budget; nothing changes.
    phone, own = phones[0], ids[1]
    assert phone.ok("vote", {"suggestion_id": own})["votes_left"] == 0
    over = phone.call("vote", {"suggestion_id": skipped[0]})
    assert refused(over) and "3" in over["error"], over
    assert tallies(moderator.state()) == expected
    me = phone.state()["me"]
    assert me["votes_left"] == 0 and me["my_votes"] == sorted(s for s in ids if s != skipped[0])

    # Taking a vote back frees it for the fourth suggestion.
    assert phone.ok("unvote", {"suggestion_id": own})["votes_left"] == 1
    assert phone.ok("vote", {"suggestion_id": skipped[0]})["votes_left"] == 0
    expected[own] -= 1
    expected[skipped[0]] += 1
    assert tallies(moderator.state()) == expected
    assert {sid: votes for sid, _, votes in assert_converges(board)["suggestions"]} == expected


def test_board_follows_moderation_of_suggestions(server, peers):
    code = server.create_forum(title="Moderation", questions=["Q1", "Q2"])
    moderator, board = peers(server.url), peers(server.url)
    assert moderator.join(code, "moderator", key=server.key)["ok"]
    assert board.join(code, "board")["ok"]
    phones = [peers(server.url) for _ in range(4)]
    for phone in phones:
        assert phone.join(code, "participant")["ok"]
    a, b, c = (phones[i].ok("suggest", {"text": t})["suggestion_id"]
               for i, t in enumerate(["Evening classes", "Classes in the evening", "A city interpreter pool"]))
    for phone, chosen in zip(phones, [(a, b), (a,), (b, c), (b,)]):
        for sid in chosen:
            phone.ok("vote", {"suggestion_id": sid})
    assert assert_converges(board)["suggestions"] == [(a, "Evening classes", 2), (b, "Classes in the evening", 3),
                                                     (c, "A city interpreter pool", 1)]

    moderator.ok("hide_suggestion", {"suggestion_id": c})  # a partial push with suggestions_removed
    assert [s[0] for s in assert_converges(board)["suggestions"]] == [a, b]
    moderator.ok("merge_suggestion", {"suggestion_id": a, "into": b})  # a's voters move; nobody counts twice
    assert assert_converges(board)["suggestions"] == [(b, "Classes in the evening", 4)]
    moderator.ok("unhide_suggestion", {"suggestion_id": c})
    assert assert_converges(board)["suggestions"] == [(b, "Classes in the evening", 4),
                                                     (c, "A city interpreter pool", 1)]
    assert tallies(moderator.state()) == {b: 4, c: 1}

    moderator.ok("set_question", {"index": 1})  # a full push: the new question has no suggestions yet
    view = assert_converges(board)
    assert view["question"] == 1 and view["suggestions"] == []
    assert refused(phones[0].call("vote", {"suggestion_id": b}))  # voting is on the current question only
    d = phones[3].ok("suggest", {"text": "Q2 idea"})["suggestion_id"]
    assert assert_converges(board)["suggestions"] == [(d, "Q2 idea", 0)]
