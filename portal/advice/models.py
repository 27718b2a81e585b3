"""What advice keeps: each request made to the optional language model, with its answer.

One row per request, successful or not: the answers are the cache (per resume version and
posting), and the rows of a day are what the per-member daily limit counts. Rows go with the
account and with the posting (ON DELETE CASCADE).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal import clock
from portal.extensions import db


class WrittenAdvice(db.Model):
    __tablename__ = "advice_written"
    __table_args__ = (
        Index("ix_advice_written_lookup", "user_id", "posting_id", "resume_version"),
        Index("ix_advice_written_day", "user_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    posting_id: Mapped[int] = mapped_column(ForeignKey("job_postings.id", ondelete="CASCADE"))
    resume_version: Mapped[int]
    day: Mapped[dt.date] = mapped_column(Date)  # the UTC day of the request, for the limit
    requested_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    # None: the request failed (timeout, refusal, error); the page showed the offline advice.
    text: Mapped[str | None] = mapped_column(Text)
