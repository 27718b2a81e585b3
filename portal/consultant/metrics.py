"""The admin dashboard's figures for the consultant service (registered by portal/admin).

First-response times are in business hours (the promise is in business hours too), over the
conversations started in the last 30 days that have had their first answer.
"""

from __future__ import annotations

import datetime as dt
import math

import sqlalchemy as sa

from portal import clock
from portal.consultant import roster
from portal.consultant.conversations import business_hours
from portal.consultant.models import Call, CallStatus, Conversation
from portal.extensions import db

WINDOW = dt.timedelta(days=30)


def percentile(values: list[float], fraction: float) -> float | None:
    """The nearest-rank percentile (`fraction` of 1): a value that occurred, never one between."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def first_response_hours(now: dt.datetime | None = None) -> list[float]:
    now = now or clock.now()
    rows = db.session.execute(
        sa.select(Conversation.created_at, Conversation.first_answered_at).where(
            Conversation.created_at >= now - WINDOW, Conversation.first_answered_at.is_not(None)
        )
    ).all()
    hours = business_hours()
    return [hours.hours_between(start, answered) for start, answered in rows]


def _hours(value: float | None) -> str:
    return "none answered yet" if value is None else f"{value:.1f} business hours"


def median_first_response() -> str:
    return _hours(percentile(first_response_hours(), 0.5))


def p90_first_response() -> str:
    return _hours(percentile(first_response_hours(), 0.9))


def overdue_now() -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count()).where(Conversation.next_answer_due < clock.now())
        )
        or 0
    )


def calls_held_and_cancelled() -> str:
    now = clock.now()
    since = now - WINDOW
    held, cancelled = db.session.execute(
        sa.select(
            sa.select(sa.func.count())
            .where(Call.status == CallStatus.BOOKED, Call.ends_at <= now, Call.ends_at > since)
            .scalar_subquery(),
            sa.select(sa.func.count())
            .where(Call.status == CallStatus.CANCELLED, Call.cancelled_at > since)
            .scalar_subquery(),
        )
    ).one()
    return f"{held} held, {cancelled} cancelled"


def members_per_consultant() -> str:
    rows = roster.members_per_consultant()
    if not rows:
        return "no consultants"
    return ", ".join(f"{name}: {members}/{capacity}" for name, members, capacity in rows)


FIGURES = {
    "Consultant first answer, median (30 days)": median_first_response,
    "Consultant first answer, 90th percentile (30 days)": p90_first_response,
    "Consultant conversations overdue now": overdue_now,
    "Consultant calls, last 30 days": calls_held_and_cancelled,
    "Members per consultant": members_per_consultant,
}
