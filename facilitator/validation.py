"""Checking the shape of what clients send, before anything reaches the forum rules."""
from __future__ import annotations

from .core import Refused

TYPE_NAMES = {str: "a text", int: "a whole number", bool: "true or false", list: "a list"}


class Optional:
    def __init__(self, kind: type):
        self.kind = kind


def payload(data, spec: dict) -> dict:
    """The fields of `data` named in `spec`, each of the right type; refused otherwise."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise Refused("The message must be an object with named fields.")
    out = {}
    for name, kind in spec.items():
        optional = isinstance(kind, Optional)
        kind = kind.kind if optional else kind
        if name not in data or data[name] is None:
            if not optional:
                raise Refused(f"The field '{name}' is missing.")
            continue
        out[name] = _typed(name, data[name], kind)
    return out


def _typed(name: str, value, kind: type):
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        raise Refused(f"The field '{name}' must be {TYPE_NAMES[kind]}.")
    if isinstance(value, str) and len(value) > 2000:
        raise Refused(f"The field '{name}' is far too long.")
    return value
