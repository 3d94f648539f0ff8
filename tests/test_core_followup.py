"""The after-the-night rules on a fake clock: recommendations and their statuses, the closing round and
its anonymity, ending a forum, and the store's table of recommendations against the replay."""
import pytest

from core_support import Forum
from facilitator.core import Refused, closing_round, ending, people, queue, recommendations, suggestions, turn, voting
from facilitator.core.evolve import replay
from facilitator.core.events import ClosingAnswered, RecommendationDrafted

TEAM = {"role": "team", "key": 7, "name": "Selma"}


@pytest.fixture
def night():
    """A forum with two suggestions on question 1 (one with a vote), one on question 2, and one speech."""
    f = Forum()
    a, b = f.join(), f.join()
    f.ids = [f.do(suggestions.suggest, a, "Evening classes")[0].suggestion_id]
    f.wait(11)
    f.ids.append(f.do(suggestions.suggest, b, "A youth centre")[0].suggestion_id)
    f.do(voting.vote, b, f.ids[0])
    f.do(queue.raise_hand, a, "ar")
    f.do(turn.next_speaker)
    f.wait(30)
    f.do(turn.end_turn)
    f.people = [a, b]
    return f


def draft(f, rid=1, **fields):
    body = {"question": 0, "title": "Classes at night", "text": "", "suggestion_ids": [f.ids[0]], "by": TEAM}
    body.update(fields)
    return f.do(lambda forum, now: recommendations.draft(forum, now, rid, **body))


def test_a_recommendation_rests_on_the_forums_shown_suggestions_and_speeches(night):
    draft(night, suggestion_ids=night.ids + [night.ids[0]], speech_ids=[1])
    rec = night.state.recommendations[1]
    assert rec.suggestion_ids == night.ids and rec.speech_ids == [1] and rec.status == "drafted"
    assert rec.history == [{"status": "drafted", "at": night.now, "date": "", "to": "", "department": "",
                            "official": "", "reason": "", "note": "", "by": TEAM}]


@pytest.mark.parametrize("fields, words", [
    ({"title": "   "}, "needs a title"), ({"question": 3}, "no question"), ({"question": True}, "no question"),
    ({"suggestion_ids": [99]}, "not one of this forum's"), ({"suggestion_ids": ["1"]}, "whole numbers"),
    ({"speech_ids": [5]}, "not one of this forum's speeches"), ({"scope": "moon"}, "scope"),
    ({"title": "x" * 201}, "too long"),
])
def test_bad_content_is_refused(night, fields, words):
    with pytest.raises(Refused, match=words):
        draft(night, **fields)
    assert night.state.recommendations == {}


def test_hidden_merged_or_pending_suggestions_cannot_back_a_recommendation(night):
    night.do(suggestions.hide, night.ids[1], True)
    with pytest.raises(Refused, match="never shown"):
        draft(night, suggestion_ids=[night.ids[1]])
    night.do(suggestions.hide, night.ids[1], False)
    night.do(suggestions.merge, night.ids[1], night.ids[0])
    with pytest.raises(Refused, match="merged into suggestion 1"):
        draft(night, suggestion_ids=[night.ids[1]])


def status(f, s, **details):
    return f.do(lambda forum, now: recommendations.set_status(forum, now, 1, s, TEAM, **details))


def test_statuses_move_forward_freely_and_back_only_with_a_reason(night):
    draft(night)
    status(night, "presented", to="The city board", date="2027-02-01")
    status(night, "in_progress")  # skipping "assigned" forward is allowed
    with pytest.raises(Refused, match="back from in_progress to assigned needs a reason"):
        status(night, "assigned")
    status(night, "assigned", reason="Another department takes it", department="Education")
    rec = night.state.recommendations[1]
    assert [h["status"] for h in rec.history] == ["drafted", "presented", "in_progress", "assigned"]
    assert rec.since["date"] == "" and rec.history[1]["date"] == "2027-02-01" and rec.latest("department") == "Education"


def test_declined_needs_the_reason_and_a_final_status_is_left_only_with_one(night):
    draft(night)
    with pytest.raises(Refused, match="declined with the reason"):
        status(night, "declined")
    status(night, "declined", reason="No budget")
    with pytest.raises(Refused, match="needs a reason"):
        status(night, "implemented")  # the same rank, but it leaves a final status
    with pytest.raises(Refused, match="not a status"):
        status(night, "sleeping")
    with pytest.raises(Refused, match="not a date"):
        status(night, "declined", reason="x", date="1 May")


