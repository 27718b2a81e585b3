"""What a signed-in person keeps: bookmarks of jobs and guides, and their applications.

Every row belongs to one user and goes with the account (ON DELETE CASCADE), with the posting or
the guide it points at likewise.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import clock
from portal.careers.models import Guide
from portal.db_types import string_enum
from portal.extensions import db
from portal.jobs.models import JobPosting


class ApplicationStatus(StrEnum):
    SAVED = "saved"
    APPLIED = "applied"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Application(db.Model):
    """One job in a person's applications tracker; one row per (user, posting)."""

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("user_id", "posting_id"),
        # The tracker lists a person's applications, newest first, perhaps of one status.
        Index("ix_applications_user_status", "user_id", "status", "applied_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("job_postings.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[ApplicationStatus] = mapped_column(string_enum(ApplicationStatus))
    # When the person last applied through us (applying again moves it).
    applied_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    notes: Mapped[str] = mapped_column(Text, default="")
    next_step_on: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.now)

    posting: Mapped[JobPosting] = relationship(lazy="raise")


class JobBookmark(db.Model):
    __tablename__ = "job_bookmarks"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("job_postings.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)

    posting: Mapped[JobPosting] = relationship(lazy="raise")


class GuideBookmark(db.Model):
    __tablename__ = "guide_bookmarks"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    guide_id: Mapped[int] = mapped_column(
        ForeignKey("career_guides.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)

    guide: Mapped[Guide] = relationship(lazy="raise")


NOTES_MAX = 5000  # notes are free text, not a document store
