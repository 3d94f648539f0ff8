"""Checking the shape of what clients send, before anything reaches the forum rules."""
from __future__ import annotations

from .core import N_, Refused

# Translators: %(name)s is a field's name as the program spells it (suggestion_id, text).
WRONG_TYPE = {str: N_("The field '%(name)s' must be a text."),
              int: N_("The field '%(name)s' must be a whole number."),
              bool: N_("The field '%(name)s' must be true or false."),
              list: N_("The field '%(name)s' must be a list.")}


class Optional:
    def __init__(self, kind: type):
        self.kind = kind


def payload(data, spec: dict) -> dict:
    """The fields of `data` named in `spec`, each of the right type; refused otherwise."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise Refused(N_("The message must be an object with named fields."))
    out = {}
    for name, kind in spec.items():
        optional = isinstance(kind, Optional)
        kind = kind.kind if optional else kind
        if name not in data or data[name] is None:
            if not optional:
                raise Refused(N_("The field '%(name)s' is missing."), name=name)
            continue
        out[name] = _typed(name, data[name], kind)
    return out


def _typed(name: str, value, kind: type):
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        raise Refused(WRONG_TYPE[kind], name=name)
    if isinstance(value, str) and len(value) > 2000:
        raise Refused(N_("The field '%(name)s' is far too long."), name=name)
    return value
