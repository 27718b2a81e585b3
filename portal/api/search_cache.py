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


def cached_search(args: Hashable, render: Callable[[], str]) -> StoredPage:
    """The stored body for `args`, rendered by `render()` when none is current."""
    key = ("api.jobs.search", args, clock.now().replace(second=0, microsecond=0))
    revision = _revision()
    cache = page_cache()
    stored: StoredPage | None = cache.get(key)
    if stored is None or stored.fingerprint != revision:
        stored = StoredPage.of(revision, render())
        cache.put(key, stored)
    return stored
