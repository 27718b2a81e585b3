"""Public job searches kept as rendered JSON, so a popular search costs no database work.

An entry is the whole response body for one set of query parameters, made in one minute of the
clock (postings open and close with time, and `posted_within` counts from now), together with
the postings' revision it was made from (`jobs.services.postings_revision`). The revision is asked
at most every PAGE_RECHECK_SECONDS per process, so an import shows in the API within that.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable

from flask import current_app

from portal import clock
from portal.jobs import services as jobs
from portal.page_cache import StoredPage, page_cache

REVISION_KEY = "api.postings_revision"


def _revision() -> Hashable:
    cache = page_cache()
    known = cache.get(REVISION_KEY)
    recheck = current_app.config["PAGE_RECHECK_SECONDS"]
    if known is not None and time.monotonic() - known[1] < recheck:
        return known[0]
    revision = jobs.postings_revision()
    cache.put(REVISION_KEY, (revision, time.monotonic()))
    return revision


def _key(query_string: bytes) -> Hashable:
    return ("api.jobs.search", query_string, clock.now().replace(second=0, microsecond=0))


def kept_search(query_string: bytes) -> StoredPage | None:
    """The stored body for this query string, if it is current; None otherwise. Asked before
    the parameters are even parsed: only a request that was valid stored anything."""
    stored: StoredPage | None = page_cache().get(_key(query_string))
    if stored is None or stored.fingerprint != _revision():
        return None
    return stored


def cached_search(query_string: bytes, render: Callable[[], str]) -> StoredPage:
    """The stored body for this query string, rendered by `render()` when none is current."""
    stored = kept_search(query_string)
    if stored is None:
        stored = StoredPage.of(_revision(), render())
        page_cache().put(_key(query_string), stored)
    return stored
