"""A job search as the page's URL states it: what `search_jobs` takes. Apart from the search
itself, so the SQL builders (search_sql) can name it without importing the search."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from portal.jobs.models import EmploymentType, Workplace

PER_PAGE = 20
MAX_PER_PAGE = 100
# Counting stops here ("1,000+ jobs"), and pages stop at COUNT_CAP / per_page: nobody reads
# further, and deep pages would cost the database for nothing.
COUNT_CAP = 1000
POSTED_WITHIN_DAYS = (1, 7, 30)


class Sort(StrEnum):
    RELEVANCE = "relevance"
    DATE = "date"


@dataclass(frozen=True)
class JobQuery:
    """A search as the page's URL states it; every field is optional."""

    text: str = ""
    location: str = ""
    workplace: Workplace | None = None
    employment_type: EmploymentType | None = None
    min_salary: int | None = None  # whole currency units a year
    currency: str = "USD"  # the currency min_salary is in
    posted_within_days: int | None = None
    guide: str | None = None  # a career guide's slug
    # Only postings we stored after this moment (job alerts: "new since the last e-mail").
    received_after: dt.datetime | None = None
    sort: Sort | None = None  # None: relevance when there are words, else newest first
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def effective_sort(self) -> Sort:
        if self.sort is not None:
            return self.sort
        return Sort.RELEVANCE if self.text.strip() else Sort.DATE

    @property
    def last_page(self) -> int:
        return max(1, COUNT_CAP // self.per_page)

    def with_page(self, page: int) -> JobQuery:
        return replace(self, page=page)
