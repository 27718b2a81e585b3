"""The open jobs of a career guide, as the jobs domain gives them to the careers plugin (its
`OpenJobsProvider`): the guide page lists them, and its stored page checks them for free."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from portal.jobs.search import JobQuery, SearchPage, Sort, newest_open_fingerprint, search_jobs


class GuideOpenJobs:
    """One search query per guide page, through THE search function."""

    template = "jobs/_guide_jobs.html"

    def for_guide(self, slug: str, limit: int) -> SearchPage:
        return search_jobs(JobQuery(guide=slug, sort=Sort.DATE, per_page=limit), count=False)

    def fingerprint(self, limit: int) -> sa.ColumnElement[Any]:
        return newest_open_fingerprint(
            sa.bindparam("slug"), sa.bindparam("now", type_=sa.DateTime()), limit
        )
