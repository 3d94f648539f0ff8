"""python-socketio as the app fits it. The client manager's index of each socket's rooms: a disconnect leaves exactly the rooms python-socketio's
own scan would, and nothing of the socket is left behind."""
import socketio
from socketio.packet import Packet

from facilitator.socket_layer import Manager, TextPacket


def manager_with(sockets: dict[str, list[str]]):
    plain, indexed = socketio.Manager(), Manager()
    for m in (plain, indexed):
        for eio_sid, rooms in sockets.items():
            m.basic_enter_room(eio_sid, "/", None, eio_sid=eio_sid)
            m.basic_enter_room(eio_sid, "/", eio_sid)
            for room in rooms:
                m.basic_enter_room(eio_sid, "/", room)
    return plain, indexed


def test_a_disconnect_leaves_the_same_rooms_as_python_socketios_scan():
    plain, indexed = manager_with({"a": ["F:participant", "F:person:P1"], "b": ["F:participant", "F:person:P2"],
                                   "c": ["F:board"]})
    assert sorted(indexed.get_rooms("a", "/")) == sorted(plain.get_rooms("a", "/")) == ["F:participant", "F:person:P1", "a"]
    for m in (plain, indexed):
        m.basic_leave_room("b", "/", "F:person:P2")
        m.basic_disconnect("a", "/")
        m.basic_disconnect("c", "/")
    assert {ns: {room: dict(who) for room, who in rooms.items()} for ns, rooms in indexed.rooms.items()} == \
        {ns: {room: dict(who) for room, who in rooms.items()} for ns, rooms in plain.rooms.items()} == \
        {"/": {None: {"b": "b"}, "b": {"b": "b"}, "F:participant": {"b": "b"}}}
    assert indexed.get_rooms("a", "/") == [] and set(indexed._rooms_of) == {("/", "b")}
    indexed.basic_disconnect("b", "/")
    assert indexed.rooms == {} and indexed._rooms_of == {}


def test_a_text_packet_encodes_as_python_socketios_own():
    data = ["state", {"speaker": None, "queue": [{"entry_id": 1, "label": "Amal"}], "server_time": 1.5}]
    assert TextPacket(data=data, namespace="/").encode() == Packet(data=data, namespace="/").encode()
    decoded = TextPacket(encoded_packet=Packet(data=data, namespace="/", id=7).encode())
    assert (decoded.data, decoded.id) == (data, 7)
