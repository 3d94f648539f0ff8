"""What the app fits into python-socketio for a hall of phones: a client manager that indexes each
socket's rooms, and packets that never look for binary data.

python-socketio finds a disconnecting socket's rooms by looking in every room of the server
(`BaseManager.basic_disconnect`); a hall of 1,000 phones has over 2,000 rooms (each socket's own,
each person's), so its reconnect storm paid two million look-ups. Here a socket leaves the rooms
it is in, and nothing else is looked at.

Every packet python-socketio builds walks its whole payload in Python for bytes to send as binary
attachments (`Packet.data_is_binary`): a join's full state is hundreds of values. The app sends JSON
only, so its packets skip the walk.
"""
from __future__ import annotations

import socketio
from socketio.packet import Packet


class RoomIndex:
    """Mixed into a python-socketio manager: `basic_*` keep, and use, the rooms of each socket."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._rooms_of: dict[tuple[str, str], set] = {}  # (namespace, sid) -> its rooms (None: the connected)

    def basic_enter_room(self, sid, namespace, room, eio_sid=None):
        super().basic_enter_room(sid, namespace, room, eio_sid=eio_sid)
        self._rooms_of.setdefault((namespace, sid), set()).add(room)

    def basic_leave_room(self, sid, namespace, room):
        super().basic_leave_room(sid, namespace, room)
        rooms = self._rooms_of.get((namespace, sid))
        if rooms is not None:
            rooms.discard(room)
            if not rooms:
                del self._rooms_of[(namespace, sid)]

    def basic_disconnect(self, sid, namespace, **kwargs):
        """python-socketio's own, but over the socket's rooms only."""
        if namespace not in self.rooms:
            return
        for room in list(self._rooms_of.get((namespace, sid), ())):
            self.basic_leave_room(sid, namespace, room)
        self.callbacks.pop(sid, None)
        for pending in (self.pending_connect, self.pending_disconnect):
            if sid in pending.get(namespace, ()):
                pending[namespace].remove(sid)
                if not pending[namespace]:
                    del pending[namespace]

    def get_rooms(self, sid, namespace):
        return [room for room in self._rooms_of.get((namespace, sid), ()) if room is not None]


class TextPacket(Packet):
    """A Socket.IO packet of JSON only: what the server sends never carries bytes."""
    uses_binary_events = False


class Manager(RoomIndex, socketio.Manager):
    """One process: the laptop."""


class RedisManager(RoomIndex, socketio.RedisManager):
    """A cluster's worker: pushes shared through Redis."""


def client_manager(queue: str | None):
    """The manager for a server on its own (no queue) or one of a cluster's workers (a Redis URL)."""
    return RedisManager(queue, channel="flask-socketio") if queue else Manager()
