"""Socket handlers through Flask-SocketIO's test client: roles, validation, acks, pushes."""
import pytest

from conftest import KEY

MODERATOR_EVENTS = ["add_speaker", "remove_entry", "move_entry", "next_speaker", "start_turn", "pause_turn",
                    "resume_turn", "interpret_turn", "reset_timer", "end_turn", "undo", "set_question",
                    "first_timers_round", "set_voting", "reveal_tallies", "update_settings", "hide_suggestion",
                    "unhide_suggestion", "approve_suggestion", "merge_suggestion", "pin_suggestion",
                    "edit_suggestion", "translate_suggestion", "set_question_translation"]


def test_contract_flow(room):
    moderator, board = room.moderator(), room.board()
    amina, bo = room.phone("Amina"), room.phone()
    assert amina.emit("hand_raise", {"lang": "ar"}, callback=True) == {"ok": True, "position": 1, "entry_id": 1}
    assert bo.emit("hand_raise", {}, callback=True)["position"] == 2
    assert moderator.emit("add_speaker", {"label": "Row 3", "lang": "so"}, callback=True) == {"ok": True,
                                                                                               "entry_id": 3}
    ack = moderator.emit("next_speaker", {}, callback=True)
    assert ack["ok"] and ack["speaker"]["label"] == "Amina" and ack["speaker"]["lang"] == "ar"
    state = room.state(board)
    assert [e["label"] for e in state["queue"]] == ["P2", "Row 3"]
    assert set(state["queue"][0]) >= {"entry_id", "label", "lang", "turns", "talk_s"}
    assert set(state["speaker"]) >= {"entry_id", "label", "lang", "elapsed_s", "limit_s"}
    assert state["question"]["index"] == 0 and state["question"]["text"] == "Q1"
    assert moderator.emit("set_question", {"index": 1}, callback=True) == {"ok": True}
    assert room.state(board)["question"]["text"] == "Q2"


def test_next_speaker_on_an_empty_queue_gives_null(room):
    assert room.moderator().emit("next_speaker", {}, callback=True) == {"ok": True, "speaker": None}


@pytest.mark.parametrize("event", MODERATOR_EVENTS)
def test_moderator_events_are_refused_from_phone_board_and_unjoined(room, event):
    phone, board, stranger = room.phone(), room.board(), room.socket()
    before = room.state(room.moderator())
    for sock in (phone, board, stranger):
        ack = sock.emit(event, {"label": "x", "index": 1, "entry_id": 1}, callback=True)
        assert ack["ok"] is False and ack["error"]
    after = room.state(room.moderator())
    assert {k: v for k, v in after.items() if k != "server_time"} == \
        {k: v for k, v in before.items() if k != "server_time"}


@pytest.mark.parametrize("payload,error", [
    ({"label": 5}, "must be a text"), ({}, "missing"), ({"label": "x" * 81}, "at most 80"),
    ({"label": "x" * 5000}, "too long"), (["x"], "object"), ({"label": "x", "lang": "not a lang"}, "language"),
])
def test_malformed_payloads_are_refused_and_change_nothing(room, payload, error):
    moderator = room.moderator()
    ack = moderator.emit("add_speaker", payload, callback=True)
    assert ack["ok"] is False and error in ack["error"]
    assert room.state(moderator)["queue"] == []


def test_wrong_key_and_unknown_forum_and_role(room):
    sock = room.socket()
    assert "wrong" in sock.emit("join", {"code": room.code, "role": "moderator", "key": "nope"}, callback=True)["error"]
    assert "missing" in sock.emit("join", {"code": room.code, "role": "moderator"}, callback=True)["error"]
    assert "no forum" in sock.emit("join", {"code": "ZZZZZ", "role": "board"}, callback=True)["error"]
    assert "role" in sock.emit("join", {"code": room.code, "role": "admin"}, callback=True)["error"]
    assert "Join a forum first" in sock.emit("hand_raise", {}, callback=True)["error"]


def test_unknown_event_is_refused(room):
    ack = room.phone().emit("make_me_moderator", {}, callback=True)
    assert ack == {"ok": False, "error": "Unknown event 'make_me_moderator'."}


