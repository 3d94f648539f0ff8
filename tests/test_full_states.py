"""The join's and get_state's full state, its event-only parts kept per forum version: never stale, and
the clock's parts (the running turn, the queue's waits) always live."""
import json

from facilitator.core import views


def fresh(room, role: str, person: str | None = None) -> dict:
    """What views.full_state says now, as a client decodes it."""
    live = room.app.extensions["forums"].get(room.code)
    state = views.full_state(live.state, role, room.app.extensions["forums"].now(live))
    if person:
        state["me"] = views.me_part(live.state, person, room.app.extensions["forums"].now(live))
    return json.loads(json.dumps(state))


def test_every_answer_is_the_forums_state_of_that_moment(room, clock):
    moderator, board, phone = room.moderator(), room.board(), room.phone()
    sockets = {"moderator": moderator, "board": board}
    moderator.emit("add_speaker", {"label": "Amal"}, callback=True)
    for step in range(4):
        for role, sock in sockets.items():
            assert room.state(sock) == fresh(room, role)
        assert room.state(phone) == fresh(room, "participant", phone.me["person"])
        clock.advance(7)  # the running turn and the queue's waits move; nothing else does
        if step == 1:
            moderator.emit("next_speaker", {}, callback=True)
        if step == 2:
            phone.emit("suggest", {"text": "More interpreters"}, callback=True)


def test_a_change_between_two_joins_shows_in_the_second_and_the_timer_stays_live(room, clock):
    moderator = room.moderator()
    moderator.emit("add_speaker", {"label": "Amal"}, callback=True)
    moderator.emit("next_speaker", {}, callback=True)
    first = room.phone()
    before = room.state(first)
    clock.advance(12)
    first.emit("suggest", {"text": "Evening classes"}, callback=True)
    second = room.phone()
    after = room.state(second)
    assert [s["text"] for s in before["suggestions"]] == [] and [s["text"] for s in after["suggestions"]] == ["Evening classes"]
    assert after["speaker"]["elapsed_s"] == before["speaker"]["elapsed_s"] + 12
    clock.advance(5)
    assert room.state(second)["speaker"]["elapsed_s"] == after["speaker"]["elapsed_s"] + 5
    assert room.state(second)["server_time"] == after["server_time"] + 5
