"""Pages, scripts and styles sent gzip-compressed to browsers that take it: a phone's first load over
venue Wi-Fi is a third of its size. Static files are compressed once and kept while they are unchanged."""
from __future__ import annotations

import gzip

from flask import Response, request

COMPRESSIBLE = {"text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                "image/svg+xml", "text/plain", "text/csv"}
MIN_BYTES = 600
_static: dict[tuple[str, str], bytes] = {}


def compress(response: Response) -> Response:
    """gzip a 200 response of a text type when the browser accepts it (after_request)."""
    if (response.status_code != 200 or response.mimetype not in COMPRESSIBLE
            or "gzip" not in request.headers.get("Accept-Encoding", "").lower()
            or "Content-Encoding" in response.headers):
        return response
    response.direct_passthrough = False
    etag = response.headers.get("ETag")
    key = (request.path, etag) if etag and request.path.startswith("/static/") else None
    body = _static.get(key) if key else None
    if body is None:
        data = response.get_data()
        if len(data) < MIN_BYTES:
            return response
        body = gzip.compress(data, compresslevel=6)
        if key:
            _static[key] = body
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    if etag and not etag.startswith("W/"):
        response.headers["ETag"] = "W/" + etag  # the same file, not the same bytes: a weak validator
    return response
