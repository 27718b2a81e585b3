"""A small in-process cache of rendered HTML, and the whole pages kept in it.

Callers store the content's revision with what they rendered and ask the database for the current
revision before serving it, so an edit is not served stale; a `StoredPage` (a whole page for
every visitor) is asked about at most every PAGE_RECHECK_SECONDS. Each process keeps its own
entries; the least recently used are dropped past `PAGE_CACHE_SIZE`.
"""

from __future__ import annotations

import gzip
import hashlib
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, replace
from typing import Any

from flask import Response, current_app, request, session
from flask_login import current_user

from portal.urls import site_url_configured


class RenderedCache:
    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            if key not in self._entries:
                return None
            self._entries.move_to_end(key)
            return self._entries[key]

    def put(self, key: Hashable, value: Any) -> None:
        if self.max_entries <= 0:
            return
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def anonymous_visit() -> bool:
    """A visitor who is not signed in and has no flashed message waiting: the page they get
    holds nothing of their own, so it may be one stored for every visitor (what else the page
    depends on is for the caller to say)."""
    return not current_user.is_authenticated and "_flashes" not in session


def slot_markup(name: str, *args: Any) -> str:
    """What a template global another domain registers (a slot, such as billing's `ad_slot`)
    renders, as text to put in a stored page's fingerprint; "" when no domain registered it."""
    slot = current_app.jinja_env.globals.get(name)
    return str(slot(*args)) if slot else ""


CACHE_EXTENSION = "portal.page_cache"


def page_cache() -> RenderedCache:
    extensions = current_app.extensions
    if CACHE_EXTENSION not in extensions:
        # What is kept here is served to people other than the one whose request rendered it,
        # so it must not depend on anything a visitor sends. Its absolute URLs (canonical,
        # og:url, JSON-LD, share links) come from SITE_URL; without SITE_URL (development and
        # tests only: production refuses to start) they would come from the request's Host
        # header, so nothing is kept and every page is rendered for its own request.
        size = current_app.config["PAGE_CACHE_SIZE"] if site_url_configured() else 0
        extensions[CACHE_EXTENSION] = RenderedCache(size)
    return extensions[CACHE_EXTENSION]


@dataclass(frozen=True)
class StoredPage:
    """A whole page kept for everyone who gets the same one, with what it was rendered from
    (`fingerprint`), and compressed once: every browser accepts gzip, and a long page shrinks
    to about a fifth."""

    fingerprint: Hashable
    body: bytes
    gzipped: bytes
    etag: str
    checked_at: float  # time.monotonic() when it was last found current

    @classmethod
    def of(cls, fingerprint: Hashable, html: str) -> StoredPage:
        body = html.encode()
        return cls(
            fingerprint,
            body,
            gzip.compress(body, compresslevel=6, mtime=0),
            hashlib.sha1(body, usedforsecurity=False).hexdigest(),  # as Response.add_etag()
            time.monotonic(),
        )

    def checked_now(self) -> StoredPage:
        return replace(self, checked_at=time.monotonic())

    def checked_within(self, seconds: float) -> bool:
        return time.monotonic() - self.checked_at < seconds

    def response(self, cache_control: str | None = None, *, replayable: bool = False) -> Response:
        """The page for the current request, gzipped when the browser accepts that; the two
        are different representations, so each has its own ETag (RFC 9110, 8.8.3). Its
        headers are written out at once (this is the whole of a stored page's request), and a
        request that asks whether its copy is current gets a 304.

        `replayable`: the view served this page because of the request's path and query alone
        (what else it asked, such as a signed-in person, cannot differ for a request without
        cookies), so the visitor lane may answer the same request again while the page is
        current (`allow_replay`)."""
        if replayable:
            allow_replay(self.checked_at)
        packed = request.accept_encodings["gzip"] > 0
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("ETag", f'"{self.etag}-gzip"' if packed else f'"{self.etag}"'),
            # The page differs by encoding, and for a signed-in person (the session cookie).
            ("Vary", "Accept-Encoding, Cookie"),
        ]
        if packed:
            headers.append(("Content-Encoding", "gzip"))
        if cache_control:
            headers.append(("Cache-Control", cache_control))
        response = current_app.response_class(
            self.gzipped if packed else self.body, headers=headers
        )
        if not CONDITIONAL_HEADERS.isdisjoint(request.environ):
            response.make_conditional(request)
        return response


# A request with none of these gets the page as it is (make_conditional would only add a Date,
# which the server adds anyway).
CONDITIONAL_HEADERS = frozenset(
    {
        "HTTP_IF_NONE_MATCH",
        "HTTP_IF_MATCH",
        "HTTP_IF_MODIFIED_SINCE",
        "HTTP_IF_UNMODIFIED_SINCE",
        "HTTP_RANGE",
        "HTTP_IF_RANGE",
    }
)


# The request environ key a view sets to let portal/visitor_lane.py answer the same request again.
REPLAY_CHECKED_AT = "portal.replay_checked_at"


def allow_replay(checked_at: float = math.inf) -> None:
    """Let the visitor lane (portal/visitor_lane.py) answer the same request without cookies with
    this response again, while `checked_at` (time.monotonic() when what the response shows was
    last found current) is less than PAGE_RECHECK_SECONDS ago: the same promise a StoredPage
    keeps. The default, infinity, is for a response that stays right for the process's life
    (robots.txt names SITE_URL's sitemap). Only for responses that depend on nothing but the
    request's method, path, query string, host, scheme and Accept-Encoding, and on no state a
    cookie or a header other than those could change; the lane replays them with every header
    the hooks added, and never a response that sets a cookie."""
    request.environ[REPLAY_CHECKED_AT] = checked_at
