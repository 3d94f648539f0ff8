"""State kept per connection stays bounded: joins with a fresh 2,000-character token each time (issue 8.8:
~140 MB a minute) leave nothing behind once their sockets are gone, and the limiter never holds more than
its bound."""
import secrets

from facilitator.core import Refused
from facilitator.ratelimit import RateLimit


def test_board_joins_with_fresh_long_tokens_leave_nothing_behind(room):
    limit, seats = room.app.extensions["rate_limit"], room.app.extensions["seats"]
    broadcaster = room.app.extensions["broadcaster"]
    for _ in range(150):
        sock = room.socket()
        ack = sock.emit("join", {"code": room.code, "role": "board", "token": secrets.token_urlsafe(1500)[:2000]},
                        callback=True)
        assert ack["ok"]
        sock.disconnect()
    assert len(seats) == 0 and len(limit) == 0
    for _ in range(50):
        phone = room.phone()
        phone.emit("hand_raise", {}, callback=True)
        phone.disconnect()
    # A phone's actions count on its person for a minute after it leaves (so leaving resets nothing);
    # no socket id, and never a token, stays behind.
    assert len(seats) == 0 and broadcaster._last_me == {}
    assert len(limit) == 50 and all(key.startswith("P") and len(key) <= 8 for key in limit._hits)


def test_one_socket_joining_again_and_again_is_counted_on_itself():
    limit = RateLimit(5)
    for _ in range(5):
        limit.check("sid-1")
    try:
        limit.check("sid-1")
        raise AssertionError("the sixth join in a minute was let through")
    except Refused:
        pass
    limit.check("sid-2")


def test_the_limiter_never_holds_more_keys_than_its_bound():
    limit = RateLimit(120, max_keys=1000)
    for i in range(5000):
        limit.check(f"sid-{i}")
        assert len(limit) <= 1000
