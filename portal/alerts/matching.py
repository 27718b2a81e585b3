"""New postings matching an alert's search: the jobs domain's search filters and full-text
candidates, restricted to the postings received in the alert's window.

Alerts run no full-text query of their own: `portal.jobs.search_sql` builds the filters and the
text match (`filter_conditions` and `candidates`, the same ones the search page uses).
Many alerts share a search and a window (every daily alert in a time zone), so one run matches
each distinct (search, window) once.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import load_only

from portal.extensions import db
from portal.jobs import presenters
from portal.jobs.forms import JobSearchForm
from portal.jobs.models import JobPosting
from portal.jobs.search import COUNT_CAP, JobQuery
from portal.jobs.search_sql import CARD_COLUMNS, candidates, filter_conditions, plan_search
from portal.jobs.terms import parse_terms
from portal.urls import absolute_url

DIGEST_SIZE = 25


@dataclass(frozen=True)
class DigestJob:
    """What a digest shows of one posting: plain values, which outlive the session."""

    id: int
    title: str
    company: str
    place: str
    salary: str | None
    slug: str
    posted_at: dt.datetime
    url: str = ""  # absolute, filled in for mail

    @classmethod
    def of(cls, posting: JobPosting) -> DigestJob:
        return cls(
            id=posting.id,
            title=posting.title,
            company=posting.company_name,
            place=posting.location_label or posting.workplace.label,
            salary=presenters.salary_label(posting),
            slug=presenters.posting_slug(posting),
            posted_at=posting.posted_at,
        )


@dataclass(frozen=True)
class Matches:
    jobs: list[DigestJob]  # newest first, at most DIGEST_SIZE
    total: int  # counted up to COUNT_CAP
    more_url: str = ""  # the search, newest first, for the jobs past DIGEST_SIZE

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.jobs))


NO_MATCHES = Matches([], 0)


def job_query(args: dict[str, Any]) -> JobQuery:
    """The stored query parameters read back through the search form, as the page reads them.
    "Posted within" and the sort make no sense for "new since the last digest": left out."""
    guides = [(args["guide"], args["guide"])] if args.get("guide") else []
    form = JobSearchForm(formdata=None, data=dict(args), guides=guides)
    form.validate()
    return replace(form.to_query(), posted_within_days=None, sort=None)


def new_matches(query: JobQuery, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> Matches:
    """Open postings received in [start, end) that match `query`, newest first."""
    terms = parse_terms(query.text)
    if query.text.strip() and not terms:
        return NO_MATCHES
    received = sa.and_(JobPosting.received_at >= start, JobPosting.received_at < end)
    shape, values = plan_search(query, terms, now, COUNT_CAP, db.session.get_bind().dialect.name)
    if terms:
        # The search's candidates are its COUNT_CAP most recently received matches, so the
        # postings of a recent window are among them.
        newest, _ = candidates(shape)
        ids = sa.select(newest.c.id)
        matching = sa.select(JobPosting.id).where(JobPosting.id.in_(ids), received)
    else:
        matching = sa.select(JobPosting.id).where(*filter_conditions(shape), received)
    keys = matching.add_columns(JobPosting.posted_at).limit(COUNT_CAP).subquery()
    counted = sa.select(keys, sa.func.count().over().label("total")).subquery()
    page = (
        sa.select(counted)
        .order_by(counted.c.posted_at.desc(), counted.c.id.desc())
        .limit(DIGEST_SIZE)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(JobPosting, page.c.total)
        .join(page, page.c.id == JobPosting.id)
        .options(load_only(*CARD_COLUMNS))
        .order_by(JobPosting.posted_at.desc(), JobPosting.id.desc()),
        values,
    ).all()
    if not rows:
        return NO_MATCHES
    return Matches([DigestJob.of(row[0]) for row in rows], rows[0].total)


class MatchCache:
    """Matches per (search, window) for one run; bounded so memory stays flat."""

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._entries: OrderedDict[tuple, Matches] = OrderedDict()

    def get(self, args: dict[str, Any], start: dt.datetime, end: dt.datetime, now: dt.datetime):
        key = (tuple(sorted((k, str(v)) for k, v in args.items())), start, end)
        if key in self._entries:
            self._entries.move_to_end(key)
            return self._entries[key]
        matches = with_links(new_matches(job_query(args), start, end, now), args)
        self._entries[key] = matches
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return matches


def with_links(matches: Matches, args: dict[str, Any]) -> Matches:
    """Absolute links for mail, built once per (search, window) rather than once per digest."""
    if not matches.total:
        return matches
    jobs = [
        replace(job, url=absolute_url("jobs.posting", posting_id=job.id, slug=job.slug))
        for job in matches.jobs
    ]
    search_args = {k: v for k, v in args.items() if k not in ("sort", "posted_within")}
    more_url = absolute_url("jobs.search", **search_args, sort="date")
    return replace(matches, jobs=jobs, more_url=more_url)