def test_rejoin_with_token_is_the_same_person(room):
    phone = room.phone("Amina")
    phone.emit("hand_raise", {"lang": "ar"}, callback=True)
    again = room.phone(token=phone.token)
    assert again.me["person"] == phone.me["person"] and again.me["entry_id"] == 1
    assert again.token == phone.token
    stranger = room.phone(token="made-up-token")
    assert stranger.me["person"] != phone.me["person"]


def test_participant_cannot_vote_twice_or_beyond_budget(room):
    author, voter = room.phone(), room.phone()
    ids = []
    for i in range(4):
        room.app.config["CLOCK"].advance(11)
        ids.append(author.emit("suggest", {"text": f"idea {i}"}, callback=True)["suggestion_id"])
    assert voter.emit("vote", {"suggestion_id": ids[0]}, callback=True) == {"ok": True, "votes_left": 2}
    assert voter.emit("vote", {"suggestion_id": ids[0]}, callback=True) == {"ok": True, "votes_left": 2}
    voter.emit("vote", {"suggestion_id": ids[1]}, callback=True)
    voter.emit("vote", {"suggestion_id": ids[2]}, callback=True)
    assert "used all 3" in voter.emit("vote", {"suggestion_id": ids[3]}, callback=True)["error"]
    assert voter.emit("unvote", {"suggestion_id": ids[0]}, callback=True)["votes_left"] == 1


def test_a_retried_suggestion_with_the_same_client_id_counts_once(room):
    phone = room.phone()
    first = phone.emit("suggest", {"text": "idea", "client_id": "abc"}, callback=True)
    again = phone.emit("suggest", {"text": "idea", "client_id": "abc"}, callback=True)
    assert first == again
    assert len(room.forum().suggestions) == 1


def test_pushes_are_coalesced_and_partial(room, app_and_socketio):
    room.app.extensions["broadcaster"].interval = 60  # only the flush below pushes, however slow the machine
    board, phones = room.board(), [room.phone(name) for name in ("A", "B", "C", "D")]
    board.get_received()
    for phone in phones:  # hands raised by phones wait for the tick (the moderator's moves would not)
        phone.emit("hand_raise", {}, callback=True)
    room.app.extensions["broadcaster"].flush()
    pushes = [m["args"][0] for m in board.get_received() if m["name"] == "state"]
    assert len(pushes) == 1
    assert [e["person"] for e in pushes[0]["queue"]] == [p.me["person"] for p in phones]
    assert "full" not in pushes[0] and "fairness" not in pushes[0]


def test_phone_gets_its_own_position_privately(room):
    first, second = room.phone(), room.phone()
    first.emit("hand_raise", {}, callback=True)
    second.emit("hand_raise", {}, callback=True)
    second.get_received()
    room.moderator().emit("next_speaker", {}, callback=True)
    room.app.extensions["broadcaster"].flush()
    received = second.get_received()
    mine = [m["args"][0]["me"] for m in received if m["name"] == "state" and "me" in m["args"][0]]
    assert mine and mine[-1]["position"] == 1
    assert {"name": "notice", "args": [{"kind": "your_turn_next"}], "namespace": "/"} in received


def test_hidden_suggestion_is_removed_from_phones_but_kept_for_the_moderator(room):
    phone, moderator = room.phone(), room.moderator()
    sid = phone.emit("suggest", {"text": "<img src=x onerror=alert(1)>"}, callback=True)["suggestion_id"]
    assert room.state(phone)["suggestions"][0]["text"] == "<img src=x onerror=alert(1)>"
    phone.get_received()
    moderator.emit("hide_suggestion", {"suggestion_id": sid}, callback=True)
    room.app.extensions["broadcaster"].flush()
    pushes = [m["args"][0] for m in phone.get_received() if m["name"] == "state"]
    assert any(p.get("suggestions_removed") == [sid] for p in pushes)
    assert room.state(moderator)["moderation"]["suggestions"][0]["hidden"] is True


def test_an_over_long_client_id_is_refused(room):
    ack = room.phone().emit("suggest", {"text": "idea", "client_id": "x" * 101}, callback=True)
    assert ack["ok"] is False and "client_id" in ack["error"]
    assert room.forum().suggestions == {}


def test_socket_connections_are_same_origin_only(client):
    foreign = client.get("/socket.io/?EIO=4&transport=polling", headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 400 and foreign.headers.get("Access-Control-Allow-Origin") is None
    own = client.get("/socket.io/?EIO=4&transport=polling", headers={"Origin": "http://localhost"})
    assert own.status_code == 200
