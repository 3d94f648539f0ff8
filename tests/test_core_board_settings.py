"""Names go where the phone says they go, and the board speaks the room's languages (issue 10,
items 8 and 5), in the core."""
import pytest

from core_support import Forum
from facilitator.core import Refused, queue, settings, turn, views


def labels(f: Forum, audience: str) -> tuple:
    state = views.full_state(f.state, audience, f.now)
    return state["speaker"]["label"], [e["label"] for e in state["queue"]]


def test_names_are_on_the_console_only_unless_the_forum_puts_them_on_the_board():
    f = Forum(policy="fifo")
    amina, bo = f.join("Amina"), f.join("")
    f.do(queue.raise_hand, amina)
    f.do(queue.raise_hand, bo)
    f.do(queue.add_speaker, "Woman in red scarf, row 3")
    f.do(turn.next_speaker)
    assert labels(f, "moderator") == ("Amina", ["P2", "Woman in red scarf, row 3"])
    assert labels(f, "board") == labels(f, "participant") == ("P1", ["P2", "Woman in red scarf, row 3"])
    assert views.me_part(f.state, amina, f.now)["label"] == "P1"
    f.do(settings.update_settings, {"names_on_board": True})
    assert labels(f, "board") == ("Amina", ["P2", "Woman in red scarf, row 3"])
    assert views.me_part(f.state, amina, f.now)["label"] == "Amina"
    assert views.full_state(f.state, "board", f.now)["forum"]["names_on_board"] is True


def test_board_languages_are_page_languages_at_most_four_each_once():
    f = Forum()
    f.do(settings.update_settings, {"board_languages": ["sv", "ar", "ti"]})
    assert views.full_state(f.state, "board", f.now)["forum"]["board_languages"] == ["sv", "ar", "ti"]
    for bad, message in ((["sv", "ar", "ti", "so", "fa"], "at most 4"), (["xx"], "not a language the board"),
                         (["sv", "sv"], "once")):
        with pytest.raises(Refused, match=message):
            f.do(settings.update_settings, {"board_languages": bad})
    assert f.do(settings.update_settings, {"board_languages": ["sv", "ar", "ti"]}) == []
