"""Feed records and postings for tests, imported through the real import service."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.jobs.importing import ImportReport, import_records
from portal.jobs.models import JobPosting

_numbers = itertools.count(1)


def day(offset: int) -> str:
    """An ISO date `offset` days from today (negative: in the past)."""
    return (clock.now() + dt.timedelta(days=offset)).date().isoformat()


def record(**fields: Any) -> dict[str, Any]:
    """A valid JSON feed record; keyword arguments replace fields."""
    number = next(_numbers)
    base: dict[str, Any] = {
        "source": "test-feed",
        "external_id": f"test-{number}",
        "title": f"Care Coordinator {number}",
        "company": {"name": "Testing Health", "website": "https://testing-health.example.org"},
        "location": {"city": "Denver", "region": "CO", "country": "US"},
        "workplace": "on-site",
        "employment_type": "full-time",
        "salary": {"min": 20, "max": 25, "currency": "USD", "period": "hour"},
        "description": "Coordinate care for patients on a busy unit.",
        "posted_at": day(-1),
        "apply_url": f"https://testing-health.example.org/apply/{number}",
    }
    base.update(fields)
    return base


def import_postings(*records: dict[str, Any], **options: Any) -> ImportReport:
    return import_records(list(records), source_file="tests", **options)


def add_postings(*records: dict[str, Any]) -> list[JobPosting]:
    """Import the records and return their postings, in the order given."""
    report = import_postings(*records)
    assert report.rejected == 0, report.rejections
    ids = [r["external_id"] for r in records]
    postings = {
        p.external_id: p
        for p in db.session.scalars(select(JobPosting).where(JobPosting.external_id.in_(ids)))
    }
    return [postings[external_id] for external_id in ids]
