"""The seats' index of persons per forum agrees with the seats themselves, however sockets come and go."""
from facilitator.seats import Seat, Seats


def test_a_person_stays_seated_while_any_of_its_sockets_is():
    seats = Seats()
    seats.sit("s1", Seat("ABCDE", "participant", "P1"))
    seats.sit("s2", Seat("ABCDE", "participant", "P1"))  # the same phone, reconnected before its old socket went
    seats.sit("b", Seat("ABCDE", "board"))
    assert seats.persons("ABCDE") == {"P1"}
    seats.leave("s1")
    assert seats.seated("ABCDE", "P1")
    seats.leave("s2")
    assert not seats.seated("ABCDE", "P1") and seats.persons("ABCDE") == set()
    assert seats.leave("s2") is None and len(seats) == 1


def test_a_socket_seated_again_moves_its_person():
    seats = Seats()
    seats.sit("s1", Seat("ABCDE", "participant", "P1"))
    previous = seats.sit("s1", Seat("FGHJK", "participant", "P2"))
    assert previous.person == "P1"
    assert seats.persons("ABCDE") == set() and seats.persons("FGHJK") == {"P2"}
    assert seats.seated_among("FGHJK", {"P1", "P2", "P3"}) == {"P2"}
    assert seats.sockets("FGHJK") == ["s1"]
