"""`run.py import` trusts nothing in the file: every bad field is refused by name, and nothing is written."""
import json

import pytest

from export_support import ForumPlay, after_the_night, ok
from facilitator.cli import main
from facilitator.core.rules import MAX_TITLE
from facilitator.importer import DECISIONS
from facilitator.database import make_engine
from facilitator.store import Store


@pytest.fixture
def exported(room, clock, tmp_path, capsys) -> dict:
    """A forum with speeches, suggestions, votes, a merge and a hidden suggestion, as its export.json."""
    play = ForumPlay(room, clock)
    assert main(["export", play.code, "--format", "json", "--out", str(tmp_path / "out"),
                 "--data-dir", str(tmp_path)]) == 0
    capsys.readouterr()
    return json.loads((tmp_path / "out" / f"{play.code}-export.json").read_text())


def store_of(data_dir) -> Store:
    return Store(make_engine(f"sqlite:///{data_dir / 'facilitator.db'}"))


def refused(tmp_path, capsys, data=None, text=None) -> str:
    """Import `data` (or the raw `text`) into a fresh data dir: refused, and nothing written there."""
    path, fresh = tmp_path / "import.json", tmp_path / "fresh"
    path.write_text(text if text is not None else json.dumps(data))
    assert main(["import", str(path), "--data-dir", str(fresh)]) == 2
    assert store_of(fresh).forum_codes() == []
    return capsys.readouterr().err


def first(data: dict, kind: str) -> dict:
    return next(e for e in data["events"] if e["type"] == kind)


def every_other_action(room, clock) -> None:
    """The moderator's and phones' actions ForumPlay does not make, so the import meets every event."""
    mod, phone = room.moderator(), room.phone("Dina")
    act = lambda sock, event, data: ok(sock.emit(event, data, callback=True))  # noqa: E731
    act(phone, "set_name", {"name": "Dina K."})
    act(phone, "hand_raise", {"lang": "uk"})
    act(phone, "hand_raise", {"lang": "ru"})
    walk_in = act(mod, "add_speaker", {"label": "Row 2", "lang": "so"})["entry_id"]
    act(mod, "move_entry", {"entry_id": walk_in, "delta": -1})
    act(mod, "remove_entry", {"entry_id": walk_in})
    act(mod, "undo", {})
    act(phone, "hand_lower", {})
    for event, data in (("pause_turn", {}), ("resume_turn", {}), ("interpret_turn", {"on": True}),
                        ("reset_timer", {}), ("first_timers_round", {"on": True}), ("set_voting", {"open": False}),
                        ("set_voting", {"open": True}), ("reveal_tallies", {"revealed": True}),
                        ("update_settings", {"premoderation": True, "vote_budget": 5}),
                        ("set_question_translation", {"index": 0, "lang": "sv", "text": "Vad fungerar?"})):
        clock.advance(3)
        act(mod, event, data)
    clock.advance(11)
    pending = act(phone, "suggest", {"text": "Longer opening hours"})["suggestion_id"]
    for event, data in (("approve_suggestion", {}), ("pin_suggestion", {"pinned": True}),
                        ("edit_suggestion", {"text": "Longer library opening hours"}), ("hide_suggestion", {}),
                        ("unhide_suggestion", {})):
        act(mod, event, {"suggestion_id": pending, **data})
    act(phone, "vote", {"suggestion_id": pending})
    act(phone, "unvote", {"suggestion_id": pending})
    clock.advance(11)
    typed = act(phone, "suggest", {"text": "Call me on 0701234567"})["suggestion_id"]
    act(mod, "edit_suggestion", {"suggestion_id": typed, "text": "Call me"})
    act(mod, "translate_suggestion", {"suggestion_id": typed, "lang": "sv", "text": "Ring mig"})
    act(mod, "redact_suggestion", {"suggestion_id": typed})
    room.phone("Farah", lang="so")
    room.phone(token=phone.token, lang="ar")  # the same phone, its page now in Arabic
    for event, data in (("set_joining", {"open": False}), ("set_joining", {"open": True}),
                        ("set_attendance", {"present": 80}), ("set_suggestions", {"open": False}),
                        ("set_suggestions", {"open": True}), ("set_queue_open", {"open": False}),
                        ("set_queue_open", {"open": True}),
                        ("update_settings", {"names_on_board": True, "max_turns": 2,
                                             "board_languages": ["sv", "ar", "ti"]})):
        clock.advance(3)
        act(mod, event, data)
    act(phone, "hand_raise", {"lang": "ar"})
    act(mod, "lower_all_hands", {})