def test_a_repeated_status_change_records_nothing(night):
    draft(night)
    status(night, "assigned", department="Education")
    assert status(night, "assigned", department="Education") == [] and status(night, "assigned") == []
    assert len(status(night, "assigned", department="Culture")) == 1  # reassigned: a new entry


def test_notes_translations_edits_and_removing_a_draft(night):
    draft(night)
    night.do(recommendations.add_note, 1, "Asked the board again", TEAM)
    night.do(recommendations.translate, 1, "ar", "دورات مسائية", "", TEAM)
    with pytest.raises(Refused, match="needs a title too"):
        night.do(recommendations.translate, 1, "fa", "", "متن", TEAM)
    night.do(recommendations.edit, 1, 1, "Classes", "Text", [night.ids[2 - 1]], [], "beyond", "A letter", TEAM)
    rec = night.state.recommendations[1]
    assert rec.notes[0]["note"] == "Asked the board again" and rec.translations == {"ar": {"title": "دورات مسائية", "text": ""}}
    assert (rec.question, rec.scope, rec.route, rec.edited_by) == (1, "beyond", "A letter", TEAM)
    night.do(recommendations.remove, 1, TEAM)
    assert night.state.recommendations == {}
    draft(night, rid=2)
    status_of_2 = night.do(recommendations.set_status, 2, "presented", TEAM)
    assert status_of_2
    with pytest.raises(Refused, match="Only a draft can be removed"):
        night.do(recommendations.remove, 2, TEAM)


def test_the_store_rows_follow_the_replay(night):
    draft(night)
    status(night, "assigned", department="Education", official="K. Berg")
    changes = [op for e in night.events for op in recommendations.row_changes(e)]
    assert changes[-1] == ("set", 1, {"status": "assigned", "status_at": night.now, "status_date": "",
                                      "department": "Education", "official": "K. Berg"})
    assert replay(night.events).recommendations[1].history == night.state.recommendations[1].history


# ---- the closing round ----------------------------------------------------------------------------

def answered(f, langs: dict[str, int], item="said", step=4):
    """Phones answering, `n` of each language."""
    for lang, n in langs.items():
        for _ in range(n):
            f.do(closing_round.answer, f.join(), item, step, lang)


def test_one_answer_per_phone_and_question_changeable_while_open():
    f = Forum()
    p = f.join()
    with pytest.raises(Refused, match="not open"):
        f.do(closing_round.answer, p, "said", 3, "ar")
    f.do(closing_round.set_open, True)
    f.do(closing_round.answer, p, "said", 3, "ar")
    assert f.do(closing_round.answer, p, "said", 3, "ar") == []  # a resend
    f.do(closing_round.answer, p, "said", 5, "ar")
    with pytest.raises(Refused, match="five faces"):
        f.do(closing_round.answer, p, "said", 6, "ar")
    with pytest.raises(Refused, match="no closing question"):
        f.do(closing_round.answer, p, "mood", 3, "ar")
    assert closing_round.results(f.state)["items"]["said"] == [0, 0, 0, 0, 1]
    assert closing_round.answers_of(f.state, p) == {"said": 5, "represented": None}


def test_languages_are_shown_only_for_groups_of_five_and_never_given_away_by_subtraction():
    f = Forum()
    f.do(closing_round.set_open, True)
    answered(f, {"ar": 6, "so": 5, "ti": 2})
    # ti (2) could be worked out from the totals minus ar and so: so (the smaller group) is folded in too
    assert set(closing_round.breakdown(f.state.closing)) == {"ar"}
    answered(f, {"uk": 3})
    assert set(closing_round.breakdown(f.state.closing)) == {"ar", "so"}  # the rest is 5 now: safe
    f.do(closing_round.set_open, False)
    by_lang = f.state.closing.by_lang
    assert by_lang["ar"] == {"answered": 6, "said": [0, 0, 0, 6, 0], "represented": [0] * 5}


