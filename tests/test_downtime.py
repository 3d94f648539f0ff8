"""A server that was down: the running turn resumes paused from when it was last alive, and time never
runs backwards in the log, whatever the wall clock did meanwhile (on a fake clock)."""
import pytest

from conftest import KEY
from export_support import get
from facilitator import create_app

HOUR = 3600.0


def start(tmp_path, clock):
    """The server on the data dir, as `run.py` starts it (its heartbeat is beaten by hand here)."""
    app, socketio = create_app({"DATA_DIR": tmp_path, "MODERATOR_KEY": KEY, "ASYNC_MODE": "threading",
                                "CLOCK": clock, "HEARTBEAT_S": 0})
    return app, socketio


def moderator_of(app, socketio, code):
    sock = socketio.test_client(app)
    assert sock.emit("join", {"code": code, "role": "moderator", "key": KEY}, callback=True)["ok"]
    return sock


def call(sock, event, payload=None):
    ack = sock.emit(event, payload or {}, callback=True)
    assert ack["ok"], ack
    return ack


@pytest.fixture
def speaking(room, clock):
    """A turn that has run 10 s when the server last beat its heartbeat, and is still running."""
    moderator = room.moderator()
    call(moderator, "add_speaker", {"label": "Amina", "lang": "ar"})
    call(moderator, "next_speaker")
    clock.advance(10)
    room.app.extensions["forums"].beat()
    return moderator


@pytest.mark.parametrize("jump", [0.0, 2 * HOUR, -HOUR])
def test_a_running_turn_resumes_paused_and_the_downtime_is_not_talk(room, speaking, clock, tmp_path, jump):
    clock.advance(3)  # the server dies 3 s after its last heartbeat, and stays down two minutes
    clock.advance(120 + jump)
    app, socketio = start(tmp_path, clock)
    moderator = moderator_of(app, socketio, room.code)
    speaker = call(moderator, "get_state")["state"]["speaker"]
    assert speaker["mode"] == "paused" and speaker["talk_s"] == 10 and speaker["label"] == "Amina"
    events = get(app.test_client(), room.code, "export.json").json["events"]
    restarted = events[-1]
    assert restarted["type"] == "ServerRestarted" and restarted["down_since"] == events[-2]["at"] + 10

    call(moderator, "resume_turn")
    clock.advance(5)
    call(moderator, "end_turn")
    state = call(moderator, "get_state")["state"]
    assert state["speeches"][-1]["duration_s"] == 15
    if jump >= 0:  # a clock set back hides how long the server was down; the talk time is right either way
        assert state["speeches"][-1]["paused_s"] >= 123
    times = [e["at"] for e in get(app.test_client(), room.code, "export.json").json["events"]]
    assert times == sorted(times)  # time never runs backwards in the log


def test_a_forum_not_served_in_between_keeps_its_last_alive_time(room, speaking, clock, tmp_path):
    clock.advance(60)
    start(tmp_path, clock)[0].extensions["forums"].beat()  # a run that never opened this forum
    clock.advance(60)
    app, socketio = start(tmp_path, clock)
    assert call(moderator_of(app, socketio, room.code), "get_state")["state"]["speaker"]["talk_s"] == 10


def test_a_paused_turn_and_a_forum_without_a_turn_record_nothing(room, clock, tmp_path):
    moderator = room.moderator()
    call(moderator, "add_speaker", {"label": "Amina"})
    call(moderator, "next_speaker")
    clock.advance(4)
    call(moderator, "pause_turn")
    before = get(room.client, room.code, "export.json").json["events"]
    clock.advance(HOUR)
    app, socketio = start(tmp_path, clock)
    speaker = call(moderator_of(app, socketio, room.code), "get_state")["state"]["speaker"]
    assert speaker["talk_s"] == 4 and speaker["mode"] == "paused"
    assert get(app.test_client(), room.code, "export.json").json["events"] == before


def test_an_interpreted_turn_is_paused_too_and_reloading_in_the_same_run_pauses_nothing(room, clock, tmp_path):
    moderator = room.moderator()
    call(moderator, "add_speaker", {"label": "Amina"})
    call(moderator, "next_speaker")
    clock.advance(4)
    call(moderator, "interpret_turn", {"on": True})
    forums = room.app.extensions["forums"]
    forums.forget(room.code)
    assert forums.get(room.code).state.turn.mode == "interpreting"  # the same server: nothing was down
    clock.advance(30)
    app, socketio = start(tmp_path, clock)
    speaker = call(moderator_of(app, socketio, room.code), "get_state")["state"]["speaker"]
    assert speaker["mode"] == "paused" and speaker["talk_s"] == 4 and speaker["interpreting_s"] == 0


def test_the_forum_clock_never_gives_a_time_before_the_latest_event(room, clock, tmp_path):
    moderator = room.moderator()
    call(moderator, "add_speaker", {"label": "Amina"})
    clock.advance(-HOUR)  # the wall clock was set back while the server ran on (a second server, a bad NTP)
    call(moderator, "add_speaker", {"label": "Bo"})
    times = [e["at"] for e in get(room.client, room.code, "export.json").json["events"]]
    assert times == sorted(times)


def test_the_command_line_beside_a_server_never_beats_its_heartbeat(room, speaking, tmp_path):
    from facilitator.cli import main
    (tmp_path / "heartbeat").unlink()  # the server's next beat writes it; the export beside it must not
    assert main(["export", room.code, "--format", "json", "--out", str(tmp_path / "out"),
                 "--data-dir", str(tmp_path)]) == 0
    assert not (tmp_path / "heartbeat").exists()
