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
    """The seat of each connected socket, dropped when it disconnects; the connected phones of each forum."""

    def __init__(self) -> None:
        self._by_sid: dict[str, Seat] = {}
        self._lock = threading.Lock()

    def get(self, sid: str) -> Seat | None:
        return self._by_sid.get(sid)

    def sit(self, sid: str, seat: Seat) -> Seat | None:
        """Seat a socket (a socket has one seat; joining again replaces it); the seat it had before."""
        with self._lock:
            previous, self._by_sid[sid] = self._by_sid.get(sid), seat
        return previous

    def leave(self, sid: str) -> Seat | None:
        with self._lock:
            return self._by_sid.pop(sid, None)

    def persons(self, code: str) -> set[str]:
        with self._lock:
            return {s.person for s in self._by_sid.values() if s.code == code and s.person}

    def sockets(self, code: str) -> list[str]:
        """The sockets seated in a forum."""
        with self._lock:
            return [sid for sid, s in self._by_sid.items() if s.code == code]

    def seated(self, code: str, person: str) -> bool:
        """Whether some socket still sits as this person."""
        with self._lock:
            return any(s.code == code and s.person == person for s in self._by_sid.values())

    def __len__(self) -> int:
        return len(self._by_sid)
