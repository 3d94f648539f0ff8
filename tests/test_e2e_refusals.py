"""Refusals over the real server (run.py, eventlet): each socket event the server will not carry out gets
its specific reason, in the language the page joined with, whatever went wrong: no seat, a malformed
payload, another role's event, an unknown event, a bug in a handler. The handlers sit on python-socketio
without a Flask request context (live.py); these prove the answers did not change with that."""
from pathlib import Path

import pytest

from e2e_support import Server, peers  # noqa: F401 (a fixture)

pytestmark = pytest.mark.e2e

FAILING = Path(__file__).resolve().parent / "failing_action_server.py"


@pytest.fixture(scope="module")
def failing_server(tmp_path_factory):
    """The app with `hand_lower` broken on purpose (tests/failing_action_server.py)."""
    srv = Server(tmp_path_factory.mktemp("refusals"), script=FAILING).start()
    yield srv
    srv.stop()


def test_refusals_come_in_the_page_language(failing_server, peers):
    code = failing_server.create_forum()
    swedish, arabic = peers(failing_server.url), peers(failing_server.url)
    assert swedish.join(code, "participant", lang="sv")["ok"] and arabic.join(code, "participant", lang="ar")["ok"]
    assert swedish.call("make_me_moderator", {}) == {"ok": False, "error": "Okänd händelse 'make_me_moderator'."}
    assert arabic.call("make_me_moderator", {})["error"] == "حدث غير معروف 'make_me_moderator'."
    assert swedish.call("next_speaker", {})["error"] == "Bara moderatorn kan göra 'next_speaker'."
    assert swedish.call("vote", {"suggestion_id": "one"}) == {
        "ok": False, "error": "Fältet 'suggestion_id' måste vara ett heltal."}
    assert swedish.call("vote", ["one"])["error"] == "Meddelandet måste vara ett objekt med namngivna fält."


def test_a_socket_without_a_seat_is_told_to_join_in_english(failing_server, peers):
    stranger = peers(failing_server.url)
    assert stranger.call("hand_raise", {}) == {"ok": False, "error": "Join a forum first."}
    assert stranger.call("get_state", {}) == {"ok": False, "error": "Join a forum first."}
    ack = stranger.call("join", {"code": "ZZZZZ", "role": "board", "lang": "fr"})
    assert ack == {"ok": False, "error": "Aucun forum n’a le code ZZZZZ."}


def test_a_handler_that_fails_is_answered_logged_and_changes_nothing(failing_server, peers):
    code = failing_server.create_forum()
    swedish, board = peers(failing_server.url), peers(failing_server.url)
    assert swedish.join(code, "participant", lang="sv")["ok"] and board.join(code, "board")["ok"]
    assert swedish.ok("hand_raise", {})["position"] == 1
    assert swedish.call("hand_lower", {}) == {"ok": False, "error": "Servern kunde inte utföra det."}
    assert "socket handler failed" in failing_server.log_tail(20000)
    assert "RuntimeError: a bug stand-in" in failing_server.log_tail(20000)
    assert [entry["label"] for entry in board.state()["queue"]] == ["P1"]
    assert swedish.state()["me"]["person"]  # the same socket is still served
