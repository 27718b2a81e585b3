"""Reading single postings (the job page, the sitemap). Searching lives in search.py."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from portal import clock
from portal.careers.models import Guide
from portal.extensions import db
from portal.jobs.models import JobPosting
from portal.jobs.search_sql import open_condition

# A sitemap file holds at most 50,000 URLs; leave room for the rest of the site.
SITEMAP_LIMIT = 40_000


def get_posting(posting_id: int) -> JobPosting | None:
    """A posting with its guide's slug and title, in one query."""
    return db.session.scalar(
        sa.select(JobPosting)
        .options(joinedload(JobPosting.guide).load_only(Guide.slug, Guide.title, Guide.published))
        .where(JobPosting.id == posting_id)
    )


SitemapRow = tuple[int, str, str | None, dt.datetime]


def sitemap_postings(now: dt.datetime | None = None) -> list[SitemapRow]:
    """(id, title, city, updated_at) of the newest open postings."""
    rows = db.session.execute(
        sa.select(JobPosting.id, JobPosting.title, JobPosting.city, JobPosting.updated_at)
        .where(open_condition(now or clock.now()))
        .order_by(JobPosting.posted_at.desc(), JobPosting.id.desc())
        .limit(SITEMAP_LIMIT)
    )
    return [tuple(row) for row in rows]


def postings_revision() -> tuple[int, str | None, int | None]:
    """(how many postings, the latest change, the highest id): it differs after any import,
    edit, expiry sweep or deletion. The API's cached searches (portal.api.search_cache) ask it,
    at most once a second per process, before serving what they kept."""
    row = db.session.execute(
        sa.select(sa.func.count(), sa.func.max(JobPosting.updated_at), sa.func.max(JobPosting.id))
    ).one()
    return row[0], str(row[1]) if row[1] is not None else None, row[2]
