"""Engine.IO's pings through the real server (eventlet), now sent from hub timers (facilitator/pings.py):
a phone that answers them stays connected and keeps being pinged; a phone that stops answering is
dropped, as before."""
import asyncio
import sys

import pytest

from tests.e2e_support import ROOT, Server

sys.path.insert(0, str(ROOT / "bench"))
from wire import Wire  # noqa: E402

pytestmark = pytest.mark.e2e
INTERVAL_S, TIMEOUT_S = 1, 2


class CountingWire(Wire):
    """A light phone that counts the server's pings; `silent` ones stop answering them."""

    pings, silent = 0, False

    def _packet(self, text: str) -> None:
        if text == "2":
            self.pings += 1
            if self.silent:
                return
        super()._packet(text)


@pytest.fixture(scope="module")
def quick_pings(tmp_path_factory):
    env = {"FACILITATOR_PING_INTERVAL_S": str(INTERVAL_S), "FACILITATOR_PING_TIMEOUT_S": str(TIMEOUT_S)}
    srv = Server(tmp_path_factory.mktemp("pings"), env=env).start()
    yield srv
    srv.stop()


async def _open(srv: Server, code: str) -> CountingWire:
    wire = await CountingWire.open("127.0.0.1", srv.port, deflate=False)
    assert (await wire.call("join", {"code": code, "role": "participant", "lang": "en"}, timeout=10))["ok"]
    return wire


def test_a_phone_that_answers_pings_stays_connected_and_keeps_being_pinged(quick_pings):
    code = quick_pings.create_forum(title="Pings")

    async def scenario():
        wire = await _open(quick_pings, code)
        await asyncio.sleep(5 * INTERVAL_S + 0.5)
        still = await wire.call("get_state", {}, timeout=10)
        wire.close()
        return wire, still

    wire, still = asyncio.run(scenario())
    assert wire.pings >= 4, wire.pings  # one per interval, each sent only after the last was answered
    assert still["ok"] and not wire.lost


def test_a_phone_that_stops_answering_pings_is_dropped(quick_pings):
    code = quick_pings.create_forum(title="Silent")

    async def scenario():
        wire = await _open(quick_pings, code)
        wire.silent = True
        for _ in range(int((INTERVAL_S + TIMEOUT_S) * 10) + 80):  # dropped after interval + timeout (+ slack)
            if wire.lost:
                break
            await asyncio.sleep(0.1)
        return wire

    wire = asyncio.run(scenario())
    assert wire.lost, "the server kept a phone that answered no ping"
    assert wire.pings >= 1
