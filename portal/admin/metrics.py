"""The dashboard's figures: counts now and weekly series, each read in one statement whatever
the amount of data (a scalar subquery per figure), on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from portal import clock
from portal.accounts.models import User
from portal.admin import METRICS_KEY
from portal.billing.models import Subscription, SubscriptionStatus
from portal.extensions import db
from portal.jobs.models import JobImportRun, JobPosting

# Paying (or about to be asked to): what counts as a Plus subscriber and towards MRR.
PAYING = (SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING, SubscriptionStatus.PAST_DUE)
WEEKS = 12


@dataclass(frozen=True)
class Figures:
    users: int
    confirmed_users: int
    plus_subscribers: int
    mrr_cents: int
    churned_30_days: int
    churn_rate_percent: float
    jobs_imported: int
    open_postings: int


@dataclass(frozen=True)
class Series:
    label: str
    points: list[tuple[dt.date, float]]


def _count(model, *conditions) -> sa.ScalarSelect:
    return sa.select(sa.func.count()).select_from(model).where(*conditions).scalar_subquery()


def figures(now: dt.datetime | None = None) -> Figures:
    now = now or clock.now()
    month_ago = now - dt.timedelta(days=30)
    monthly_cents = sa.case(
        (Subscription.interval == "year", Subscription.amount_cents / 12),
        else_=Subscription.amount_cents,
    )
    row = db.session.execute(
        sa.select(
            _count(User),
            _count(User, User.email_confirmed_at.is_not(None)),
            sa.select(sa.func.count(sa.distinct(Subscription.user_id)))
            .where(Subscription.status.in_(PAYING))
            .scalar_subquery(),
            sa.select(sa.func.coalesce(sa.func.sum(monthly_cents), 0))
            .where(Subscription.status.in_(PAYING))
            .scalar_subquery(),
            _count(Subscription, Subscription.ended_at >= month_ago),
            # The base churn is measured against: everyone subscribed at some moment of the
            # 30 days (a month ago, or since). The churned are among them, so the rate is never
            # "1 (0.0%)" for someone who came and went within the month.
            _count(
                Subscription,
                Subscription.created_at <= now,
                sa.or_(Subscription.ended_at.is_(None), Subscription.ended_at >= month_ago),
            ),
            sa.select(sa.func.coalesce(sa.func.sum(JobImportRun.created), 0)).scalar_subquery(),
            _count(JobPosting, JobPosting.expired.is_(False)),
        )
    ).one()
    users, confirmed, plus, mrr, churned, base, imported, open_postings = row
    return Figures(
        users=users,
        confirmed_users=confirmed,
        plus_subscribers=plus,
        mrr_cents=int(mrr),
        churned_30_days=churned,
        churn_rate_percent=round(100 * churned / base, 1) if base else 0.0,
        jobs_imported=int(imported),
        open_postings=open_postings,
    )


def weekly_series(now: dt.datetime | None = None) -> list[Series]:
    """Users, subscribers and jobs imported at the end of each of the last WEEKS weeks."""
    now = now or clock.now()
    ends = [now - dt.timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]
    columns = []
    for end in ends:
        columns.append(_count(User, User.created_at <= end))
        columns.append(
            _count(
                Subscription,
                Subscription.created_at <= end,
                sa.or_(Subscription.ended_at.is_(None), Subscription.ended_at > end),
            )
        )
        columns.append(
            sa.select(sa.func.coalesce(sa.func.sum(JobImportRun.created), 0))
            .where(
                JobImportRun.started_at > end - dt.timedelta(weeks=1),
                JobImportRun.started_at <= end,
            )
            .scalar_subquery()
        )
    row = db.session.execute(sa.select(*columns)).one()
    days = [end.date() for end in ends]
    return [
        Series("Users", [(day, row[3 * i]) for i, day in enumerate(days)]),
        Series("Plus subscribers", [(day, row[3 * i + 1]) for i, day in enumerate(days)]),
        Series(
            "Jobs imported per week", [(day, int(row[3 * i + 2])) for i, day in enumerate(days)]
        ),
    ]


def other_metrics() -> dict[str, int | str]:
    """Figures other domains registered (see portal.admin.register_metric)."""
    return {label: compute() for label, compute in current_app.extensions[METRICS_KEY].items()}
