"""Which socket sits in which forum, in which role, as which person: state kept per connection only."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from .i18n import DEFAULT

ROLES = ("participant", "board", "moderator")


@dataclass
class Seat:
    code: str
    role: str
    person: str | None = None
    lang: str = DEFAULT  # the page's language (join's `lang`): refusals are answered in it


class Seats:
    """The seat of each connected socket, dropped when it disconnects; the connected phones of each forum.

    The persons seated are indexed per forum: a hall's reconnect storm asks, for each of its 1,000
    dropped sockets, whether its person still sits elsewhere (no scan of every socket each time).
    """

    def __init__(self) -> None:
        self._by_sid: dict[str, Seat] = {}
        self._sockets_of: dict[str, dict[str, int]] = {}  # forum code -> person -> sockets seated as them
        self._lock = threading.Lock()

    def get(self, sid: str) -> Seat | None:
        return self._by_sid.get(sid)

    def sit(self, sid: str, seat: Seat) -> Seat | None:
        """Seat a socket (a socket has one seat; joining again replaces it); the seat it had before."""
        with self._lock:
            previous, self._by_sid[sid] = self._by_sid.get(sid), seat
            self._unindex(previous)
            if seat.person:
                persons = self._sockets_of.setdefault(seat.code, {})
                persons[seat.person] = persons.get(seat.person, 0) + 1
        return previous

    def leave(self, sid: str) -> Seat | None:
        with self._lock:
            seat = self._by_sid.pop(sid, None)
            self._unindex(seat)
            return seat

    def persons(self, code: str) -> set[str]:
        with self._lock:
            return set(self._sockets_of.get(code, ()))

    def seated_among(self, code: str, persons) -> set[str]:
        """Those of `persons` that some socket sits as."""
        with self._lock:
            seated = self._sockets_of.get(code, {})
            return {p for p in persons if p in seated}

    def sockets(self, code: str) -> list[str]:
        """The sockets seated in a forum."""
        with self._lock:
            return [sid for sid, s in self._by_sid.items() if s.code == code]

    def seated(self, code: str, person: str) -> bool:
        """Whether some socket still sits as this person."""
        with self._lock:
            return person in self._sockets_of.get(code, ())

    def __len__(self) -> int:
        return len(self._by_sid)

    def _unindex(self, seat: Seat | None) -> None:
        if seat is None or not seat.person:
            return
        persons = self._sockets_of[seat.code]
        persons[seat.person] -= 1
        if not persons[seat.person]:
            del persons[seat.person]
            if not persons:
                del self._sockets_of[seat.code]
