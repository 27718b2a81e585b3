"""The one search over job postings: the search page, its RSS feed, the guide page's list of open
jobs and (later) job alerts all call `search_jobs`.

Full text runs on SQLite FTS5 or on PostgreSQL's tsvector, whichever the database is; the
filters, the order and the pages are the same on both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import sqlalchemy as sa

from portal import clock
from portal.careers.models import Guide
from portal.extensions import db
from portal.jobs.models import JobPosting
from portal.jobs.query import (  # noqa: F401 - the search's own names, as before
    COUNT_CAP,
    MAX_PER_PAGE,
    PER_PAGE,
    POSTED_WITHIN_DAYS,
    JobQuery,
    Sort,
)
from portal.jobs.search_sql import open_condition, page_statement, plan_search
from portal.jobs.terms import parse_terms, printable


@dataclass(frozen=True)
class SearchPage:
    query: JobQuery
    postings: list[JobPosting] = field(default_factory=list)
    total: int | None = None  # matches, counted up to COUNT_CAP; None when not counted
    has_next: bool = False
    # The text had nothing to search for (only punctuation, emoji or operators).
    no_words: bool = False
    words: list[str] = field(default_factory=list)

    @property
    def total_capped(self) -> bool:
        return self.total is not None and self.total >= COUNT_CAP

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1

    @property
    def first_number(self) -> int:
        return (self.query.page - 1) * self.query.per_page + 1


def search_jobs(
    query: JobQuery, *, count: bool = True, now: dt.datetime | None = None
) -> SearchPage:
    """Open postings matching `query`, one page of them, in one SQL statement (on PostgreSQL,
    a search with words asks the planner's estimate first: see `newest_matches`).

    With words, the matches considered are the COUNT_CAP most recently received ones (the
    newest postings are the ones worth showing), ranked among themselves; this keeps a search
    for common words as fast as one for rare words. `count=False` skips counting, which lets
    a browse without words stop at the page it shows.
    """
    now = now or clock.now()
    query = _clamped(query)
    terms = parse_terms(query.text)
    if query.text.strip() and not terms:
        return SearchPage(query, total=0 if count else None, no_words=True)

    page_end = query.page * query.per_page + 1
    limit = COUNT_CAP if count or terms else page_end
    shape, values = plan_search(query, terms, now, limit, db.session.get_bind().dialect.name)
    values |= {"page_size": query.per_page + 1, "page_offset": (query.page - 1) * query.per_page}
    rows = db.session.execute(page_statement(shape), values).all()
    postings = [row[0] for row in rows]
    total = None
    if count:
        # Past the last page there is no row to carry the count; on page 1 that means none.
        total = rows[0].total if rows else (0 if query.page == 1 else None)
    return SearchPage(
        query,
        postings=postings[: query.per_page],
        total=total,
        has_next=len(postings) > query.per_page and query.page < query.last_page,
        words=terms.words(),
    )


def last_result_page(query: JobQuery) -> int:
    """The number of the last page of `query` that has results (1 when nothing matches): where
    a page past the end sends the reader. One counting search, for that rare case only."""
    total = search_jobs(query.with_page(1)).total or 0
    return min(max(1, -(-min(total, COUNT_CAP) // _clamped(query).per_page)), query.last_page)


def newest_open_fingerprint(
    guide_slug: sa.ColumnElement[str], now: sa.ColumnElement[dt.datetime], limit: int
) -> sa.ScalarSelect[str]:
    """A scalar subquery naming the `limit` newest open postings of a guide and their last
    change: the ids, newest first, then the latest `updated_at` among them.

    It names what `search_jobs(JobQuery(guide=..., sort=Sort.DATE, per_page=limit))` lists, so
    a page that rendered that list can tell whether it is still current from a column of a
    query it runs anyway. Every write to a posting sets `updated_at` to the time of the write,
    so an edit of a listed posting moves the maximum; a new, expired or deleted posting changes
    the ids. NULL when the guide has no open postings. The slug and the time are expressions
    (bound parameters, typically), so a caller can build the statement once.
    """
    guide_id = sa.select(Guide.id).where(Guide.slug == guide_slug).scalar_subquery()
    newest = (
        sa.select(JobPosting.id, JobPosting.updated_at)
        .where(open_condition(now), JobPosting.guide_id == guide_id)
        .order_by(JobPosting.posted_at.desc(), JobPosting.id.desc())
        .limit(limit)
        .subquery()
    )
    ids = sa.func.aggregate_strings(sa.cast(newest.c.id, sa.String), ",")
    last_change = sa.cast(sa.func.max(newest.c.updated_at), sa.String)
    return sa.select(ids + "|" + last_change).scalar_subquery()


def _clamped(query: JobQuery) -> JobQuery:
    per_page = min(max(query.per_page, 1), MAX_PER_PAGE)
    query = replace(query, per_page=per_page, location=printable(query.location)[:200])
    return replace(query, page=min(max(query.page, 1), query.last_page))
