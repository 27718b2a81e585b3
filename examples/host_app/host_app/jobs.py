"""Our own jobs, offered to the careers plugin for its guide pages (its OpenJobsProvider)."""

from __future__ import annotations

from sqlalchemy import select

from host_app import db
from host_app.models import JobAd


class HostOpenJobs:
    template = "host/_guide_jobs.html"

    def for_guide(self, slug: str, limit: int) -> list[JobAd]:
        statement = (
            select(JobAd).where(JobAd.career == slug).order_by(JobAd.posted_at.desc()).limit(limit)
        )
        return list(db.session.scalars(statement))

    def fingerprint(self, limit: int):
        # None: a guide page with our jobs is rendered for each visit (nothing stored).
        return None
