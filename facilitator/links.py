"""The addresses of a forum's three screens, and its QR code."""
from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from flask import current_app, request


def base_url() -> str:
    """The address phones reach the server at: the configured LAN URL, else the one asked for."""
    return (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")


def forum_links(code: str, base: str | None = None) -> dict:
    base = base or base_url()
    return {"join_url": f"{base}/j/{code}", "board_url": f"{base}/b/{code}", "moderator_url": f"{base}/m/{code}"}


def qr_svg(text: str) -> bytes:
    """The QR code as SVG: crisp on a projector, no image library needed."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


def qr_terminal(text: str) -> str:
    """The QR code drawn with block characters, for the terminal."""
    qr = qrcode.QRCode(border=2)
    qr.add_data(text)
    out = io.StringIO()
    qr.print_ascii(out=out, invert=True)
    return out.getvalue()
