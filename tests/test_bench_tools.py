"""The benchmark's own tools speak the app's protocol: the light phone, the floor server, `make bench`."""
import asyncio
import subprocess
import sys

import pytest

from tests.e2e_support import ROOT, Server, mirror, peers, server, tallies  # noqa: F401 (fixtures)

sys.path.insert(0, str(ROOT / "bench"))
from phones import reduced  # noqa: E402
from wire import Wire, decode_push  # noqa: E402

pytestmark = pytest.mark.e2e


async def _phone_votes(port: int, code: str, suggestion: int, deflate: bool) -> tuple[dict, dict, Wire]:
    wire = await Wire.open("127.0.0.1", port, deflate)
    joined = await wire.call("join", {"code": code, "role": "participant", "lang": "en"}, timeout=10)
    voted = await wire.call("vote", {"suggestion_id": suggestion}, timeout=10)
    await asyncio.sleep(0.6)  # three push ticks: the coalesced tally push has come
    wire.close()
    return joined, voted, wire


@pytest.mark.parametrize("deflate", [True, False])
def test_light_phone_joins_votes_and_merges_the_pushes(server, peers, deflate):
    code = server.create_forum(title="Wire", hide_tallies="none")
    author = peers(server.url)
    author.join(code, "participant")
    suggestion = author.ok("suggest", {"text": "More interpreters"})["suggestion_id"]
    joined, voted, wire = asyncio.run(_phone_votes(server.port, code, suggestion, deflate))
    assert joined["ok"] and joined["token"] and joined["state"]["full"]
    assert voted == {"ok": True, "votes_left": 2}
    pushes = [payload for _, raw in wire.pushes for event, payload in [decode_push(raw)] if event == "state"]
    seen = mirror(reduced(joined["state"]), [reduced(p) for p in pushes])
    assert tallies(seen) == {suggestion: 1} == tallies(author.state())
    assert seen["me"]["my_votes"] == [suggestion]
    assert not wire.lost


def test_make_bench_runs_both_servers_end_to_end(tmp_path):
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "compare.py"), "--phones", "12", "--runs", "1",
                          "--rounds", "1", "--join-window", "0.2", "--reconnect-window", "0.3"],
                         cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert out.returncode == 0, out.stderr[-3000:]
    table = out.stdout.split("N=12 phones")[1]
    for scenario in ("join", "burst", "next", "reconnect"):
        for figure in ("lost", "dropped", "stale"):
            assert f"{scenario:10} {figure:16} {0:>12} {0:>12}" in table, (scenario, figure, table)
    assert "rss_per_phone_kb" in table