def test_a_sound_export_imports_and_exports_the_same(room, clock, tmp_path, capsys):
    play = ForumPlay(room, clock)
    every_other_action(room, clock)
    after_the_night(room, clock, list(play.ids.values()))
    assert main(["export", play.code, "--format", "json", "--out", str(tmp_path / "out"),
                 "--data-dir", str(tmp_path)]) == 0
    exported = json.loads((tmp_path / "out" / f"{play.code}-export.json").read_text())
    at, seq = exported["events"][-1]["at"], len(exported["events"])  # a restart while a turn ran, as forums.py logs it
    exported["events"].append({"type": "ServerRestarted", "at": at + 120, "down_since": at + 2, "seq": seq + 1})
    kinds = {e["type"] for e in exported["events"]}
    assert kinds == set(DECISIONS), set(DECISIONS) - kinds
    path, fresh = tmp_path / "good.json", tmp_path / "fresh"
    path.write_text(json.dumps(exported))
    assert main(["import", str(path), "--data-dir", str(fresh)]) == 0
    code = play.code
    assert main(["export", code, "--format", "json", "--out", str(tmp_path / "again"), "--data-dir", str(fresh)]) == 0
    again = json.loads((tmp_path / "again" / f"{code}-export.json").read_text())
    assert again["events"] == exported["events"]


def test_a_code_with_a_trailing_newline_is_refused(exported, tmp_path, capsys):
    exported["events"][0]["code"] = "NLCOD\n"
    assert "events[0].code" in refused(tmp_path, capsys, exported)


def test_deep_nesting_is_refused_without_a_recursion_error(exported, tmp_path, capsys):
    message = refused(tmp_path, capsys, text="[" * 200_000 + "]" * 200_000)
    assert "nested far too deeply" in message and "Traceback" not in message
    nested: list = []
    for _ in range(500):
        nested = [nested]
    joined = first(exported, "ParticipantJoined")
    joined["name"] = nested
    message = refused(tmp_path, capsys, exported)
    assert f"events[{joined['seq'] - 1}].name" in message and "is not a text" in message


def test_a_vote_for_a_text_id_is_refused_before_anything_is_stored(exported, tmp_path, capsys):
    vote = first(exported, "VoteCast")
    vote["suggestion_id"] = str(vote["suggestion_id"])
    message = refused(tmp_path, capsys, exported)
    assert f"events[{vote['seq'] - 1}].suggestion_id" in message and "whole number" in message


def test_a_vote_for_a_suggestion_that_does_not_exist_is_refused(exported, tmp_path, capsys):
    vote = first(exported, "VoteCast")
    vote["suggestion_id"] = 999
    assert f"events[{vote['seq'] - 1}] (VoteCast)" in refused(tmp_path, capsys, exported)


@pytest.mark.parametrize("at", [1e308, float("nan"), -5.0, "soon", True])
def test_a_time_out_of_this_century_is_refused(exported, tmp_path, capsys, at):
    exported["events"][3]["at"] = at  # json writes NaN as NaN, which Python's json reads back
    assert "events[3].at" in refused(tmp_path, capsys, exported)


def test_time_running_back_in_the_log_is_refused(exported, tmp_path, capsys):
    exported["events"][5]["at"] = exported["events"][4]["at"] - 60
    assert "events[5].at" in refused(tmp_path, capsys, exported)


def test_an_empty_question_list_is_refused(exported, tmp_path, capsys):
    exported["events"][0]["questions"] = []
    assert "1 to 10 questions" in refused(tmp_path, capsys, exported)


def test_a_title_over_the_live_limit_is_refused(exported, tmp_path, capsys):
    exported["events"][0]["title"] = "T" * 5_000_000
    assert f"at most {MAX_TITLE}" in refused(tmp_path, capsys, exported)


@pytest.mark.parametrize("where", ["event", "top"])
def test_an_unknown_field_is_refused_not_kept(exported, tmp_path, capsys, where):
    if where == "event":
        joined = first(exported, "ParticipantJoined")
        joined["ip"] = "192.0.2.7"
        assert f"events[{joined['seq'] - 1}].ip" in refused(tmp_path, capsys, exported)
    else:
        exported["ip"] = "192.0.2.7"
        assert "ip:" in refused(tmp_path, capsys, exported)


def test_a_failed_write_leaves_nothing_half_imported(exported, tmp_path, capsys, monkeypatch):
    def fail(self, batch):
        raise OSError("disk full")

    monkeypatch.setattr(Store, "append_batch", fail)
    assert "could not be stored" in refused(tmp_path, capsys, exported)