def test_the_export_numbers_the_answering_phones_apart_and_drops_their_language():
    f = Forum()
    f.do(closing_round.set_open, True)
    answered(f, {"ar": 5})
    out = closing_round.anonymised(f.events)
    answers = [e for e in out if isinstance(e, ClosingAnswered)]
    assert [e.person for e in answers] == ["A1", "A2", "A3", "A4", "A5"] and {e.lang for e in answers} == {""}
    people_ids = {p for p in f.state.people}
    assert not {e.person for e in answers} & people_ids


def test_recorded_results_are_checked_against_the_round():
    f = Forum()
    f.do(closing_round.set_open, True)
    answered(f, {"ar": 5})
    good = {"ar": {"answered": 5, "said": [0, 0, 0, 5, 0], "represented": [0] * 5}}
    assert f.do(closing_round.set_open, False, good)[0].by_lang == good
    f.do(closing_round.set_open, True)
    for bad in ({"ar": {"answered": 4, "said": [0] * 5, "represented": [0] * 5}},
                {"ar": {"answered": 5, "said": [9, 0, 0, 0, 0], "represented": [0] * 5}},
                {"ar": {"answered": 5}}):
        with pytest.raises(Refused):
            closing_round.set_open(f.state, f.now, False, bad)


# ---- ending -----------------------------------------------------------------------------------------

def test_ending_stops_the_turn_closes_the_round_and_phones_input(night):
    a = night.people[0]
    night.do(queue.raise_hand, a, "ar")
    night.do(turn.next_speaker)
    night.do(closing_round.set_open, True)
    kinds = [e.type for e in night.do(ending.end)]
    assert kinds == ["TurnEnded", "ClosingRoundSet", "ForumEnded"]
    assert ending.is_over(night.state, night.now) and night.do(ending.end) == []
    with pytest.raises(Refused, match="has ended"):
        ending.refuse_if_ended(night.state)
    night.do(ending.reopen)
    assert not ending.is_over(night.state, night.now)


def test_a_forum_with_recommendations_is_over_once_its_floor_has_been_quiet(night):
    draft(night)
    assert not ending.is_over(night.state, night.now)
    night.wait(ending.QUIET_S - 1)
    night.do(recommendations.add_note, 1, "The follow-up is not the floor", TEAM)
    assert not ending.is_over(night.state, night.now)
    night.wait(2)
    assert ending.is_over(night.state, night.now)


def test_ids_are_renumbered_on_an_import_that_meets_them_taken(night):
    draft(night)
    status(night, "presented")
    moved = recommendations.renumbered(night.events, {1: 40})
    assert [e.recommendation_id for e in moved if hasattr(e, "recommendation_id")] == [40, 40]
    assert isinstance(moved[-2], RecommendationDrafted) and replay(moved).recommendations[40].status == "presented"


def test_people_module_is_untouched_by_the_follow_up(night):
    assert people.join_participant(night.state, night.now)[0].person == "P3"


@pytest.mark.parametrize("original, lang, shown, missing, written", [
    ("Kvällskurser i svenska", "sv", "Kvällskurser i svenska", False, "sv"),
    ("Kvällskurser i svenska", "ar", "دروس مسائية", False, "ar"),          # its Arabic translation
    ("Kvällskurser i svenska", "so", "Kvällskurser i svenska", True, "sv"),  # none in Somali: marked
    ("مترجمون في المراكز الصحية", "ar", "مترجمون في المراكز الصحية", False, "ar"),  # written in Arabic
    ("مترجمون في المراكز الصحية", "prs", "مترجمون في المراكز الصحية", False, "ar"),  # same script: no mark
    ("مترجمون في المراكز الصحية", "sv", "مترجمون في المراكز الصحية", True, "ar"),  # in Swedish it is foreign
    ("ትምህርቲ ምሸት", "ti", "ትምህርቲ ምሸት", False, "ti"),
    ("Вечірні курси 2026", "sv", "Вечірні курси 2026", True, "uk"),
])
def test_a_text_is_read_as_written_in_its_own_script_and_marked_elsewhere(original, lang, shown, missing, written):
    from facilitator.core.newsletter import in_language
    translations = {"ar": "دروس مسائية"} if original.startswith("Kväll") else {}
    assert in_language(original, translations, lang) == {"text": shown, "missing": missing, "lang": written}
