"""Job postings as stored, following schema.org JobPosting (https://schema.org/JobPosting).

Applications and bookmarks (a later branch) hang off `JobPosting.id`. The full-text index is not
described here: the migration creates it per database (an FTS5 table on SQLite, a generated
`tsvector` column on PostgreSQL), and `UNMANAGED_SCHEMA_OBJECTS` tells Alembic to leave it alone.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import clock
from portal.careers.models import Guide
from portal.db_types import string_enum
from portal.extensions import db

# The search index objects the migration creates by hand (see portal.jobs.search_sql).
SEARCH_TABLE = "job_postings_fts"
SEARCH_VECTOR_COLUMN = "search_vector"
SEARCH_VECTOR_INDEX = "ix_job_postings_search_vector"
UNMANAGED_SCHEMA_OBJECTS = {
    SEARCH_TABLE,
    *(f"{SEARCH_TABLE}_{shadow}" for shadow in ("data", "idx", "docsize", "config", "content")),
    f"job_postings.{SEARCH_VECTOR_COLUMN}",
    SEARCH_VECTOR_INDEX,
}
db.metadata.info.setdefault("unmanaged", set()).update(UNMANAGED_SCHEMA_OBJECTS)


class Workplace(StrEnum):
    ON_SITE = "on-site"
    HYBRID = "hybrid"
    REMOTE = "remote"

    @property
    def label(self) -> str:
        return {"on-site": "On-site", "hybrid": "Hybrid", "remote": "Remote"}[self.value]


class EmploymentType(StrEnum):
    FULL_TIME = "full-time"
    PART_TIME = "part-time"
    CONTRACT = "contract"
    PER_DIEM = "per-diem"
    TEMPORARY = "temporary"
    INTERNSHIP = "internship"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()

    @property
    def schema_org(self) -> str:
        """The value schema.org and Google expect in `employmentType`."""
        return {
            "full-time": "FULL_TIME",
            "part-time": "PART_TIME",
            "contract": "CONTRACTOR",
            "per-diem": "PER_DIEM",
            "temporary": "TEMPORARY",
            "internship": "INTERN",
        }[self.value]


class SalaryPeriod(StrEnum):
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"

    @property
    def per_year(self) -> int:
        """How many periods make a working year (2,080 hours, 260 days), to compare pay."""
        return {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}[self.value]


class JobPosting(db.Model):
    """One job opening from a feed, upserted by (source, external_id)."""

    __tablename__ = "job_postings"
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        # Browsing lists the newest open postings first. Every filter's column is in the index
        # too, so filtering while walking it never reads the (large) rows themselves.
        Index(
            "ix_job_postings_browse",
            "expired",
            "posted_at",
            "id",
            "valid_through",
            "workplace",
            "employment_type",
            "annual_salary_cents",
            "salary_currency",
            "guide_id",
            "city",
            "region",
            "country",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(80))
    external_id: Mapped[str] = mapped_column(String(200))
    # A digest of the record as imported: an unchanged record is skipped without a write.
    content_hash: Mapped[str] = mapped_column(String(64))
    sample: Mapped[bool] = mapped_column(default=False)

    title: Mapped[str] = mapped_column(String(300))
    company_name: Mapped[str] = mapped_column(String(200))
    company_website: Mapped[str | None] = mapped_column(String(2000))

    city: Mapped[str | None] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2))
    workplace: Mapped[Workplace] = mapped_column(string_enum(Workplace))
    # Country or region codes a remote job accepts applicants from (schema.org
    # applicantLocationRequirements); empty means anywhere.
    remote_regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    employment_type: Mapped[EmploymentType] = mapped_column(string_enum(EmploymentType))

    salary_min_cents: Mapped[int | None] = mapped_column(BigInteger)
    salary_max_cents: Mapped[int | None] = mapped_column(BigInteger)
    salary_currency: Mapped[str | None] = mapped_column(String(3))
    salary_period: Mapped[SalaryPeriod | None] = mapped_column(string_enum(SalaryPeriod))
    # The top of the range over a working year, so the minimum-salary filter compares like
    # with like whatever the period.
    annual_salary_cents: Mapped[int | None] = mapped_column(BigInteger)

    posted_at: Mapped[dt.datetime]
    valid_through: Mapped[dt.datetime | None]
    apply_url: Mapped[str] = mapped_column(String(2000))
    # Set when valid-through has passed (by the import's sweep); also derived in `is_open`.
    expired: Mapped[bool] = mapped_column(default=False)

    guide_id: Mapped[int | None] = mapped_column(
        ForeignKey("career_guides.id", ondelete="SET NULL"), index=True
    )
    # When we first stored the posting: job alerts ask what arrived since their last run.
    received_at: Mapped[dt.datetime] = mapped_column(default=clock.now, index=True)
    # Every write sets it (the import, the admin's edits, expiry), so the newest one tells a
    # stored page whether anything changed (portal.jobs.page_state).
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.now, index=True)

    # Sanitised HTML to show, and its plain text for the full-text index and the cards. Last,
    # so the small columns the filters read come first in each row.
    description_html: Mapped[str] = mapped_column(Text)
    description_text: Mapped[str] = mapped_column(Text)
    # Filter values as index tokens (portal.jobs.facets), indexed with the text.
    search_facets: Mapped[str] = mapped_column(Text, default="")

    guide: Mapped[Guide | None] = relationship(lazy="raise")

    def is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or clock.now()
        return not self.expired and (self.valid_through is None or self.valid_through >= now)

    @property
    def location_label(self) -> str:
        parts = [part for part in (self.city, self.region) if part]
        if not parts and self.country:
            parts = [self.country]
        return ", ".join(parts)

    def __repr__(self) -> str:
        return f"<JobPosting {self.id} {self.source}:{self.external_id}>"


class ImportStatus(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


class JobImportRun(db.Model):
    """One run of `flask jobs import` (or the seeder): what it read and what it did."""

    __tablename__ = "job_import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_file: Mapped[str] = mapped_column(String(1000))
    status: Mapped[ImportStatus] = mapped_column(string_enum(ImportStatus))
    started_at: Mapped[dt.datetime] = mapped_column(default=clock.now, index=True)
    finished_at: Mapped[dt.datetime | None]
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    expired: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
    # [{"index": 3, "external_id": "...", "reason": "..."}], capped (see importing.MAX_KEPT).
    rejections: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
