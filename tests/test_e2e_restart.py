"""End to end: the server is killed with SIGKILL right after an ack and restarted on the same data dir."""
import time

import pytest

from tests.e2e_support import Server, peers, stable, tallies  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e


@pytest.fixture
def own_server(tmp_path):
    srv = Server(tmp_path / "data").start()
    yield srv
    srv.stop()


def _durable(state: dict) -> dict:
    """What must survive a crash exactly (the running turn's clock is compared separately)."""
    speaker = state["speaker"]
    return {
        "question": state["question"],
        "speaker": {k: speaker[k] for k in ("entry_id", "label", "lang", "person", "mode", "started_at")},
        "queue": stable(state["queue"]),
        "speeches": state["speeches"],
        "suggestions": state["suggestions"],
        "moderation": stable(state["moderation"]),
        "forum": state["forum"],
    }


def test_kill_9_and_restart_loses_nothing_acknowledged(own_server, peers):
    srv = own_server
    code = srv.create_forum(title="Crash", questions=["Q1", "Q2"], turn_seconds=60)
    moderator = peers(srv.url)
    assert moderator.join(code, "moderator", key=srv.key)["ok"]
    phones = [peers(srv.url) for _ in range(4)]
    joins = [p.join(code, "participant", name=n) for p, n in zip(phones, ["Ali", "Berit", "", "Dawit"])]
    tokens = [j["token"] for j in joins]
    persons = [j["state"]["me"]["person"] for j in joins]

    for phone, lang in zip(phones, ["ar", "sv", "so", "ti"]):
        phone.ok("hand_raise", {"lang": lang})
    moderator.ok("add_speaker", {"label": "Walk-in", "lang": "fa"})
    moderator.ok("next_speaker", {})  # Ali speaks, then hands over to Berit: one finished speech
    time.sleep(0.2)
    speaker = moderator.ok("next_speaker", {})["speaker"]
    assert speaker["label"] == "Berit"
    phones[0].ok("hand_raise", {"lang": "ar"})  # Ali again: after the first-timers
    moderator.ok("pause_turn", {})
    time.sleep(0.3)
    moderator.ok("resume_turn", {})
    ids = [phones[i].ok("suggest", {"text": f"Suggestion {i}"})["suggestion_id"] for i in (0, 2, 3)]
    votes = {0: ids[:2], 1: ids[1:], 2: [ids[0]], 3: ids}
    for i, chosen in votes.items():
        for sid in chosen:
            phones[i].ok("vote", {"suggestion_id": sid})
    before = moderator.state()
    phone_before = phones[3].state()["me"]
    last = phones[1].ok("unvote", {"suggestion_id": ids[2]})  # the last acknowledged action
    assert last["votes_left"] == 2
    srv.kill()  # SIGKILL right after the ack: no shutdown, no flush

    for peer in [moderator, *phones]:
        peer.close()
    srv.start()  # the same data dir and port
    moderator = peers(srv.url)
    assert moderator.join(code, "moderator", key=srv.key)["ok"]
    after = moderator.state()

    expected = _durable(before)
    expected["moderation"]["suggestions"][2]["votes"] -= 1  # the unvote acked just before the kill
    expected["suggestions"][2]["votes"] -= 1
    expected["speaker"]["mode"] = "paused"  # the running turn resumes paused: downtime is no talk time (issue 8)
    assert _durable(after) == expected
    assert tallies(after) == {ids[0]: 3, ids[1]: 3, ids[2]: 1}
    assert [e["label"] for e in after["queue"]] == ["P3", "Dawit", "Walk-in", "Ali"]
    assert len(after["speeches"]) == 1 and after["speeches"][0]["label"] == "Ali"
    # The same turn goes on: talk time (paused time excluded) never goes backwards over a restart.
    assert after["speaker"]["talk_s"] >= before["speaker"]["talk_s"]
    assert after["speaker"]["elapsed_s"] >= before["speaker"]["elapsed_s"]

    # A phone that comes back with its old token is the same person, with its votes, and no second vote.
    phone = peers(srv.url)
    ack = phone.join(code, "participant", token=tokens[3])
    assert ack["ok"] and ack["token"] == tokens[3]
    me = ack["state"]["me"]
    assert me["person"] == persons[3] == phone_before["person"]
    assert me["my_votes"] == phone_before["my_votes"] == sorted(ids) and me["votes_left"] == 0
    assert phone.ok("vote", {"suggestion_id": ids[0]})["votes_left"] == 0
    assert tallies(moderator.state()) == {ids[0]: 3, ids[1]: 3, ids[2]: 1}
    assert moderator.state()["speaker"]["person"] == persons[1]


def test_downtime_after_kill_9_is_not_charged_as_talk_time(own_server, peers):
    srv = own_server
    code = srv.create_forum(title="Down", questions=["Q1"])
    moderator = peers(srv.url)
    assert moderator.join(code, "moderator", key=srv.key)["ok"]
    moderator.ok("add_speaker", {"label": "Amina", "lang": "ar"})
    moderator.ok("next_speaker", {})
    time.sleep(1.0)
    spoken = moderator.state()["speaker"]["talk_s"]
    srv.kill()  # SIGKILL while Amina speaks
    moderator.close()
    time.sleep(3.0)  # the server is down for three seconds
    srv.start()
    moderator = peers(srv.url)
    assert moderator.join(code, "moderator", key=srv.key)["ok"]
    speaker = moderator.state()["speaker"]
    # Paused from when the server was last known alive (its heartbeat beats twice a second), so the 3 s it
    # was down are not charged (a beat may come a little before the kill: the talk time is never overcharged).
    assert speaker["mode"] == "paused" and speaker["label"] == "Amina"
    assert spoken - 1.5 < speaker["talk_s"] < spoken + 2.0
    moderator.ok("resume_turn", {})
    assert moderator.state()["speaker"]["mode"] == "speaking"
