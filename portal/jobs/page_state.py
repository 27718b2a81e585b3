"""What the search pages stored for visitors were rendered from, asked of the database in one
small query: the postings table's size, newest id and newest change, and the published guides
(the search form's "Career" choices).

Every write to a posting sets its `updated_at` (indexed), a new posting raises the newest id and
a deleted one lowers the count, so a stored page whose state is the current one holds the same
results as a page rendered now. Each process asks at most every PAGE_RECHECK_SECONDS, whatever
the number of searches it serves in between.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from portal.careers.models import Guide
from portal.extensions import db
from portal.jobs.models import JobPosting
from portal.page_cache import page_cache

# Between a guide's slug and title, and between guides: characters no slug or title holds.
UNIT, RECORD = "\x1f", "\x1e"
CACHE_KEY = "jobs.page_state"


@dataclass(frozen=True)
class PageState:
    postings: int
    newest_id: int | None
    last_change: dt.datetime | str | None
    guides: tuple[tuple[str, str], ...]  # (slug, title) of the published guides, by title


def current_state() -> PageState:
    """The state as last asked, if that was less than PAGE_RECHECK_SECONDS ago; else asked now."""
    known = page_cache().get(CACHE_KEY)
    if known is not None:
        state, asked_at = known
        if time.monotonic() - asked_at < current_app.config["PAGE_RECHECK_SECONDS"]:
            return state
    asked_at = time.monotonic()
    count, newest_id, last_change, guides = db.session.execute(_statement()).one()
    state = PageState(count, newest_id, last_change, _guides(guides))
    page_cache().put(CACHE_KEY, (state, asked_at))
    return state


def _guides(joined: str | None) -> tuple[tuple[str, str], ...]:
    pairs = (record.split(UNIT, 1) for record in (joined or "").split(RECORD) if record)
    # The aggregate's order is not promised on every database: sort here.
    return tuple(sorted(((slug, title) for slug, title in pairs), key=lambda pair: pair[1]))


@functools.cache
def _statement() -> sa.Select:
    # count(*), max(id) and max(updated_at) are each answered from an index, without reading
    # the postings themselves.
    guides = sa.select(Guide.slug, Guide.title).where(Guide.published.is_(True)).subquery("guides")
    return sa.select(
        sa.select(sa.func.count()).select_from(JobPosting).scalar_subquery(),
        sa.select(sa.func.max(JobPosting.id)).scalar_subquery(),
        sa.select(sa.func.max(JobPosting.updated_at)).scalar_subquery(),
        sa.select(
            sa.func.aggregate_strings(guides.c.slug + UNIT + guides.c.title, RECORD)
        ).scalar_subquery(),
    )
