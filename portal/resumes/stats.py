"""How often other people opened a resume: counted per day, shown to its owner for 30 days.

The owner's own visits are not counted. A visit is counted in memory first and written with the
others at most every RESUME_VIEWS_FLUSH_SECONDS, one upsert per resume and day: a write per
visit made concurrent visitors queue on the database's write lock (and on SQLite fail with
"database is locked"), while a page view must never fail because it was counted. If a write
fails, the counts stay in memory for the next one; a process that dies loses at most those
seconds' counts, which is acceptable for a figure shown to the owner.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Literal

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from portal import clock
from portal.extensions import db
from portal.resumes.models import ResumeViewDay

WINDOW_DAYS = 30
COLUMNS = {"page": "page_views", "pdf": "pdf_downloads"}
log = logging.getLogger(__name__)

_pending: Counter[tuple[int, dt.date, str]] = Counter()
_lock = threading.Lock()
_last_flush = time.monotonic()


@dataclass(frozen=True)
class Views:
    pages: int
    pdfs: int


def record_view(resume_id: int, kind: Literal["page", "pdf"]) -> None:
    """Count one visit today; written with others when the flush interval has passed."""
    with _lock:
        _pending[(resume_id, clock.today(), kind)] += 1
        due = time.monotonic() - _last_flush >= current_app.config["RESUME_VIEWS_FLUSH_SECONDS"]
    if due:
        flush()


def flush() -> None:
    """Write the counts kept in memory, in one transaction of their own."""
    global _last_flush
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    if not batch:
        return
    try:
        with db.session.begin_nested():
            for (resume_id, day, kind), count in batch.items():
                db.session.execute(_upsert(resume_id, day, COLUMNS[kind], count))
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        with _lock:
            _pending.update(batch)
        log.warning("resume view counts not written; kept for the next attempt", exc_info=True)


def _upsert(resume_id: int, day: dt.date, column: str, count: int):
    table = ResumeViewDay.__table__
    values = {"resume_id": resume_id, "day": day, "page_views": 0, "pdf_downloads": 0}
    values[column] = count
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    return (
        dialect.insert(table)
        .values(**values)
        .on_conflict_do_update(
            index_elements=[table.c.resume_id, table.c.day],
            set_={column: getattr(table.c, column) + count},
        )
    )


def views_in_window(resume_id: int) -> Views:
    flush()  # the owner sees what this process counted so far
    since = clock.today() - dt.timedelta(days=WINDOW_DAYS - 1)
    pages, pdfs = db.session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(ResumeViewDay.page_views), 0),
            sa.func.coalesce(sa.func.sum(ResumeViewDay.pdf_downloads), 0),
        ).where(ResumeViewDay.resume_id == resume_id, ResumeViewDay.day >= since)
    ).one()
    return Views(int(pages), int(pdfs))


def forget_pending() -> None:
    """Drop counts not yet written (tests start each with none)."""
    with _lock:
        _pending.clear()
