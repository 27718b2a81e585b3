"""The applications tracker: recording an apply, listing and editing a person's applications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, load_only

from portal import clock
from portal.extensions import db
from portal.jobs.models import JobPosting
from portal.tracker.models import Application, ApplicationStatus

# Applying again keeps a stage the person reached after applying.
KEPT_ON_REAPPLY = {ApplicationStatus.INTERVIEWING, ApplicationStatus.OFFER}

# What a tracker row shows of its posting (not the description).
POSTING_COLUMNS = (
    JobPosting.title,
    JobPosting.company_name,
    JobPosting.city,
    JobPosting.region,
    JobPosting.country,
    JobPosting.apply_url,
    JobPosting.expired,
    JobPosting.valid_through,
)


def record_apply(user_id: int, posting: JobPosting) -> Application:
    """Put the posting in the person's tracker as applied today; applying again updates the
    date of the one entry rather than adding another."""
    application = db.session.scalar(
        sa.select(Application).where(
            Application.user_id == user_id, Application.posting_id == posting.id
        )
    )
    now = clock.now()
    if application is None:
        application = Application(
            user_id=user_id, posting_id=posting.id, status=ApplicationStatus.APPLIED, notes=""
        )
        db.session.add(application)
    elif application.status not in KEPT_ON_REAPPLY:
        application.status = ApplicationStatus.APPLIED
    application.applied_at = now
    application.updated_at = now
    db.session.commit()
    return application


def get_application(user_id: int, application_id: int) -> Application | None:
    """The person's own application with its posting; someone else's is None (a 404)."""
    return db.session.scalar(
        _with_posting(sa.select(Application)).where(
            Application.id == application_id, Application.user_id == user_id
        )
    )


def application_for_posting(user_id: int, posting_id: int) -> Application | None:
    return db.session.scalar(
        sa.select(Application).where(
            Application.user_id == user_id, Application.posting_id == posting_id
        )
    )


@dataclass(frozen=True)
class Tracker:
    applications: list[Application]
    counts: dict[ApplicationStatus, int]
    status: ApplicationStatus | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def tracker(user_id: int, status: ApplicationStatus | None = None) -> Tracker:
    """The person's applications (of one status, if given), newest first, with how many of
    each status they have: two queries whatever the number."""
    query = _with_posting(sa.select(Application)).where(Application.user_id == user_id)
    if status is not None:
        query = query.where(Application.status == status)
    query = query.order_by(Application.applied_at.desc(), Application.id.desc())
    applications = list(db.session.scalars(query))
    counts = dict.fromkeys(ApplicationStatus, 0)
    rows = db.session.execute(
        sa.select(Application.status, sa.func.count())
        .where(Application.user_id == user_id)
        .group_by(Application.status)
    )
    for row_status, count in rows:
        counts[ApplicationStatus(row_status)] = count
    return Tracker(applications, counts, status)


def add_outside_application(
    user_id: int,
    *,
    title: str,
    company: str,
    url: str | None,
    applied_on: dt.date,
    status: ApplicationStatus,
) -> Application:
    """Track a job applied to elsewhere: there is no posting of ours, only what was typed."""
    now = clock.now()
    application = Application(
        user_id=user_id,
        posting_id=None,
        outside_title=title,
        outside_company=company,
        outside_url=url or None,
        status=status,
        # The day the person gives, at midnight (as a day is all they tell us).
        applied_at=dt.datetime.combine(applied_on, dt.time()),
        notes="",
        updated_at=now,
    )
    db.session.add(application)
    db.session.commit()
    return application


def remove_application(application: Application) -> None:
    db.session.delete(application)
    db.session.commit()


def update_application(
    application: Application,
    *,
    status: ApplicationStatus,
    notes: str,
    next_step_on: dt.date | None,
) -> None:
    application.status = status
    application.notes = notes
    application.next_step_on = next_step_on
    application.updated_at = clock.now()
    db.session.commit()


def add_application(
    user_id: int,
    posting: JobPosting,
    *,
    status: ApplicationStatus,
    notes: str,
    next_step_on: dt.date | None,
) -> Application | None:
    """Put a posting in the tracker with the given stage (the API's create); None when it is in
    the tracker already, which is then left as it was."""
    if application_for_posting(user_id, posting.id) is not None:
        return None
    now = clock.now()
    application = Application(
        user_id=user_id,
        posting_id=posting.id,
        status=status,
        notes=notes,
        next_step_on=next_step_on,
        applied_at=now,
        updated_at=now,
    )
    db.session.add(application)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # the same job added by a request running alongside
        db.session.rollback()
        return None
    return get_application(user_id, application.id)


def delete_application(application: Application) -> None:
    """Take the job out of the tracker (its bookmark, if any, stays)."""
    db.session.delete(application)
    db.session.commit()


def export_applications(user) -> list[dict[str, Any]]:
    """The account's applications for its data export."""
    return [
        {
            "job_id": application.posting_id,
            "job_title": application.job_title,
            "company": application.company,
            "link": application.outside_url,
            "status": str(application.status),
            "applied_at": application.applied_at,
            "next_step_on": application.next_step_on,
            "notes": application.notes,
        }
        for application in tracker(user.id).applications
    ]


def _with_posting(query: sa.Select) -> sa.Select:
    # populate_existing: an application already in the session still gets its posting loaded.
    # An outer join: a job applied to elsewhere has no posting.
    return (
        query.outerjoin(Application.posting)
        .execution_options(populate_existing=True)
        .options(
            contains_eager(Application.posting).options(
                load_only(JobPosting.id, *POSTING_COLUMNS, raiseload=True)
            )
        )
    )


def application_count(user_id: int) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Application)
            .where(Application.user_id == user_id)
        )
        or 0
    )
