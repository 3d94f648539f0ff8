"""Vote stuffing by fresh identities (issue 8.4), attacked from outside: a real server on a real port,
real Socket.IO clients.

Before: every join without a token made a new person, counted per the token the client chose, so
one socket made 50 voters in a row, 60 sockets made 60 however fast they came, and nothing showed
the moderator or let them close the door. After: a connection makes at most 2 new people, a forum
takes new people from a refilling bucket (small here, 400 by default), the moderator can close
joining, and the console's integrity figure counts phones and voters against the people present.
"""
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.e2e_support import Server, peers, refused, wait_until  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e

BURST, PER_MINUTE = 20, 6  # the forum's bucket of new phones, tight for the test


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("identities"),
                 env={"FACILITATOR_NEW_PHONES_BURST": str(BURST),
                      "FACILITATOR_NEW_PHONES_PER_MINUTE": str(PER_MINUTE)}).start()
    yield srv
    srv.stop()


def export(server, code: str) -> dict:
    response = requests.get(f"{server.url}/api/forums/{code}/export.json", headers={"X-Moderator-Key": server.key},
                            timeout=10)
    assert response.status_code == 200
    return response.json()


def test_one_socket_cannot_make_a_crowd_of_voters(server, peers):
    code = server.create_forum(title="Stuffing")
    author = peers(server.url)
    assert author.join(code, "participant")["ok"]
    target = author.ok("suggest", {"text": "Vote for me"})["suggestion_id"]
    attacker = peers(server.url)
    made, refusals, token = set(), [], None
    for _ in range(50):
        ack = attacker.call("join", {"code": code, "role": "participant", "lang": "sv"})
        if not ack["ok"]:
            refusals.append(ack)
            continue
        made.add(ack["state"]["me"]["person"])
        token = ack["token"]
        attacker.call("vote", {"suggestion_id": target})
    assert len(made) == 2, f"one socket made {len(made)} people"
    assert len(refusals) == 48 and all(refused(a) for a in refusals)
    assert refusals[0]["error"].startswith("Den här sidan"), refusals[0]  # in the language the join named
    votes = next(s for s in export(server, code)["suggestions"] if s["id"] == target)["votes"]
    assert votes == 2
    again = attacker.call("join", {"code": code, "role": "participant", "token": token})
    assert again["ok"] and again["state"]["me"]["person"] in made  # a known token always rejoins


def test_a_forum_takes_new_phones_from_a_bucket_that_a_script_empties(server, peers):
    code = server.create_forum(title="Flood")
    first = peers(server.url)
    assert first.join(code, "participant")["ok"]
    sockets = [peers(server.url) for _ in range(60)]
    with ThreadPoolExecutor(12) as pool:
        acks = list(pool.map(lambda s: s.call("join", {"code": code, "role": "participant", "lang": "en"}), sockets))
    joined = [a for a in acks if a["ok"]]
    assert BURST - 1 <= len(joined) <= BURST + 2, len(joined)  # the bucket, and what refilled meanwhile
    refusal = next(a for a in acks if not a["ok"])
    assert "Too many new phones" in refusal["error"], refusal
    assert len(export(server, code)["participants"]) == len(joined) + 1
    back = peers(server.url)
    assert back.join(code, "participant", token=first.token)["ok"]  # known phones still rejoin


def test_the_moderator_closes_joining_and_sees_phones_and_voters_against_the_hall(server, peers):
    code = server.create_forum(title="Integrity")
    moderator, board, phone = peers(server.url), peers(server.url), peers(server.url)
    assert moderator.join(code, "moderator", key=server.key)["ok"]
    assert board.join(code, "board")["ok"]
    assert phone.join(code, "participant", lang="ar")["ok"]
    sid = phone.ok("suggest", {"text": "More interpreters"})["suggestion_id"]
    phone.ok("vote", {"suggestion_id": sid})
    moderator.ok("set_attendance", {"present": 35})
    moderator.ok("set_joining", {"open": False})
    wait_until(lambda: board.mirror()["forum"]["joining_open"] is False, message="the board hears joining closed")

    late = peers(server.url)
    ack = late.call("join", {"code": code, "role": "participant", "lang": "ar"})
    assert refused(ack) and "not taking new phones" not in ack["error"] and ack["error"].strip(), ack  # Arabic
    english = late.call("join", {"code": code, "role": "participant"})
    assert "not taking new phones" in english["error"]
    assert peers(server.url).join(code, "participant", token=phone.token)["ok"]

    room = moderator.state()["room"]
    assert room == {"present": 35, "phones": 1, "voters": 1, "question_voters": 1, "joining_open": False,
                    "languages": [{"lang": "ar", "phones": 1}]}
    moderator.ok("set_joining", {"open": True})
    assert late.join(code, "participant")["ok"]
    wait_until(lambda: moderator.mirror()["room"]["phones"] == 2, message="the count of phones is pushed")


@pytest.mark.parametrize("sender, event, payload, words", [
    ("phone", "set_joining", {"open": False}, "Only the moderator"),
    ("board", "set_attendance", {"present": 3}, "Only the moderator"),
    ("moderator", "set_attendance", {"present": "many"}, "whole number"),
    ("moderator", "set_attendance", {"present": -4}, "between 0 and 100000"),
    ("moderator", "set_joining", {}, "missing"),
])
def test_the_new_actions_refuse_the_wrong_role_and_a_bad_payload(server, peers, sender, event, payload, words):
    code = server.create_forum(title="Refusals")
    sock = peers(server.url)
    joined = {"phone": lambda: sock.join(code, "participant"), "board": lambda: sock.join(code, "board"),
              "moderator": lambda: sock.join(code, "moderator", key=server.key)}[sender]()
    assert joined["ok"]
    ack = sock.call(event, payload)
    assert refused(ack) and words in ack["error"], ack
