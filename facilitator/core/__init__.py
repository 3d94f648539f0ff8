"""The forum rules in plain Python: no Flask, no sockets, time passed in as `now`."""
from .errors import N_, N_plural, Plural, Refused

__all__ = ["N_", "N_plural", "Plural", "Refused"]
