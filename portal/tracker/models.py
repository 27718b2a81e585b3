"""What a signed-in person keeps: bookmarks of jobs and guides, and their applications.

Every row belongs to one user and goes with the account (ON DELETE CASCADE), with the posting or
the guide it points at likewise.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
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
    """One job in a person's applications tracker: one row per (user, posting), or a job the
    person applied to elsewhere (no posting; its title, company and link typed in)."""

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("user_id", "posting_id"),
        # The tracker lists a person's applications, newest first, perhaps of one status.
        Index("ix_applications_user_status", "user_id", "status", "applied_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    posting_id: Mapped[int | None] = mapped_column(
        ForeignKey("job_postings.id", ondelete="CASCADE"), index=True
    )
    # A job applied to elsewhere: what the person typed in (None for a posting of ours).
    outside_title: Mapped[str | None] = mapped_column(String(200))
    outside_company: Mapped[str | None] = mapped_column(String(200))
    outside_url: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[ApplicationStatus] = mapped_column(string_enum(ApplicationStatus))
    # When the person last applied through us (applying again moves it).
    applied_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    notes: Mapped[str] = mapped_column(Text, default="")
    next_step_on: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.now)

    posting: Mapped[JobPosting | None] = relationship(lazy="raise")

    @property
    def job_title(self) -> str:
        return self.posting.title if self.posting is not None else self.outside_title or ""

    @property
    def company(self) -> str:
        return self.posting.company_name if self.posting is not None else self.outside_company or ""


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
