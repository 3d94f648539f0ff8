"""The one exception the forum rules raise."""


class Refused(Exception):
    """An action the rules do not allow; its message is shown to the person who tried it."""
