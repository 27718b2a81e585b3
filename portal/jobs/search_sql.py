"""The SQL of a search, built once for each shape of search and run again with new values.

Building a search's statement took SQLAlchemy longer than PostgreSQL took to run many searches:
about 6 ms of Python for each. The SQL depends on which filters a search has, not on what they
hold, so each shape of search (a `Shape`) is built once per process, and its values (the words,
the place, the salary, the page) are bound parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import load_only

from portal.careers.models import Guide
from portal.jobs.facets import query_facets
from portal.jobs.models import SEARCH_TABLE, SEARCH_VECTOR_COLUMN, JobPosting
from portal.jobs.newest_matches import Reading, choose_reading, estimates_of, newest_matches
from portal.jobs.query import JobQuery
from portal.jobs.terms import Terms

# bm25() weights per FTS5 column (title, company_name, description_text, search_facets): a word
# in the title counts ten times a word in the description; facets count nothing. PostgreSQL's
# A/B/C/D weights say the same.
BM25_WEIGHTS = (10.0, 4.0, 1.0, 0.0)

# What a results card shows: everything but the description's HTML. The API's results (portal.api)
# also say where a remote job takes applicants from and the job's career guide.
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
    JobPosting.remote_regions,
    JobPosting.guide_id,
)


@dataclass(frozen=True)
class Shape:
    """What decides a search's SQL. Everything else about a search is a bound value."""

    engine: str  # the SQLAlchemy dialect's name
    words: bool
    location_parts: int | None  # None: no location; else its comma-separated parts (0-2)
    workplace: bool
    employment_type: bool
    min_salary: bool
    posted_within: bool
    received_after: bool
    guide: bool
    by_relevance: bool
    reading: Reading | None = None  # PostgreSQL, words, no location: see newest_matches


def plan_search(
    query: JobQuery, terms: Terms, now: dt.datetime, limit: int, engine: str
) -> tuple[Shape, dict[str, Any]]:
    """The shape of a search and its values. On PostgreSQL with words, this asks the planner
    how many postings match (one EXPLAIN), which picks how the newest matches are read."""
    values: dict[str, Any] = {"now": now, "candidate_limit": limit}
    places = _places_of(query.location)
    if query.location.strip():
        if len(places) == 2:
            values |= {"city": places[0], "region": places[1]}
        else:
            values["place"] = places[0] if places else ""
    if query.workplace:
        values["workplace"] = query.workplace
    if query.employment_type:
        values["employment_type"] = query.employment_type
    if query.min_salary:
        values |= {"min_salary_cents": query.min_salary * 100, "currency": query.currency}
    if query.posted_within_days:
        values["posted_since"] = now - dt.timedelta(days=query.posted_within_days)
    if query.received_after:
        values["received_after"] = query.received_after
    if query.guide:
        values["guide"] = query.guide
    if terms:
        facets = query_facets(query.workplace, query.employment_type, places)
        every_term = Terms(terms.include + facets, terms.exclude)
        if engine == "postgresql":
            values["tsquery"] = every_term.tsquery()
        else:
            values["match"] = every_term.fts5()
    shape = Shape(
        engine=engine,
        words=bool(terms),
        location_parts=len(places) if query.location.strip() else None,
        workplace=bool(query.workplace),
        employment_type=bool(query.employment_type),
        min_salary=bool(query.min_salary),
        posted_within=bool(query.posted_within_days),
        received_after=bool(query.received_after),
        guide=bool(query.guide),
        by_relevance=bool(terms) and query.effective_sort == "relevance",
    )
    if shape.engine == "postgresql" and shape.words and shape.location_parts is None:
        reading, width = choose_reading(estimates_statement(shape), values, limit)
        shape = replace(shape, reading=reading)
        values["window_width"] = width
    return shape, values


def _places_of(text: str) -> list[str]:
    return [part.strip().lower() for part in text.split(",") if part.strip()][:2]


def filter_conditions(shape: Shape) -> list[sa.ColumnElement[bool]]:
    """The WHERE conditions of a search's filters (open postings only); the words are separate."""
    conditions = [open_condition(sa.bindparam("now"))]
    if shape.location_parts is not None:
        conditions.append(_location(shape.location_parts))
    if shape.workplace:
        conditions.append(JobPosting.workplace == sa.bindparam("workplace"))
    if shape.employment_type:
        conditions.append(JobPosting.employment_type == sa.bindparam("employment_type"))
    if shape.min_salary:
        conditions.append(JobPosting.annual_salary_cents >= sa.bindparam("min_salary_cents"))
        conditions.append(JobPosting.salary_currency == sa.bindparam("currency"))
    if shape.posted_within:
        conditions.append(JobPosting.posted_at >= sa.bindparam("posted_since"))
    if shape.received_after:
        conditions.append(JobPosting.received_at > sa.bindparam("received_after"))
    if shape.guide:
        slug = sa.bindparam("guide", type_=sa.String)
        guide_id = sa.select(Guide.id).where(Guide.slug == slug).scalar_subquery()
        conditions.append(JobPosting.guide_id == guide_id)
    return conditions


