"""Moderating job postings and reading the import runs. Writes go through the ORM so the
jobs domain's full-text index (kept by triggers on SQLite, a generated column on PostgreSQL)
follows each change."""

from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.jobs.models import JobImportRun, JobPosting

LIMIT = 50


def search(text: str) -> list[JobPosting]:
    query = sa.select(JobPosting).order_by(JobPosting.received_at.desc()).limit(LIMIT)
    text = text.strip()
    if text.isdigit():
        return [posting for posting in [db.session.get(JobPosting, int(text))] if posting]
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            sa.or_(
                JobPosting.title.ilike(pattern, escape="\\"),
                JobPosting.company_name.ilike(pattern, escape="\\"),
            )
        )
    return list(db.session.scalars(query))


def snapshot(posting: JobPosting) -> dict:
    return {
        "title": posting.title,
        "company_name": posting.company_name,
        "apply_url": posting.apply_url,
        "valid_through": posting.valid_through.isoformat() if posting.valid_through else None,
        "expired": posting.expired,
    }


def import_runs(limit: int = 50) -> list[JobImportRun]:
    return list(
        db.session.scalars(sa.select(JobImportRun).order_by(JobImportRun.id.desc()).limit(limit))
    )
