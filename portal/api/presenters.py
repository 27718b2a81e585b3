"""Postings and the rest as the API's JSON, named as job-board clients read them (Jobicy's public
API: `jobTitle`, `companyName`, `jobGeo`, `annualSalaryMin`, ...), with ours beside them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from portal.jobs.models import JobPosting, Workplace
from portal.jobs.presenters import posting_slug
from portal.urls import absolute_url

EXCERPT_CHARS = 240


def job_url(posting: JobPosting) -> str:
    return absolute_url("jobs.posting", posting_id=posting.id, slug=posting_slug(posting))


def job_geo(posting: JobPosting) -> str:
    """The place; a remote job without one says which regions it takes applicants from."""
    if posting.location_label:
        return posting.location_label
    if posting.workplace == Workplace.REMOTE:
        return ", ".join(posting.remote_regions or []) or "Anywhere"
    return ""


def _annual(cents: int | None, posting: JobPosting) -> int | None:
    if cents is None or posting.salary_period is None:
        return None
    return round(cents * posting.salary_period.per_year / 100)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"


def job(posting: JobPosting, now: dt.datetime, *, career: dict[str, str] | None = None) -> dict:
    """A posting for lists. `career` is its guide ({slug, title}), when the caller knows it."""
    return {
        "id": posting.id,
        "url": job_url(posting),
        "jobSlug": posting_slug(posting),
        "jobTitle": posting.title,
        "companyName": posting.company_name,
        "jobGeo": job_geo(posting),
        "jobType": [posting.employment_type.value],
        "jobLevel": None,
        "jobIndustry": [career["title"]] if career else [],
        "workplace": posting.workplace.value,
        "location": {"city": posting.city, "region": posting.region, "country": posting.country},
        "remoteRegions": list(posting.remote_regions or []),
        "jobExcerpt": _excerpt(posting.description_text),
        "pubDate": posting.posted_at,
        "validThrough": posting.valid_through,
        "isOpen": posting.is_open(now),
        "annualSalaryMin": _annual(posting.salary_min_cents, posting),
        "annualSalaryMax": _annual(posting.salary_max_cents, posting),
        "salaryCurrency": posting.salary_currency,
        "salaryPeriod": posting.salary_period.value if posting.salary_period else None,
        "career": career,
    }


def job_detail(posting: JobPosting, now: dt.datetime) -> dict:
    guide = posting.guide
    career = {"slug": guide.slug, "title": guide.title} if guide and guide.published else None
    return job(posting, now, career=career) | {
        "companyWebsite": posting.company_website,
        "applyUrl": posting.apply_url,
        "jobDescription": posting.description_html,
    }


def job_brief(posting: JobPosting, now: dt.datetime) -> dict:
    """What a bookmark or an application shows of its posting (the tracker loads these columns
    only: the place, not the remote regions)."""
    return {
        "id": posting.id,
        "url": job_url(posting),
        "jobTitle": posting.title,
        "companyName": posting.company_name,
        "jobGeo": posting.location_label,
        "isOpen": posting.is_open(now),
    }


def page_links(endpoint: str, args: dict[str, Any], page: int, per_page: int, total: int) -> dict:
    has_next = page * per_page < total
    next_url = (
        absolute_url(endpoint, **args, page=page + 1, per_page=per_page) if has_next else None
    )
    return {"total": total, "page": page, "perPage": per_page, "next": next_url}