def open_condition(now: dt.datetime) -> sa.ColumnElement[bool]:
    """Not marked expired, and valid-through (if any) not yet passed.

    `expired = false` rather than `IS FALSE`: PostgreSQL uses an index only for the former.
    """
    return sa.and_(
        JobPosting.expired == sa.false(),
        sa.or_(JobPosting.valid_through.is_(None), JobPosting.valid_through >= now),
    )


def _location(parts: int) -> sa.ColumnElement[bool]:
    """'Denver', 'CO', 'US' or 'Denver, CO': a city, a region, a country, or a city in a region."""
    if parts == 2:
        region = sa.bindparam("region", type_=sa.String)
        return sa.and_(
            sa.func.lower(JobPosting.city) == sa.bindparam("city", type_=sa.String),
            sa.or_(
                sa.func.lower(JobPosting.region) == region,
                sa.func.lower(JobPosting.country) == region,
            ),
        )
    place = sa.bindparam("place", type_=sa.String)
    return sa.or_(
        sa.func.lower(JobPosting.city) == place,
        sa.func.lower(JobPosting.region) == place,
        sa.func.lower(JobPosting.country) == place,
    )


def _postgres_matches(shape: Shape) -> sa.Select:
    """Open postings passing the filters and matching the words, with their score."""
    # The query text is written into the SQL (escaped by SQLAlchemy), not bound: with a bound
    # tsquery PostgreSQL would plan for any words at all, unable to tell common words from rare.
    text = sa.bindparam("tsquery", type_=sa.String, literal_execute=True)
    tsquery = sa.func.to_tsquery(sa.literal_column("'english'::regconfig"), text)
    vector = sa.literal_column(f"{JobPosting.__tablename__}.{SEARCH_VECTOR_COLUMN}")
    # ts_rank's default weights give classes A/B/C (title/company/description) 1.0/0.4/0.2.
    # Scored where the matches are found, from the row already read.
    score = sa.func.ts_rank(vector, tsquery).label("score")
    return (
        sa.select(JobPosting.id, JobPosting.posted_at, score)
        .where(*filter_conditions(shape))
        .where(vector.op("@@")(tsquery))
    )


@lru_cache(maxsize=512)
def estimates_statement(shape: Shape) -> sa.Executable:
    return estimates_of(_postgres_matches(shape))


@lru_cache(maxsize=512)
def candidates(shape: Shape) -> tuple[sa.Subquery, Callable | None]:
    """At most `candidate_limit` matching postings as (id, posted_at[, score]), and how scores
    sort.

    With words, the candidates are the most recently received matches: both engines find
    their newest matches and stop at the limit, so common words cost no more than rare ones,
    and only the candidates are scored.
    """
    limit = sa.bindparam("candidate_limit", type_=sa.Integer)
    if not shape.words:
        # Walks the browse index newest first; every filter is read from the index.
        matching = sa.select(JobPosting.id, JobPosting.posted_at).where(*filter_conditions(shape))
        newest = matching.order_by(JobPosting.posted_at.desc(), JobPosting.id.desc())
        return newest.limit(limit).subquery(), None
    if shape.engine == "postgresql":
        matches = _postgres_matches(shape)
        if shape.reading is None:
            # A place is in the index (a facet) and leaves few matches: reading them all beats
            # looking in a window first.
            return matches.order_by(JobPosting.id.desc()).limit(limit).subquery(), sa.desc
        return newest_matches(matches, limit, shape.reading), sa.desc
    index = sa.table(SEARCH_TABLE, sa.column("rowid"))
    match = sa.literal_column(SEARCH_TABLE).op("MATCH")(sa.bindparam("match", type_=sa.String))
    # bm25() is computed for the rows returned only, and is better the more negative it is.
    score = sa.func.bm25(sa.literal_column(SEARCH_TABLE), *BM25_WEIGHTS).label("score")
    newest = (
        sa.select(JobPosting.id, JobPosting.posted_at, score)
        .where(*filter_conditions(shape))
        .join(index, index.c.rowid == JobPosting.id)
        .where(match)
        .order_by(index.c.rowid.desc())
    )
    return newest.limit(limit).subquery(), sa.asc


@lru_cache(maxsize=512)
def page_statement(shape: Shape) -> sa.Select:
    """One page of the candidates, best first, with the count of candidates on every row."""
    keys, best_first = candidates(shape)
    # Count and order the candidates by their keys alone; full rows are read for one page only.
    counted = sa.select(keys, sa.func.count().over().label("total")).subquery()
    page = (
        sa.select(counted)
        .order_by(*_order(counted, shape, best_first))
        .limit(sa.bindparam("page_size", type_=sa.Integer))
        .offset(sa.bindparam("page_offset", type_=sa.Integer))
        .subquery()
    )
    return (
        sa.select(JobPosting, page.c.total)
        .join(page, page.c.id == JobPosting.id)
        .options(load_only(*CARD_COLUMNS))
        .order_by(*_order(page, shape, best_first))
    )


def _order(keys: sa.Subquery, shape: Shape, best_first) -> list[sa.ColumnElement]:
    order = [keys.c.posted_at.desc(), keys.c.id.desc()]
    if best_first is not None and shape.by_relevance:
        order.insert(0, best_first(keys.c.score))
    return order
