"""Alerts as a user manages them: create, edit, pause, delete, and when the next digest comes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask import current_app

from portal import clock
from portal.alerts import schedule
from portal.alerts.models import AlertDelivery, DeliveryStatus, Frequency, JobAlert
from portal.extensions import db

MAX_ALERTS_PER_USER = 50
DAILY = "job_alerts_daily"


class AlertError(Exception):
    """A request about alerts that cannot be met, in words for the person who made it."""


def effective_frequency(alert: JobAlert, user) -> Frequency:
    """Daily only while the plan includes daily alerts: after a downgrade a daily alert is sent
    weekly, and it is daily again after an upgrade, without anyone editing it."""
    daily_in_plan = alert.frequency == Frequency.DAILY and user.can(DAILY)
    return allowed_frequency(alert.frequency, daily_in_plan)


def allowed_frequency(stored: Frequency, daily_in_plan: bool) -> Frequency:
    """`effective_frequency` when the plan's answer is known already."""
    return Frequency.DAILY if stored == Frequency.DAILY and daily_in_plan else Frequency.WEEKLY


def daily_allowed(user_ids: set[int]) -> set[int]:
    """Which of these people's plans include daily alerts, asked of billing once for all of
    them (through the hook it registers, so alerts need not import billing)."""
    if not user_ids:
        return set()
    by_user_id = current_app.extensions.get("portal.entitlements_by_user_id")
    if by_user_id is None:  # without billing nobody's plan includes anything
        return set()
    return {user_id for user_id, granted in by_user_id(user_ids).items() if DAILY in granted}


def next_due(alert: JobAlert, user, frequency: Frequency | None = None) -> dt.datetime:
    frequency = frequency or effective_frequency(alert, user)
    return schedule.next_slot(alert.window_start, user.time_zone, frequency, alert.weekday)


def user_alerts(user_id: int) -> list[JobAlert]:
    return list(
        db.session.scalars(
            sa.select(JobAlert).where(JobAlert.user_id == user_id).order_by(JobAlert.id)
        )
    )


def get_alert(user_id: int, alert_id: int) -> JobAlert | None:
    alert = db.session.get(JobAlert, alert_id)
    return alert if alert is not None and alert.user_id == user_id else None


def default_frequency(user) -> Frequency:
    return Frequency.DAILY if user.can(DAILY) else Frequency.WEEKLY


def create_alert(
    user,
    name: str,
    query: dict[str, Any],
    frequency: Frequency | None = None,
    weekday: int = 0,
    now: dt.datetime | None = None,
) -> JobAlert:
    count = db.session.scalar(sa.select(sa.func.count()).where(JobAlert.user_id == user.id))
    if count >= MAX_ALERTS_PER_USER:
        raise AlertError(f"You have {count} alerts, the most one account may keep.")
    now = now or clock.now()
    frequency = frequency or default_frequency(user)
    if frequency == Frequency.DAILY and not user.can(DAILY):
        frequency = Frequency.WEEKLY
    alert = JobAlert(
        user_id=user.id,
        name=name.strip()[:100] or "My job alert",
        query={k: v for k, v in query.items() if v not in (None, "")},
        frequency=frequency,
        weekday=weekday,
        created_at=now,
        window_start=now,
    )
    alert.next_due_at = next_due(alert, user, frequency)
    db.session.add(alert)
    db.session.commit()
    return alert


def update_alert(alert: JobAlert, user, name: str, frequency: Frequency, weekday: int) -> None:
    if frequency == Frequency.DAILY and not user.can(DAILY):
        raise AlertError("Daily alerts come with Plus; on Free, alerts are weekly.")
    alert.name = name.strip()[:100] or alert.name
    alert.frequency = frequency
    alert.weekday = weekday
    alert.next_due_at = next_due(alert, user, frequency)
    db.session.commit()


def set_paused(alert: JobAlert, user, paused: bool) -> None:
    alert.paused = paused
    if not paused:
        # Resuming starts a fresh window: what arrived while paused is not mailed in one heap.
        alert.window_start = max(alert.window_start, clock.now())
        alert.next_due_at = next_due(alert, user, alert.frequency)
    db.session.commit()


def delete_alert(alert: JobAlert) -> None:
    db.session.delete(alert)
    db.session.commit()


def delete_user_alerts(_app, user, **_extra) -> None:
    """`account_deleting` receiver: the alerts go with the account, in its transaction."""
    db.session.execute(sa.delete(JobAlert).where(JobAlert.user_id == user.id))


def export_data(user) -> list[dict[str, Any]]:
    return [
        {
            "name": alert.name,
            "search": alert.query,
            "frequency": alert.frequency.value,
            "weekday": schedule.WEEKDAYS[alert.weekday],
            "paused": alert.paused,
            "created_at": alert.created_at.isoformat() + "Z",
        }
        for alert in user_alerts(user.id)
    ]


def alert_count(user_id: int) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(JobAlert).where(JobAlert.user_id == user_id)
        )
        or 0
    )


def digests_sent_since(since: dt.datetime) -> int:
    """Digests handed to the mail server since `since` (naive UTC, as stored)."""
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AlertDelivery)
            .where(AlertDelivery.status == DeliveryStatus.SENT, AlertDelivery.sent_at >= since)
        )
        or 0
    )


def digests_sent_last_7_days() -> int:
    return digests_sent_since(clock.now() - dt.timedelta(days=7))
