"""The forum rules in plain Python: no Flask, no sockets, time passed in as `now`."""
from .errors import Refused

__all__ = ["Refused"]
