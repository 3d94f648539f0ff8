"""Forum Facilitator: a live facilitation app for migrant forums.

Importing the package loads nothing but this file, so that run.py can read facilitator.config before it
monkey-patches (eventlet, gevent); the app itself is built by app.py.
"""
from __future__ import annotations


def create_app(config: dict | None = None):
    """The Flask app and its Socket.IO server (see app.create_app)."""
    from .app import create_app as build
    return build(config)
