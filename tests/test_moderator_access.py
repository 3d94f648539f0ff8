"""The moderator key: exchanged once for a signed session, never kept in an address, guesses slowed."""
import pytest

from conftest import KEY, FakeClock
from facilitator.moderator_access import FREE_GUESSES, MAX_WAIT_S
from facilitator.security import KEY_COOKIE

LAPTOP, PHONE = {"REMOTE_ADDR": "192.168.1.10"}, {"REMOTE_ADDR": "192.168.1.77"}


def session_cookie(client) -> str | None:
    cookie = client.get_cookie(KEY_COOKIE)
    return cookie.value if cookie else None


@pytest.fixture
def guard_clock(app) -> FakeClock:
    clock = FakeClock(1000.0)
    app.extensions["moderator_access"].guard.clock = clock
    return clock


def test_the_key_form_posts_the_key_and_the_cookie_holds_a_session_not_the_key(client, room):
    page = client.get("/m/?lang=sv")
    assert page.status_code == 401 and b'<form method="post" action="" class="stack-form">' in page.data
    response = client.post("/m/?lang=sv", data={"key": KEY})
    assert response.status_code == 303 and response.headers["Location"] == "/m/?lang=sv"
    value = session_cookie(client)
    assert value and KEY not in value
    assert "HttpOnly" in response.headers["Set-Cookie"] and "SameSite=Strict" in response.headers["Set-Cookie"]
    assert client.get("/m/").status_code == 200 and client.get("/api/forums").status_code == 200
    assert client.post(f"/m/{room.code}", data={"key": "wrong"}).status_code == 403


def test_the_raw_key_or_a_forged_session_in_the_cookie_is_not_a_session(app, client, room):
    client.set_cookie(KEY_COOKIE, KEY)
    assert client.get("/m/").status_code == 401
    client.set_cookie(KEY_COOKIE, "InRoaXMgaXMgbm90IHNpZ25lZCI.Zz.forged")
    assert client.get("/api/forums").status_code == 401


def test_key_in_the_address_is_exchanged_and_redirected_away_on_the_api_too(client, room):
    response = client.get(f"/api/forums/{room.code}/export.csv?table=questions&key={KEY}")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/api/forums/{room.code}/export.csv?table=questions"
    assert client.get(response.headers["Location"]).status_code == 200
    assert client.get(f"/j/{room.code}?key=anything").status_code == 200  # the phone page ignores it


def test_a_login_link_works_once(app, client, room):
    token = app.extensions["moderator_access"].login_link_token()
    response = client.get(f"/m/login/{token}")
    assert response.status_code == 303 and response.headers["Location"] == "/m/" and session_cookie(client)
    other = app.test_client()
    spent = other.get(f"/m/login/{token}")
    assert spent.status_code == 403 and b"used already" in spent.data
    assert other.get("/m/").status_code == 401


def test_guesses_are_slowed_per_address_and_the_moderator_is_never_locked_out_for_long(app, room, guard_clock):
    guesser, laptop = app.test_client(), app.test_client()
    assert laptop.post("/m/", data={"key": KEY}, environ_base=LAPTOP).status_code == 303
    statuses = [guesser.get("/api/forums", headers={"X-Moderator-Key": f"guess{i}"}, environ_base=PHONE).status_code
                for i in range(FREE_GUESSES + 1)]
    assert statuses == [403] * FREE_GUESSES + [403]
    waiting = guesser.get("/api/forums", headers={"X-Moderator-Key": KEY}, environ_base=PHONE)
    assert waiting.status_code == 429 and int(waiting.headers["Retry-After"]) >= 1 and waiting.json["error"]
    page = guesser.post("/m/", data={"key": "guess"}, environ_base=PHONE)
    assert page.status_code == 429 and b"Too many wrong keys" in page.data
    # While that address waits: the moderator's session works, and so does the key from another address.
    assert laptop.get("/api/forums", environ_base=PHONE).status_code == 200
    assert app.test_client().get("/api/forums", headers={"X-Moderator-Key": KEY}, environ_base=LAPTOP).status_code == 200
    # Each wrong key after the free ones doubles the wait, up to MAX_WAIT_S; then the right key is let in.
    for _ in range(20):
        guard_clock.advance(MAX_WAIT_S)
        assert guesser.get("/api/forums", headers={"X-Moderator-Key": "guess"}, environ_base=PHONE).status_code == 403
    assert guesser.get("/api/forums", headers={"X-Moderator-Key": KEY}, environ_base=PHONE).status_code == 429
    guard_clock.advance(MAX_WAIT_S)
    assert guesser.get("/api/forums", headers={"X-Moderator-Key": KEY}, environ_base=PHONE).status_code == 200


def test_the_socket_join_goes_through_the_same_guard_and_takes_the_session(app, room, client, guard_clock):
    guesser = room.socket()
    for i in range(FREE_GUESSES):
        ack = guesser.emit("join", {"code": room.code, "role": "moderator", "key": f"guess{i}"}, callback=True)
        assert ack == {"ok": False, "error": "That moderator key is wrong."}
    guesser.emit("join", {"code": room.code, "role": "moderator", "key": "guess"}, callback=True)
    ack = guesser.emit("join", {"code": room.code, "role": "moderator", "key": KEY}, callback=True)
    assert not ack["ok"] and "Too many wrong keys" in ack["error"]
    assert client.post("/m/", data={"key": KEY}, environ_base=LAPTOP).status_code == 303
    console = room.socket()  # the same address as the guesser, with the console's session cookie
    assert console.emit("join", {"code": room.code, "role": "moderator"}, callback=True)["ok"]
