"""How often other people opened a resume: counted per day, shown to its owner for 30 days.

The owner's own visits are not counted. One row per resume and day, incremented in place, so a
popular resume costs a row a day rather than a row a visit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from portal import clock
from portal.extensions import db
from portal.resumes.models import ResumeViewDay

WINDOW_DAYS = 30


@dataclass(frozen=True)
class Views:
    pages: int
    pdfs: int


def record_view(resume_id: int, kind: Literal["page", "pdf"]) -> None:
    """Count one visit today (an upsert: two visitors at once both count)."""
    column = "page_views" if kind == "page" else "pdf_downloads"
    values = {"resume_id": resume_id, "day": clock.today(), "page_views": 0, "pdf_downloads": 0}
    values[column] = 1
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    table = ResumeViewDay.__table__
    statement = dialect.insert(table).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.resume_id, table.c.day],
        set_={column: getattr(table.c, column) + 1},
    )
    db.session.execute(statement)
    db.session.commit()


def views_in_window(resume_id: int) -> Views:
    since = clock.today() - dt.timedelta(days=WINDOW_DAYS - 1)
    pages, pdfs = db.session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(ResumeViewDay.page_views), 0),
            sa.func.coalesce(sa.func.sum(ResumeViewDay.pdf_downloads), 0),
        ).where(ResumeViewDay.resume_id == resume_id, ResumeViewDay.day >= since)
    ).one()
    return Views(int(pages), int(pdfs))
