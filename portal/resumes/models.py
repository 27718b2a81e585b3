"""A job seeker's resume, the addresses it is shared at, and how often it was opened.

One resume per person, stored as a JSON Resume document (see `schema.py`). Everything goes with
the account (ON DELETE CASCADE), except an address an admin took away, which stays reserved with
no owner so nobody can take it again.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal import clock
from portal.db_types import JsonDocument, string_enum
from portal.extensions import db


class Visibility(StrEnum):
    PRIVATE = "private"  # only the owner
    LINK = "link"  # anyone with the address; never indexed
    PUBLIC = "public"  # also listed where employers search resumes

    @property
    def label(self) -> str:
        return {"private": "Private", "link": "Anyone with the link", "public": "Public"}[
            self.value
        ]


class PaperSize(StrEnum):
    LETTER = "letter"
    A4 = "a4"

    @property
    def label(self) -> str:
        return "US Letter" if self is PaperSize.LETTER else "A4"


class SlugKind(StrEnum):
    GENERATED = "generated"  # given to every shared resume, for good
    CUSTOM = "custom"  # chosen by a member whose plan includes a custom resume URL


class Resume(db.Model):
    __tablename__ = "resumes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    visibility: Mapped[Visibility] = mapped_column(
        string_enum(Visibility), default=Visibility.PRIVATE, index=True
    )
    # Search engines may show a public resume only when its owner also says so.
    indexable: Mapped[bool] = mapped_column(default=False)
    anonymous: Mapped[bool] = mapped_column(default=False)
    # None: the default for the owner's time zone (see `presenters.default_paper`).
    paper_size: Mapped[PaperSize | None] = mapped_column(string_enum(PaperSize))
    # Goes up with every change (and with the sharing settings), for ETags and caches.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.now, index=True)
    # An imported file read into a resume, waiting for its owner to review it.
    draft: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    draft_notes: Mapped[list[str] | None] = mapped_column(JsonDocument)
    draft_source: Mapped[str | None] = mapped_column(String(10))

    @property
    def is_shared(self) -> bool:
        return self.visibility != Visibility.PRIVATE


class ResumeSlug(db.Model):
    """An address `/r/<slug>`. Rows are kept after a custom address is replaced or its plan
    ends, so the old address stays reserved for its owner for a while (`sharing.RESERVED_FOR`).
    """

    __tablename__ = "resume_slugs"
    __table_args__ = (Index("ix_resume_slugs_resume_kind", "resume_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Lowercase; addresses are case-insensitive.
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    # None once an admin took the address away: reserved for nobody, usable by nobody.
    resume_id: Mapped[int | None] = mapped_column(ForeignKey("resumes.id", ondelete="CASCADE"))
    kind: Mapped[SlugKind] = mapped_column(string_enum(SlugKind))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    # The owner chose another address: this one is reserved for them until RESERVED_FOR later.
    retired_at: Mapped[dt.datetime | None]
    # First seen without the plan that allows it: reserved until RESERVED_FOR after this, and
    # answering again if the plan comes back before then.
    suspended_at: Mapped[dt.datetime | None]
    taken_away_at: Mapped[dt.datetime | None]


class ResumeViewDay(db.Model):
    """How often other people opened a resume's page and PDF on one day (UTC)."""

    __tablename__ = "resume_view_days"
    __table_args__ = (UniqueConstraint("resume_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resume_id: Mapped[int] = mapped_column(ForeignKey("resumes.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    page_views: Mapped[int] = mapped_column(default=0)
    pdf_downloads: Mapped[int] = mapped_column(default=0)
