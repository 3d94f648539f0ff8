"""Who is the moderator: the key, checked with guesses slowed, exchanged once for a signed session.

The moderator key lives for as long as the data dir. So it never stays in a browser: the key form
POSTs it, `?key=` is exchanged at once for a cookie and redirected away, and the terminal prints a
one-time login link (useless once used) with the key beside it, not inside a URL. The cookie holds
a session signed with the app's secret and bound to the current key, never the key itself.

Guessing: after `FREE_GUESSES` wrong keys from one address, that address must wait before each
further try (1 s, doubling, at most `MAX_WAIT_S`); while it waits, no key from it is checked at all.
A right key clears the address. Counts are kept in memory only, forgotten after `FORGET_S`, and
never logged. The real moderator is never locked out for long: the wait is short, a session cookie
or a login link is not a guess, and a laptop has another address than a guessing phone.
"""
from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from typing import Callable

from itsdangerous import BadSignature, URLSafeTimedSerializer

from .connections import address_key
from .core import N_, Refused

FREE_GUESSES = 5
MAX_WAIT_S = 30.0
FORGET_S = 600.0
MAX_ADDRESSES = 10_000
SESSION_S = 30 * 86400

MISSING = N_("The moderator key is missing.")
WRONG = N_("That moderator key is wrong.")
WAIT = N_("Too many wrong keys. Try again in %(seconds)s s.")


class KeyRefused(Refused):
    """Not the moderator: `status` is 401 (no key), 403 (a wrong one, or `template` says why not) or 429
    (wait `retry_after` seconds)."""

    def __init__(self, status: int, retry_after: int = 0, template: str | None = None):
        self.status, self.retry_after = status, retry_after
        if status == 429:
            super().__init__(WAIT, seconds=retry_after)
        else:
            super().__init__(template or (MISSING if status == 401 else WRONG))

    @property
    def explained(self) -> bool:
        """Whether the refusal says more than "missing" or "wrong" (a revoked key, the wrong kind of key)."""
        return self.template not in (MISSING, WRONG)


class GuessGuard:
    """Wrong keys per address, and until when each address must wait before its next try."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._wrong: dict[str, tuple[int, float, float]] = {}  # address -> (wrong keys, last at, wait until)
        self._swept = clock()
        self._lock = threading.Lock()

    def wait_s(self, address) -> float:
        """Seconds `address` must still wait before a key from it is checked (0: check it now)."""
        with self._lock:
            entry = self._wrong.get(address_key(address))
        return max(0.0, entry[2] - self.clock()) if entry else 0.0

    def wrong(self, address) -> None:
        now, key = self.clock(), address_key(address)
        with self._lock:
            self._forget_old(now)
            count, last, _ = self._wrong.get(key, (0, now, now))
            count = 1 if now - last > FORGET_S else count + 1
            wait = 0.0 if count <= FREE_GUESSES else min(MAX_WAIT_S, 2.0 ** (count - FREE_GUESSES - 1))
            self._wrong[key] = (count, now, now + wait)

    def right(self, address) -> None:
        with self._lock:
            self._wrong.pop(address_key(address), None)

    def _forget_old(self, now: float) -> None:
        """Drop addresses quiet for FORGET_S (checked once a minute); a flood of addresses drops the oldest."""
        if now - self._swept < 60 and len(self._wrong) < MAX_ADDRESSES:
            return
        self._swept = now
        self._wrong = {k: v for k, v in self._wrong.items() if now - v[1] <= FORGET_S}
        while len(self._wrong) >= MAX_ADDRESSES:
            self._wrong.pop(next(iter(self._wrong)))


class ModeratorAccess:
    """The key check, the signed session that replaces the key, and the one-time login links."""

    def __init__(self, key: str, secret: str, clock: Callable[[], float] = time.monotonic):
        self._key = key.encode()
        self._sessions = URLSafeTimedSerializer(secret, salt="moderator-session")
        self._fingerprint = hmac.new(secret.encode(), self._key, hashlib.sha256).hexdigest()[:32]
        self.guard = GuessGuard(clock)
        self._links: set[str] = set()
        self._lock = threading.Lock()

    def check(self, given: str | None, address) -> None:
        """Accept the right key; else raise KeyRefused (401, 403, or 429 while the address must wait)."""
        self.identify(given, address)

    def identify(self, given: str | None, address, other: Callable[[str], object] | None = None):
        """None for the moderator key; else what `other` finds for the key (a core-team member: a Refused
        it raises, for a revoked key, is not counted as a guess); else KeyRefused as `check`."""
        if not given:
            raise KeyRefused(401)
        wait = self.guard.wait_s(address)
        if wait > 0:
            raise KeyRefused(429, math.ceil(wait))
        if hmac.compare_digest(given.encode(), self._key):
            self.guard.right(address)
            return None
        try:
            found = other(given) if other else None
        except Refused as refusal:
            raise KeyRefused(403, template=refusal.template) from None
        if found is None:
            self.guard.wrong(address)
            raise KeyRefused(403)
        self.guard.right(address)
        return found

    def session(self) -> str:
        """A new session value for the cookie: signed, dated, bound to the current key; not the key."""
        return self._sessions.dumps(self._fingerprint)

    def is_session(self, value: str | None) -> bool:
        if not value:
            return False
        try:
            return hmac.compare_digest(self._sessions.loads(value, max_age=SESSION_S), self._fingerprint)
        except (BadSignature, TypeError):
            return False

    def login_link_token(self) -> str:
        """A token for a login link that works once (for the terminal's banner)."""
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._links.add(token)
        return token

    def use_login_link(self, token: str) -> bool:
        """True once per token: the link logs in, then it is spent."""
        with self._lock:
            if token in self._links:
                self._links.discard(token)
                return True
        return False
