"""End to end: what the hall waits for (a speaker change) is pushed at once, not on the push tick, and
never more often than the minimum gap, however fast the moderator presses `next`."""
import time

import pytest

from tests.e2e_support import Server, peers, wait_until  # noqa: F401 (fixtures)

pytestmark = pytest.mark.e2e

TICK_S = 30.0  # so long that a push seen within seconds did not wait for the tick
GAP_S = 1.5


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("e2e-push"),
                 env={"FACILITATOR_BROADCAST_INTERVAL_S": str(TICK_S), "FACILITATOR_PUSH_GAP_S": str(GAP_S)}).start()
    yield srv
    srv.stop()


def speaker_of(peer) -> int | None:
    speaker = peer.mirror().get("speaker")
    return speaker and speaker["entry_id"]


def test_a_speaker_change_reaches_phone_and_board_without_waiting_for_the_tick(server, peers):
    code = server.create_forum(title="Push at once")
    moderator, board, phone = peers(server.url), peers(server.url), peers(server.url)
    assert moderator.join(code, "moderator", key=server.key)["ok"]
    assert board.join(code, "board")["ok"]
    assert phone.join(code, "participant")["ok"]
    entry = phone.ok("hand_raise", {})["entry_id"]  # a phone's hand waits for the tick (or the next push at once)

    sent = time.monotonic()
    moderator.ok("next_speaker", {})
    wait_until(lambda: speaker_of(phone) == entry and speaker_of(board) == entry, timeout=TICK_S / 3,
               message="the new speaker on the phone and the board")
    wait_until(lambda: phone.mirror().get("me", {}).get("speaking"), timeout=TICK_S / 3,
               message="the phone told it is speaking")
    assert time.monotonic() - sent < TICK_S / 2


def test_a_burst_of_next_is_pushed_at_most_once_per_gap(server, peers):
    code = server.create_forum(title="Auto-repeat")
    moderator, board = peers(server.url), peers(server.url)
    assert moderator.join(code, "moderator", key=server.key)["ok"]
    assert board.join(code, "board")["ok"]
    entries = [moderator.ok("add_speaker", {"label": f"W{i}"})["entry_id"] for i in range(12)]
    wait_until(lambda: len(board.mirror()["queue"]) == 12, timeout=TICK_S / 3, message="the queue on the board")
    time.sleep(GAP_S)

    burst = time.monotonic()
    for _ in entries:  # a key on auto-repeat: every call acknowledged, none held up by the gap
        moderator.ok("next_speaker", {})
    wait_until(lambda: speaker_of(board) == entries[-1], timeout=TICK_S / 3, message="the last speaker on the board")
    window = time.monotonic() - burst
    pushes = sum(1 for t, p in board.pushes if t >= burst and "speaker" in p)
    assert 1 <= pushes <= window / GAP_S + 2, f"{pushes} pushes of the speaker in {window:.2f} s"
    assert pushes < len(entries)
