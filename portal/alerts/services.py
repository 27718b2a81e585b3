"""Alerts as a user manages them: create, edit, pause, delete, and when the next digest comes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask import current_app, url_for
from markupsafe import Markup

from portal import clock
from portal.accounts.models import User
from portal.alerts import schedule
from portal.alerts.models import AlertDelivery, DeliveryStatus, Frequency, JobAlert
from portal.extensions import db

MAX_ALERTS_PER_USER = 50
DAILY = "job_alerts_daily"
PLUS_ONLY = "Daily alerts come with Plus; on Free, alerts are weekly."


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


def guide_query(slug: str) -> dict[str, str]:
    """The search a guide page's one-click alert saves."""
    return {"guide": slug}


def guide_alert(user_id: int, slug: str) -> JobAlert | None:
    """The person's alert for new jobs of a guide, if they have one (one query)."""
    wanted = guide_query(slug)
    return next((alert for alert in user_alerts(user_id) if alert.query == wanted), None)


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
    can_daily = user.can(DAILY)
    frequency = frequency or default_frequency(user)
    if frequency == Frequency.DAILY and not can_daily:
        frequency = Frequency.WEEKLY
    alert = JobAlert(
        user_id=user.id,
        name=name.strip()[:100] or "My job alert",
        query={k: v for k, v in query.items() if v not in (None, "")},
        frequency=frequency,
        weekly_by_plan=not can_daily,
        weekday=weekday,
        created_at=now,
        window_start=now,
    )
    alert.next_due_at = next_due(alert, user, frequency)
    db.session.add(alert)
    db.session.commit()
    return alert


def update_alert(
    alert: JobAlert,
    user,
    name: str,
    frequency: Frequency,
    weekday: int,
    query: dict[str, Any] | None = None,
) -> None:
    """Save the edit form. On Free weekly is no choice (it is the only frequency), so saving it
    leaves the alert as daily or as weekly-by-plan as it was: an upgrade still makes it daily.
    A changed search keeps the window: the next digest has what arrived since the last one."""
    can_daily = user.can(DAILY)
    if frequency == Frequency.DAILY and not can_daily:
        raise AlertError(PLUS_ONLY)
    alert.name = name.strip()[:100] or alert.name
    if query is not None:
        alert.query = {k: v for k, v in query.items() if v not in (None, "")}
    if can_daily:
        alert.frequency = frequency
        alert.weekly_by_plan = False
    alert.weekday = weekday
    # The stored frequency, as the sender does: the hint is never later than a digest is due.
    alert.next_due_at = next_due(alert, user, alert.frequency)
    db.session.commit()


def upgrade_alerts(_app, user_id: int, **_extra) -> None:
    """`membership_changed` receiver: once the plan includes daily alerts, the alerts that were
    weekly only because of the plan become daily. In billing's transaction; billing commits."""
    if user_id not in daily_allowed({user_id}):
        return
    alerts = list(
        db.session.scalars(
            sa.select(JobAlert).where(JobAlert.user_id == user_id, JobAlert.weekly_by_plan)
        )
    )
    if not alerts:
        return
    time_zone = db.session.scalar(sa.select(User.time_zone).where(User.id == user_id))
    for alert in alerts:
        alert.frequency = Frequency.DAILY
        alert.weekly_by_plan = False
        alert.next_due_at = schedule.next_slot(
            alert.window_start, time_zone, Frequency.DAILY, alert.weekday
        )
    db.session.flush()


def upgrade_note(user) -> Markup | None:
    """For the welcome page after an upgrade: how often the person's alerts come now."""
    alerts = user_alerts(user.id)
    if not alerts:
        return None
    daily = [a.name for a in alerts if effective_frequency(a, user) == Frequency.DAILY]
    weekly = [a.name for a in alerts if effective_frequency(a, user) == Frequency.WEEKLY]
    parts = []
    if daily:
        parts.append(Markup("Your job alerts now come daily: {}.").format(_names(daily)))
    if weekly:
        verb = "stays" if len(weekly) == 1 else "stay"
        parts.append(Markup("{} {} weekly, as you chose.").format(_names(weekly), verb))
    link = Markup('<a href="{}">Change how often on the alerts page</a>.').format(
        url_for("alerts.index")
    )
    return Markup(" ").join([*parts, link])


def _names(names: list[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)


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
            "created_at": alert.created_at,
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
