"""Sending the digests that are due: claim each (alert, window) before sending, mark it after.

Each delivery row moves claimed -> sent | empty | failed, and the unique key on (alert,
window end) means a window is claimed by one run only. A run that dies leaves at most the
message it was sending claimed; the next run after ALERTS_CLAIM_SECONDS takes such a claim
over (a message accepted by the server in the instant before the crash could then go twice:
the one duplicate an SMTP client cannot rule out). A refused recipient is marked failed and
tried again next run, because its alert's window does not move on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.alerts import schedule
from portal.alerts.matching import MatchCache, Matches
from portal.alerts.models import AlertDelivery, DeliveryStatus, Frequency, JobAlert
from portal.alerts.services import effective_frequency
from portal.alerts.tokens import unsubscribe_token
from portal.billing.services import forget_memberships
from portal.careers.models import utcnow
from portal.extensions import db
from portal.mail import MailError, absolute_url, mail_connection, send_email

BATCH_SIZE = 500


class Outcome(StrEnum):
    SENT = "sent"
    EMPTY = "empty"
    FAILED = "failed"
    SKIPPED = "skipped"  # delivered by an earlier run, or being sent by another one
    NOT_DUE = "not-due"  # the plan or time zone put the real send time later


@dataclass
class Summary:
    due: int = 0
    sent: int = 0
    empty: int = 0
    failed: int = 0
    skipped: int = 0
    lines: list[str] = field(default_factory=list)  # what --dry-run would send

    def count(self, outcome: Outcome) -> None:
        if outcome is Outcome.NOT_DUE:
            return
        if outcome is not Outcome.SKIPPED:
            self.due += 1
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)

    def add(self, other: Summary | dict) -> None:
        other = other if isinstance(other, dict) else asdict(other)
        for name in ("due", "sent", "empty", "failed", "skipped"):
            setattr(self, name, getattr(self, name) + other[name])
        self.lines.extend(other["lines"])

    def line(self) -> str:
        return f"due {self.due}, sent {self.sent}, empty {self.empty}, failed {self.failed}"


@dataclass(frozen=True)
class DueAlert:
    """What sending needs of an alert and its owner, read once: commits then expire nothing."""

    id: int
    name: str
    query: dict
    weekday: int
    stored_frequency: Frequency
    frequency: Frequency  # as the plan allows today
    window_start: dt.datetime
    user_id: int
    email: str
    user_name: str
    time_zone: str


def _eligible() -> list[sa.ColumnElement[bool]]:
    return [
        JobAlert.paused == sa.false(),
        User.is_active == sa.true(),
        User.email_confirmed_at.is_not(None),
    ]


def count_candidates(now: dt.datetime) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(JobAlert)
        .join(User, User.id == JobAlert.user_id)
        .where(JobAlert.next_due_at <= now, *_eligible())
    )


def candidate_batches(now: dt.datetime, size: int = BATCH_SIZE) -> Iterator[list[int]]:
    """Ids of the alerts that may be due, a batch at a time (keyset pages, so memory stays flat
    and alerts handled meanwhile drop out of later pages)."""
    last = 0
    while True:
        ids = list(
            db.session.scalars(
                sa.select(JobAlert.id)
                .join(User, User.id == JobAlert.user_id)
                .where(JobAlert.next_due_at <= now, JobAlert.id > last, *_eligible())
                .order_by(JobAlert.id)
                .limit(size)
            )
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


def load_due(alert_ids: list[int], now: dt.datetime) -> list[DueAlert]:
    forget_memberships()
    rows = db.session.execute(
        sa.select(JobAlert, User)
        .join(User, User.id == JobAlert.user_id)
        .where(JobAlert.id.in_(alert_ids), JobAlert.next_due_at <= now, *_eligible())
        .order_by(JobAlert.id)
    ).all()
    due = [
        DueAlert(
            id=alert.id,
            name=alert.name,
            query=dict(alert.query or {}),
            weekday=alert.weekday,
            stored_frequency=alert.frequency,
            frequency=effective_frequency(alert, user),
            window_start=alert.window_start,
            user_id=user.id,
            email=user.email,
            user_name=user.name,
            time_zone=user.time_zone,
        )
        for alert, user in rows
    ]
    db.session.expunge_all()
    forget_memberships()
    # End the read transaction: on SQLite a transaction that read and then writes fails at
    # once ("database is locked") if another process wrote in between; a fresh one waits.
    db.session.commit()
    return due


def send_batch(
    alert_ids: list[int],
    now: dt.datetime,
    *,
    dry_run: bool = False,
    cache: MatchCache | None = None,
) -> Summary:
    """Deliver what is due among `alert_ids` over one mail connection (a Celery task's unit)."""
    summary = Summary()
    cache = cache or MatchCache()
    due = load_due(alert_ids, now)
    with mail_connection() as connection:
        for alert in due:
            summary.count(_deliver(alert, now, connection, cache, dry_run, summary))
    db.session.expunge_all()
    return summary


def _deliver(
    alert: DueAlert, now, connection, cache: MatchCache, dry_run: bool, summary
) -> Outcome:
    window_end = schedule.latest_slot(now, alert.time_zone, alert.frequency, alert.weekday)
    if window_end <= alert.window_start:
        _set_next_due(alert, alert.window_start)
        return Outcome.NOT_DUE
    matches = cache.get(alert.query, alert.window_start, window_end, now)
    if dry_run:
        what = f"{matches.total} new jobs" if matches.total else "nothing new"
        summary.lines.append(f"{alert.email}: {alert.name!r}: {what}")
        return Outcome.SENT if matches.total else Outcome.EMPTY
    db.session.commit()  # the match query's read transaction ends before the claim writes
    delivery_id = _claim(alert, window_end)
    if delivery_id is None:
        return Outcome.SKIPPED
    if delivery_id < 0:  # delivered before; the alert was not moved on (a crash in between)
        _advance(alert, window_end)
        db.session.commit()
        return Outcome.SKIPPED
    if not matches.total:
        _finish(delivery_id, DeliveryStatus.EMPTY)
        _advance(alert, window_end)
        db.session.commit()
        return Outcome.EMPTY
    try:
        message_id = _send_digest(alert, matches, connection)
    except MailError as error:
        _finish(delivery_id, DeliveryStatus.FAILED, error=str(error)[:500])
        db.session.commit()
        current_app.logger.warning("Digest for alert %s failed: %s", alert.id, error)
        return Outcome.FAILED
    _finish(delivery_id, DeliveryStatus.SENT, message_id=message_id, job_count=matches.total)
    _advance(alert, window_end)
    db.session.commit()
    return Outcome.SENT


def _claim(alert: DueAlert, window_end: dt.datetime) -> int | None:
    """The delivery's id once this run holds it; -id when it was delivered already; None when
    another run holds it."""
    wall = utcnow()
    try:
        with db.session.begin_nested():
            delivery_id = db.session.scalar(
                sa.insert(AlertDelivery)
                .values(
                    alert_id=alert.id,
                    window_start=alert.window_start,
                    window_end=window_end,
                    status=DeliveryStatus.CLAIMED,
                    claimed_at=wall,
                    attempts=1,
                    job_count=0,
                )
                .returning(AlertDelivery.id)
            )
        db.session.commit()
        return delivery_id
    except IntegrityError:
        pass
    row = db.session.execute(
        sa.select(AlertDelivery.id, AlertDelivery.status, AlertDelivery.claimed_at).where(
            AlertDelivery.alert_id == alert.id, AlertDelivery.window_end == window_end
        )
    ).one()
    if row.status in (DeliveryStatus.SENT, DeliveryStatus.EMPTY):
        return -row.id
    lease = dt.timedelta(seconds=current_app.config.get("ALERTS_CLAIM_SECONDS", 300))
    if row.status == DeliveryStatus.CLAIMED and row.claimed_at > wall - lease:
        db.session.rollback()
        return None
    # Take the failed or abandoned claim over, unless another run just did.
    taken = db.session.execute(
        sa.update(AlertDelivery)
        .where(AlertDelivery.id == row.id, AlertDelivery.claimed_at == row.claimed_at)
        .values(
            status=DeliveryStatus.CLAIMED,
            claimed_at=wall,
            attempts=AlertDelivery.attempts + 1,
            window_start=alert.window_start,
        )
    )
    db.session.commit()
    return row.id if taken.rowcount == 1 else None


def _finish(delivery_id: int, status: DeliveryStatus, **values) -> None:
    if status == DeliveryStatus.SENT:
        values["sent_at"] = utcnow()
    db.session.execute(
        sa.update(AlertDelivery)
        .where(AlertDelivery.id == delivery_id)
        .values(status=status, **values)
    )


def _advance(alert: DueAlert, window_end: dt.datetime) -> None:
    """The next digest starts where this one ended."""
    db.session.execute(
        sa.update(JobAlert).where(JobAlert.id == alert.id).values(window_start=window_end)
    )
    _set_next_due(alert, window_end, commit=False)


def _set_next_due(alert: DueAlert, after: dt.datetime, *, commit: bool = True) -> None:
    # The stored frequency: never later than the real send time, so the hint never hides an
    # alert that is due (daily is at least as soon as weekly).
    hint = schedule.next_slot(after, alert.time_zone, alert.stored_frequency, alert.weekday)
    db.session.execute(sa.update(JobAlert).where(JobAlert.id == alert.id).values(next_due_at=hint))
    if commit:
        db.session.commit()


def _send_digest(alert: DueAlert, matches: Matches, connection) -> str:
    unsubscribe_url = absolute_url(
        "alerts.unsubscribe", token=unsubscribe_token(alert.id, alert.user_id)
    )
    return send_email(
        alert.email,
        "job_digest",
        connection=connection,
        extra_headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        alert=alert,
        matches=matches,
        manage_url=absolute_url("alerts.index"),
        unsubscribe_url=unsubscribe_url,
    )


ProgressCallback = Callable[[int], None]


def send_due(
    now: dt.datetime,
    *,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    batch_size: int = BATCH_SIZE,
) -> Summary:
    """Every due alert, in batches: to Celery workers when a broker is configured (and this is
    not a dry run), else in this process."""
    summary = Summary()
    if current_app.config.get("CELERY_BROKER_URL") and not dry_run:
        from portal.tasks import enqueue_batches

        return enqueue_batches(candidate_batches(now, batch_size), now, progress)
    cache = MatchCache()
    for ids in candidate_batches(now, batch_size):
        summary.add(send_batch(ids, now, dry_run=dry_run, cache=cache))
        if progress:
            progress(len(ids))
    return summary
