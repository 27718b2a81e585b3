"""The one search over job postings: the search page, its RSS feed, the guide page's list of open
jobs and (later) job alerts all call `search_jobs`.

Full text runs on SQLite FTS5 or on PostgreSQL's tsvector, whichever the database is; the
filters, the order and the pages are the same on both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import load_only

from portal.careers.models import Guide, utcnow
from portal.extensions import db
from portal.jobs.facets import query_facets
from portal.jobs.models import (
    SEARCH_TABLE,
    SEARCH_VECTOR_COLUMN,
    EmploymentType,
    JobPosting,
    Workplace,
)
from portal.jobs.newest_matches import newest_matches
from portal.jobs.terms import Terms, parse_terms, printable

PER_PAGE = 20
MAX_PER_PAGE = 100
# Counting stops here ("1,000+ jobs"), and pages stop at COUNT_CAP / per_page: nobody reads
# further, and deep pages would cost the database for nothing.
COUNT_CAP = 1000
POSTED_WITHIN_DAYS = (1, 7, 30)
# bm25() weights per FTS5 column (title, company_name, description_text, search_facets): a word
# in the title counts ten times a word in the description; facets count nothing. PostgreSQL's
# A/B/C/D weights say the same.
BM25_WEIGHTS = (10.0, 4.0, 1.0, 0.0)

# What a results card shows: everything but the description's HTML.
CARD_COLUMNS = (
    JobPosting.title,
    JobPosting.company_name,
    JobPosting.city,
    JobPosting.region,
    JobPosting.country,
    JobPosting.workplace,
    JobPosting.employment_type,
    JobPosting.salary_min_cents,
    JobPosting.salary_max_cents,
    JobPosting.salary_currency,
    JobPosting.salary_period,
    JobPosting.description_text,
    JobPosting.posted_at,
    JobPosting.valid_through,
    JobPosting.expired,
    JobPosting.sample,
)


class Sort(StrEnum):
    RELEVANCE = "relevance"
    DATE = "date"


@dataclass(frozen=True)
class JobQuery:
    """A search as the page's URL states it; every field is optional."""

    text: str = ""
    location: str = ""
    workplace: Workplace | None = None
    employment_type: EmploymentType | None = None
    min_salary: int | None = None  # whole currency units a year
    currency: str = "USD"  # the currency min_salary is in
    posted_within_days: int | None = None
    guide: str | None = None  # a career guide's slug
    # Only postings we stored after this moment (job alerts: "new since the last e-mail").
    received_after: dt.datetime | None = None
    sort: Sort | None = None  # None: relevance when there are words, else newest first
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def effective_sort(self) -> Sort:
        if self.sort is not None:
            return self.sort
        return Sort.RELEVANCE if self.text.strip() else Sort.DATE

    @property
    def last_page(self) -> int:
        return max(1, COUNT_CAP // self.per_page)

    def with_page(self, page: int) -> JobQuery:
        return replace(self, page=page)


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
    """Open postings matching `query`, one page of them, in one SQL statement.

    With words, the matches considered are the COUNT_CAP most recently received ones (the
    newest postings are the ones worth showing), ranked among themselves; this keeps a search
    for common words as fast as one for rare words. `count=False` skips counting, which lets
    a browse without words stop at the page it shows.
    """
    now = now or utcnow()
    query = _clamped(query)
    terms = parse_terms(query.text)
    if query.text.strip() and not terms:
        return SearchPage(query, total=0 if count else None, no_words=True)

    page_end = query.page * query.per_page + 1
    candidates, best_first = matching_candidates(
        query, terms, now, COUNT_CAP if count or terms else page_end
    )
    # Count and order the candidates by their keys alone; full rows are read for one page only.
    counted = sa.select(candidates, sa.func.count().over().label("total")).subquery()
    page = (
        sa.select(counted)
        .order_by(*_order(counted, query, best_first))
        .limit(query.per_page + 1)
        .offset((query.page - 1) * query.per_page)
        .subquery()
    )
    statement = (
        sa.select(JobPosting, page.c.total)
        .join(page, page.c.id == JobPosting.id)
        .options(load_only(*CARD_COLUMNS))
        .order_by(*_order(page, query, best_first))
    )
    rows = db.session.execute(statement).all()
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


def _order(keys: sa.Subquery, query: JobQuery, best_first) -> list[sa.ColumnElement]:
    order = [keys.c.posted_at.desc(), keys.c.id.desc()]
    if best_first is not None and query.effective_sort is Sort.RELEVANCE:
        order.insert(0, best_first(keys.c.score))
    return order


def matching_candidates(query: JobQuery, terms: Terms, now: dt.datetime, limit: int):
    """At most `limit` matching postings as (id, posted_at[, score]), and how scores sort.

    With words, the candidates are the most recently received matches: both engines walk
    their matches newest first and stop at the limit, so common words cost no more than rare
    ones, and only the candidates are scored.
    """
    matching = sa.select(JobPosting.id, JobPosting.posted_at).where(*search_filters(query, now))
    if not terms:
        # Walks the browse index newest first; every filter is read from the index.
        newest = matching.order_by(JobPosting.posted_at.desc(), JobPosting.id.desc())
        return newest.limit(limit).subquery(), None
    facets = query_facets(query.workplace, query.employment_type, _places(query.location))
    terms = replace(terms, include=terms.include + facets)
    if db.session.get_bind().dialect.name == "postgresql":
        # The query text is written into the SQL (escaped by SQLAlchemy), not bound: with a
        # bound tsquery PostgreSQL soon switches to a generic plan that cannot tell common words
        # from rare ones, and scans every match of a common word.
        text = sa.literal(terms.tsquery(), literal_execute=True)
        tsquery = sa.func.to_tsquery(sa.literal_column("'english'::regconfig"), text)
        vector = sa.literal_column(f"{JobPosting.__tablename__}.{SEARCH_VECTOR_COLUMN}")
        # ts_rank's default weights give classes A/B/C (title/company/description)
        # 1.0/0.4/0.2. Scored where the matches are found, from the row already read.
        score = sa.func.ts_rank(vector, tsquery).label("score")
        matches = matching.add_columns(score).where(vector.op("@@")(tsquery))
        if query.location.strip():
            # A place is in the index (a facet) and leaves few matches: reading them all beats
            # looking in the window first and then everywhere.
            return matches.order_by(JobPosting.id.desc()).limit(limit).subquery(), sa.desc
        return newest_matches(matches, limit), sa.desc
    index = sa.table(SEARCH_TABLE, sa.column("rowid"))
    match = sa.literal_column(SEARCH_TABLE).op("MATCH")(terms.fts5())
    # bm25() is computed for the rows returned only, and is better the more negative it is.
    score = sa.func.bm25(sa.literal_column(SEARCH_TABLE), *BM25_WEIGHTS).label("score")
    newest = (
        matching.add_columns(score)
        .join(index, index.c.rowid == JobPosting.id)
        .where(match)
        .order_by(index.c.rowid.desc())
    )
    return newest.limit(limit).subquery(), sa.asc


def _clamped(query: JobQuery) -> JobQuery:
    per_page = min(max(query.per_page, 1), MAX_PER_PAGE)
    query = replace(query, per_page=per_page, location=printable(query.location)[:200])
    return replace(query, page=min(max(query.page, 1), query.last_page))


def open_condition(now: dt.datetime) -> sa.ColumnElement[bool]:
    """Not marked expired, and valid-through (if any) not yet passed.

    `expired = false` rather than `IS FALSE`: PostgreSQL uses an index only for the former.
    """
    return sa.and_(
        JobPosting.expired == sa.false(),
        sa.or_(JobPosting.valid_through.is_(None), JobPosting.valid_through >= now),
    )


def search_filters(query: JobQuery, now: dt.datetime) -> list[sa.ColumnElement[bool]]:
    """The WHERE conditions of a search's filters (open postings only); the words are separate."""
    conditions = [open_condition(now)]
    if query.location.strip():
        conditions.append(_location(query.location))
    if query.workplace:
        conditions.append(JobPosting.workplace == query.workplace)
    if query.employment_type:
        conditions.append(JobPosting.employment_type == query.employment_type)
    if query.min_salary:
        conditions.append(JobPosting.annual_salary_cents >= query.min_salary * 100)
        conditions.append(JobPosting.salary_currency == query.currency)
    if query.posted_within_days:
        conditions.append(JobPosting.posted_at >= now - dt.timedelta(days=query.posted_within_days))
    if query.received_after:
        conditions.append(JobPosting.received_at > query.received_after)
    if query.guide:
        guide_id = sa.select(Guide.id).where(Guide.slug == query.guide).scalar_subquery()
        conditions.append(JobPosting.guide_id == guide_id)
    return conditions


def _places(text: str) -> list[str]:
    return [part.strip().lower() for part in text.split(",") if part.strip()][:2]


def _location(text: str) -> sa.ColumnElement[bool]:
    """'Denver', 'CO', 'US' or 'Denver, CO': a city, a region, a country, or a city in a region."""
    parts = _places(text)
    if len(parts) == 2:
        return sa.and_(
            sa.func.lower(JobPosting.city) == parts[0],
            sa.or_(
                sa.func.lower(JobPosting.region) == parts[1],
                sa.func.lower(JobPosting.country) == parts[1],
            ),
        )
    place = parts[0] if parts else ""
    return sa.or_(
        sa.func.lower(JobPosting.city) == place,
        sa.func.lower(JobPosting.region) == place,
        sa.func.lower(JobPosting.country) == place,
    )
