"""The search and job pages as stored for every visitor (portal.page_cache): under which key,
and when a stored one may still be served. The views decide who is a visitor and render."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import current_app, request

from portal.jobs.forms import JobSearchForm
from portal.jobs.models import JobPosting
from portal.page_cache import StoredPage, anonymous_visit, page_cache


def search_page_key(form: JobSearchForm, page: int) -> tuple | None:
    """The search as the key of a page stored for every visitor, or None when this request
    should get a page of its own: a signed-in person or a flashed message, a field in error,
    or a URL that holds anything but the search (an unknown or repeated parameter, a value
    other than as the form reads it). What the stored page shows then depends on the key
    alone; empty fields, which the form sends, are the same search as absent ones."""
    if not anonymous_visit() or form.errors:
        return None
    args = form.query_args()
    for name, values in request.args.lists():
        if len(values) != 1:
            return None
        if name == "page":
            canonical = str(page)
        elif name in form:
            canonical = str(args[name]) if name in args else ""
        else:
            return None
        if values[0] != canonical:
            return None
    return ("jobs.search_page", page, *sorted((name, str(value)) for name, value in args.items()))


def known_search_page_key(guides: tuple) -> tuple | None:
    """The key this visitor's URL was found to stand for before (`remember_search_page_key`),
    or None. The URL decides the form's input and `guides` its choices, so the key it stands
    for is the same every time."""
    if not anonymous_visit():
        return None
    return page_cache().get(("jobs.search_url", request.query_string, guides))


def remember_search_page_key(guides: tuple, key: tuple) -> None:
    page_cache().put(("jobs.search_url", request.query_string, guides), key)


def _posting_key(posting_id: int) -> tuple:
    return ("jobs.posting_page", posting_id)


def recently_checked_posting_page(posting_id: int, slug: str) -> StoredPage | None:
    """The posting's page as stored for every visitor, while it was found current less than
    PAGE_RECHECK_SECONDS ago and `slug` is its own (another slug is redirected)."""
    stored: StoredPage | None = page_cache().get(_posting_key(posting_id))
    if stored is None or stored.fingerprint[0] != slug:
        return None
    if not stored.checked_within(current_app.config["PAGE_RECHECK_SECONDS"]):
        return None
    return stored


def posting_page_for_visitors(
    posting: JobPosting, slug: str, extra: Hashable, render: Callable[[], str]
) -> StoredPage:
    """The stored page of `posting` if it was rendered from what the posting is now (and
    `extra`: what else the page shows, such as whether it is open and the day's ad), else the
    page `render` gives, stored."""
    guide = posting.guide
    fingerprint = (
        slug,
        posting.updated_at,  # every write to a posting sets it
        posting.expired,
        (guide.slug, guide.title, guide.published) if guide else None,
        extra,
    )
    key = _posting_key(posting.id)
    stored: StoredPage | None = page_cache().get(key)
    if stored is not None and stored.fingerprint == fingerprint:
        page = stored.checked_now()
    else:
        page = StoredPage.of(fingerprint, render())
    page_cache().put(key, page)
    return page
