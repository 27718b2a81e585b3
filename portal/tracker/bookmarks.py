"""Bookmarks of jobs and career guides: set or clear one, ask which are set, list them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, load_only

from portal.careers.models import Guide
from portal.extensions import db
from portal.jobs.models import JobPosting
from portal.tracker.applications import POSTING_COLUMNS
from portal.tracker.models import GuideBookmark, JobBookmark


def set_job_bookmark(user_id: int, posting_id: int, on: bool) -> bool:
    """Bookmark the posting (or clear it); says whether it is bookmarked now. Setting what is
    already set changes nothing, so a form sent twice does not flip back."""
    return _set(JobBookmark, user_id, "posting_id", posting_id, on)


def set_guide_bookmark(user_id: int, guide_id: int, on: bool) -> bool:
    return _set(GuideBookmark, user_id, "guide_id", guide_id, on)


def _set(model, user_id: int, column: str, target_id: int, on: bool) -> bool:
    key = {"user_id": user_id, column: target_id}
    existing = db.session.get(model, key)
    if on and existing is None:
        db.session.add(model(**key))
    elif not on and existing is not None:
        db.session.delete(existing)
    db.session.commit()
    return on


def bookmarked_posting_ids(user_id: int, posting_ids: Iterable[int]) -> set[int]:
    """Which of these postings the person has bookmarked: one query for a page of results."""
    ids = list(posting_ids)
    if not ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(JobBookmark.posting_id).where(
                JobBookmark.user_id == user_id, JobBookmark.posting_id.in_(ids)
            )
        )
    )


@dataclass(frozen=True)
class PageBookmarks:
    guide: bool
    jobs: set[int]


def page_bookmarks(user_id: int, guide_id: int, posting_ids: Iterable[int]) -> PageBookmarks:
    """Whether the person bookmarked a guide and which of its listed jobs: one query for the
    whole guide page."""
    guide_rows = sa.select(sa.literal("guide").label("kind"), GuideBookmark.guide_id).where(
        GuideBookmark.user_id == user_id, GuideBookmark.guide_id == guide_id
    )
    ids = list(posting_ids)
    query = guide_rows
    if ids:
        job_rows = sa.select(sa.literal("job").label("kind"), JobBookmark.posting_id).where(
            JobBookmark.user_id == user_id, JobBookmark.posting_id.in_(ids)
        )
        query = sa.union_all(guide_rows, job_rows)
    rows = db.session.execute(query).all()
    return PageBookmarks(
        guide=any(kind == "guide" for kind, _ in rows),
        jobs={target for kind, target in rows if kind == "job"},
    )


def published_guide(slug: str) -> sa.Row | None:
    """(id, title) of the published guide with this slug, or None."""
    return db.session.execute(
        sa.select(Guide.id, Guide.title).where(Guide.slug == slug, Guide.published.is_(True))
    ).first()


def is_guide_bookmarked(user_id: int, guide_id: int) -> bool:
    return db.session.get(GuideBookmark, (user_id, guide_id)) is not None


@dataclass(frozen=True)
class Bookmarks:
    jobs: list[JobBookmark]
    guides: list[GuideBookmark]


def bookmarks(user_id: int) -> Bookmarks:
    """The person's bookmarks, newest first: two queries whatever their number."""
    jobs = db.session.scalars(
        sa.select(JobBookmark)
        .execution_options(populate_existing=True)
        .join(JobBookmark.posting)
        .options(
            contains_eager(JobBookmark.posting).options(
                load_only(JobPosting.id, *POSTING_COLUMNS, raiseload=True)
            )
        )
        .where(JobBookmark.user_id == user_id)
        .order_by(JobBookmark.created_at.desc(), JobBookmark.posting_id.desc())
    )
    guides = db.session.scalars(
        sa.select(GuideBookmark)
        .execution_options(populate_existing=True)
        .join(GuideBookmark.guide)
        .options(
            contains_eager(GuideBookmark.guide).options(
                load_only(Guide.id, Guide.slug, Guide.title, Guide.published, raiseload=True)
            )
        )
        .where(GuideBookmark.user_id == user_id)
        .order_by(GuideBookmark.created_at.desc(), GuideBookmark.guide_id.desc())
    )
    return Bookmarks(list(jobs), list(guides))


def export_bookmarks(user) -> dict[str, Any]:
    """The account's bookmarks for its data export."""
    kept = bookmarks(user.id)
    return {
        "jobs": [
            {
                "job_id": mark.posting_id,
                "job_title": mark.posting.title,
                "bookmarked_at": mark.created_at,
            }
            for mark in kept.jobs
        ],
        "guides": [
            {
                "guide": mark.guide.slug,
                "title": mark.guide.title,
                "bookmarked_at": mark.created_at,
            }
            for mark in kept.guides
        ],
    }


def bookmark_count(user_id: int) -> int:
    """How many jobs and guides a person has bookmarked, in one query."""
    jobs = sa.select(sa.func.count()).where(JobBookmark.user_id == user_id).scalar_subquery()
    guides = sa.select(sa.func.count()).where(GuideBookmark.user_id == user_id).scalar_subquery()
    return db.session.scalar(sa.select(jobs + guides)) or 0
