"""Job pages: search results, their RSS feed, and one posting."""

from __future__ import annotations

from dataclasses import replace

from flask import Response, abort, redirect, render_template, request, url_for
from markupsafe import Markup

from portal import clock
from portal.careers.structured_data import script_tag
from portal.jobs import presenters, services, structured_data
from portal.jobs.blueprint import bp
from portal.jobs.forms import JobSearchForm
from portal.jobs.page_state import current_state
from portal.jobs.search import Sort, last_result_page, search_jobs
from portal.jobs.search_form_html import select_options
from portal.jobs.stored_pages import (
    known_search_page_key,
    posting_page_for_visitors,
    recently_checked_posting_page,
    remember_search_page_key,
    search_page_key,
)
from portal.page_cache import StoredPage, anonymous_visit, page_cache, slot_markup
from portal.urls import absolute_url
from portal.xml_text import xml_safe

FEED_SIZE = 20


# The filter panel's fields (besides the keywords and the place).
FILTERS = ("workplace", "employment_type", "posted_within", "guide", "min_salary", "sort")


def _search_form(guides: tuple[tuple[str, str], ...]) -> JobSearchForm:
    form = JobSearchForm(formdata=request.args, guides=guides)
    form.validate()
    return form


def _page_number() -> int:
    # Anything that is not a page number (0, -3, "abc", 10**30) reads as a page in range.
    raw = request.args.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else 1


@bp.get("/")
def search():
    state = current_state()
    # Most searches are made by visitors, and popular ones again and again: a visitor's page
    # is stored under its search, and served while the postings (and the minute: postings
    # expire and "posted within" moves on) are what it was rendered from. A URL seen before
    # leads to its search's key without reading the form again.
    fingerprint = (state, clock.now().replace(second=0, microsecond=0))
    known_key = known_search_page_key(state.guides)
    if known_key is not None and (stored := _stored_search(known_key, fingerprint)):
        return stored.response()
    form = _search_form(state.guides)
    page = _page_number()
    visitor_key = search_page_key(form, page)
    if visitor_key is not None:
        remember_search_page_key(state.guides, visitor_key)
        if stored := _stored_search(visitor_key, fingerprint):
            return stored.response()

    results = search_jobs(form.to_query(page=page))
    args = form.query_args()
    if not results.postings and results.query.page > 1 and not results.no_words:
        # A page past the end (an old link, a hand-typed number): the last page with results,
        # numbered as it is, rather than an empty page whose "Previous" leads to another.
        last = last_result_page(results.query)
        return redirect(url_for("jobs.search", **args, **({"page": last} if last > 1 else {})))
    html = render_template(
        "jobs/search.html",
        form=form,
        results=results,
        args=args,
        feed_url=url_for("jobs.feed", **args),
        select_options=select_options(state.guides),
        active_filters=sum(1 for name in FILTERS if name in args),
    )
    if visitor_key is None:
        return html
    stored = StoredPage.of(fingerprint, html)
    page_cache().put(visitor_key, stored)
    return stored.response()


def _stored_search(key: tuple, fingerprint: tuple) -> StoredPage | None:
    stored: StoredPage | None = page_cache().get(key)
    return stored if stored is not None and stored.fingerprint == fingerprint else None


@bp.get("/feed.rss")
def feed():
    """The newest postings of a search as RSS 2.0, so a reader can follow it."""
    form = _search_form(current_state().guides)
    query = form.to_query()
    query = replace(query, sort=Sort.DATE, per_page=FEED_SIZE)
    results = search_jobs(query, count=False)
    args = form.query_args()
    body = render_template(
        "jobs/feed.xml",
        results=results,
        search_url=absolute_url("jobs.search", **args),
        feed_url=absolute_url("jobs.feed", **args),
        description=_describe(form),
    )
    # Whatever the search or a posting holds, the feed stays well-formed XML.
    return Response(xml_safe(body), mimetype="application/rss+xml")


def _describe(form: JobSearchForm) -> str:
    words = form.clean("q")
    place = form.clean("location")
    parts = ["Newest jobs"]
    if words:
        parts.append(f"matching “{words[:100]}”")
    if place:
        parts.append(f"in {place[:100]}")
    return " ".join(parts)


@bp.get("/<int:posting_id>")
def posting_by_id(posting_id: int):
    posting = services.get_posting(posting_id) or abort(404)
    return redirect(_posting_url(posting), code=301)


@bp.get("/<int:posting_id>-<slug>")
def posting(posting_id: int, slug: str):
    # Like the guide page: a visitor gets the page stored for every visitor, asked about at
    # most every PAGE_RECHECK_SECONDS; the posting's own query tells whether it is current.
    for_visitors = anonymous_visit() and not request.query_string
    if for_visitors and (stored := recently_checked_posting_page(posting_id, slug)):
        return stored.response(replayable=True)
    posting = services.get_posting(posting_id) or abort(404)
    if slug != presenters.posting_slug(posting):
        return redirect(_posting_url(posting), code=301)
    is_open = posting.is_open(clock.now())
    if not for_visitors:
        return _render_posting(posting, is_open)
    ad = slot_markup("ad_slot", "job")
    stored = posting_page_for_visitors(
        posting,
        slug,
        (is_open, ad),
        lambda: _render_posting(posting, is_open, ad=Markup(ad)),  # noqa: S704 - the slot's markup
    )
    return stored.response(replayable=True)


def _render_posting(posting, is_open: bool, **extra) -> str:
    canonical_url = absolute_url(
        "jobs.posting", posting_id=posting.id, slug=presenters.posting_slug(posting)
    )
    return render_template(
        "jobs/posting.html",
        posting=posting,
        is_open=is_open,
        canonical_url=canonical_url,
        json_ld=script_tag(structured_data.job_posting(posting, canonical_url)),
        **extra,
    )


def _posting_url(posting) -> str:
    slug = presenters.posting_slug(posting)
    return url_for("jobs.posting", posting_id=posting.id, slug=slug)
